"""What waits for staff in communities ("Waiting for you" on /staff/): requests to join. Staff who manage
communities (`communities.change_community`) decide them for every community; facilitators decide their
own on their manage pages, which are not part of the staff area."""

from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from apps.core.contracts import WaitingPlace, WaitingWork

from .enums import JoinRequestStatus, MembershipStatus
from .models import JoinRequest, Membership
from .permissions import is_staff_manager


def visitor_requests_waiting_by_community() -> list[dict]:
    """Requests from people without an account, waiting, per community (oldest first): one query."""
    return list(
        JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)
        .order_by()
        .values("community__slug", "community__name")
        .annotate(count=Count("pk"), oldest=Min("created_at"))
        .order_by("oldest", "community__name")
    )


def member_requests_waiting() -> dict:
    """Members with an account who asked to join a community: one query."""
    return (
        Membership.objects.filter(status=MembershipStatus.REQUESTED)
        .order_by()
        .aggregate(count=Count("pk"), oldest=Min("created_at"))
    )


def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def waiting_work(user, *, today) -> list[WaitingWork]:
    if not is_staff_manager(user):
        return []
    work = []
    per_community = visitor_requests_waiting_by_community()
    places = tuple(
        WaitingPlace(
            label=row["community__name"],
            count=row["count"],
            url=reverse("communities:join_requests", kwargs={"slug": row["community__slug"]}),
        )
        for row in per_community
    )
    # They are decided on each community's requests page; the admin list shows them all (read-only).
    if len(places) == 1:
        url, action = places[0].url, f"Decide them on the page of {places[0].label}"
    else:
        url = (
            f"{reverse('admin:communities_joinrequest_changelist')}?{urlencode({'status__exact': 'pending'})}"
        )
        action = "See them all"
    work.append(
        WaitingWork(
            kind="communities.visitor_requests",
            title="Requests to join a community from people without an account",
            count=sum(place.count for place in places),
            oldest=_day(per_community[0]["oldest"]) if per_community else None,
            url=url,
            action=action,
            places=places if len(places) > 1 else (),
        )
    )
    if user.has_perm("communities.change_membership"):
        found = member_requests_waiting()
        work.append(
            WaitingWork(
                kind="communities.member_requests",
                title="Members asking to join a community",
                count=found["count"],
                oldest=_day(found["oldest"]),
                url=(
                    f"{reverse('admin:communities_membership_changelist')}?"
                    f"{urlencode({'status__exact': MembershipStatus.REQUESTED})}"
                ),
                action="Approve or decline them",
            )
        )
    return work
