"""Reads of communities, with what each page needs fetched in a fixed number of queries."""

from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

from .enums import PUBLIC_ROLES, JoinRequestStatus, MemberRole, MembershipStatus
from .models import (
    Attendance,
    CalendarFeed,
    Community,
    JoinRequest,
    Meeting,
    Membership,
    Output,
    Rsvp,
    legacy_feed_token_hash,
)


def communities_active() -> QuerySet[Community]:
    """Active communities with `next_meeting_start` and `member_count` annotated, topics prefetched."""
    now = timezone.now()
    next_meeting = (
        Meeting.objects.filter(community=OuterRef("pk"), cancelled=False, start__gte=now)
        .order_by("start")
        .values("start")[:1]
    )
    member_count = (
        Membership.objects.filter(community=OuterRef("pk"), status=MembershipStatus.APPROVED)
        .order_by()
        .values("community")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Community.objects.filter(is_active=True)
        .annotate(
            next_meeting_start=Subquery(next_meeting),
            member_count=Subquery(member_count, output_field=IntegerField()),
        )
        .prefetch_related("topics")
        .order_by("name")
    )


def community_role_counts(community: Community) -> list[tuple[str, int]]:
    """How many approved members hold each role: who takes part, without naming anyone."""
    rows = (
        Membership.objects.filter(community=community, status=MembershipStatus.APPROVED)
        .values("role")
        .annotate(total=Count("pk"))
        .order_by()
    )
    totals = Counter({row["role"]: row["total"] for row in rows})
    return [(label, totals[value]) for value, label in MemberRole.choices if totals[value]]


def community_public_people(community: Community) -> list[Membership]:
    """Facilitators and knowledge brokers who chose to be named, with their people profile if any."""
    return list(
        Membership.objects.filter(
            community=community, status=MembershipStatus.APPROVED, role__in=PUBLIC_ROLES, named_publicly=True
        )
        .select_related("user__profile")
        .order_by("role", "user__display_name")
    )


def meetings_of_community(community: Community) -> QuerySet[Meeting]:
    return Meeting.objects.filter(community=community).select_related("community").prefetch_related("papers")


def meetings_upcoming(community: Community, *, now: datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return meetings_of_community(community).filter(end__gte=now).order_by("start")


def meetings_past(community: Community, *, now: datetime | None = None, limit: int = 20) -> list[Meeting]:
    now = now or timezone.now()
    return list(meetings_of_community(community).filter(end__lt=now).order_by("-start")[:limit])


def meeting_with_counts(meeting_qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meeting_qs.select_related("community").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__answer="going"), distinct=True),
        maybe_count=Count("rsvps", filter=Q(rsvps__answer="maybe"), distinct=True),
        not_going_count=Count("rsvps", filter=Q(rsvps__answer="not_going"), distinct=True),
        attended_count=Count("attendances", distinct=True),
    )


def outputs_of_community(community: Community) -> QuerySet[Output]:
    return Output.objects.filter(community=community).order_by("-created_at")


def memberships_of_user(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("community").order_by("community__name")


def meetings_for_user(user, *, include_past: bool = True) -> QuerySet[Meeting]:
    """Meetings of every community the user is an approved member of, with the user's own RSVP."""
    meetings = Meeting.objects.filter(
        community__memberships__user=user,
        community__memberships__status=MembershipStatus.APPROVED,
        community__is_active=True,
    )
    if not include_past:
        meetings = meetings.filter(end__gte=timezone.now(), cancelled=False)
    return (
        meetings.select_related("community")
        .prefetch_related(Prefetch("rsvps", queryset=Rsvp.objects.filter(user=user), to_attr="my_rsvps"))
        .order_by("start")
    )


def memberships_for_management(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .select_related("user")
        .order_by("status", "role", "user__display_name")
    )


def memberships_on_date(community_id: int, moment: datetime) -> QuerySet[Membership]:
    """Who was a member at `moment`: approved by then (a membership made approved, with no date, counts
    from when it was made) and not ended (left or removed) by then. Someone who joined later is not."""
    return (
        Membership.objects.filter(community=community_id)
        .annotate(member_from=Coalesce("approved_at", "created_at"))
        .filter(member_from__lte=moment)
        .filter(
            Q(status=MembershipStatus.APPROVED, ended_at__isnull=True)
            | Q(approved_at__isnull=False, ended_at__gt=moment)
        )
    )


def memberships_for_attendance(meeting: Meeting) -> QuerySet[Membership]:
    """The people a facilitator may mark as having come: members on the day the meeting started, and
    anyone already recorded (so saving the form never drops them), with their accounts, by name."""
    on_the_day = memberships_on_date(meeting.community_id, meeting.start).values("pk")
    recorded = Attendance.objects.filter(meeting=meeting).values("user_id")
    return (
        Membership.objects.filter(community=meeting.community_id)
        .filter(Q(pk__in=on_the_day) | Q(user_id__in=recorded))
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def attendance_for_export(meeting: Meeting) -> list[tuple[Attendance, str]]:
    """Who came to a meeting, by name, each with their role in the community (two queries)."""
    attendances = list(
        Attendance.objects.filter(meeting=meeting).select_related("user").order_by("user__display_name", "pk")
    )
    roles = {
        membership.user_id: membership.get_role_display()
        for membership in Membership.objects.filter(
            community=meeting.community_id, user_id__in=[attendance.user_id for attendance in attendances]
        )
    }
    return [(attendance, roles.get(attendance.user_id, "")) for attendance in attendances]


def join_requests_pending(community: Community) -> QuerySet[JoinRequest]:
    """Requests from people without an account that wait for a decision, oldest first."""
    return JoinRequest.objects.filter(community=community, status=JoinRequestStatus.PENDING).order_by(
        "created_at"
    )


def join_requests_decided(community: Community, *, limit: int = 20) -> QuerySet[JoinRequest]:
    """The latest decisions, newest first, with who made them."""
    return (
        JoinRequest.objects.filter(community=community)
        .exclude(status=JoinRequestStatus.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:limit]
    )


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The active member's feed this token opens: the feed's current link (under SECRET_KEY or a key in
    SECRET_KEY_FALLBACKS, while keys are rotated), or a link handed out while tokens were stored."""
    feeds = CalendarFeed.objects.select_related("user").filter(user__is_active=True)
    number, _, _ = token.partition("-")
    try:
        feed = feeds.filter(pk=base36_to_int(number)).first()
    except ValueError:  # not a number in base 36, or longer than any id
        feed = None
    if feed is not None and any(
        constant_time_compare(token, feed.token_under(secret_key))
        for secret_key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ):
        return feed
    return feeds.filter(legacy_token_hash=legacy_feed_token_hash(token)).first()
