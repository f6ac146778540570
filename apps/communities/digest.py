"""What each user's digest says about their communities: meetings coming up and new outputs."""

from collections import defaultdict
from datetime import datetime, timedelta

from apps.core.contracts import DigestItem

from .enums import MembershipStatus
from .models import Meeting, Membership, Output

UPCOMING_WINDOW = timedelta(days=30)
MEETINGS_SECTION = "Meetings of your communities"
OUTPUTS_SECTION = "New from your communities"


def digest_items(*, users, since: datetime, until: datetime) -> dict[int, list[DigestItem]]:
    """For a batch of users, in three queries: meetings in the 30 days after `until`, new outputs."""
    users = list(users)
    communities_of = defaultdict(set)
    for user_id, community_id in Membership.objects.filter(
        user__in=[user.pk for user in users], status=MembershipStatus.APPROVED, community__is_active=True
    ).values_list("user_id", "community_id"):
        communities_of[user_id].add(community_id)
    community_ids = set().union(*communities_of.values()) if communities_of else set()

    meetings_by_community = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(
            community__in=community_ids, cancelled=False, start__gte=until, start__lt=until + UPCOMING_WINDOW
        )
        .select_related("community")
        .order_by("start")
    ):
        meetings_by_community[meeting.community_id].append(
            DigestItem(
                section=MEETINGS_SECTION,
                title=f"{meeting.title} ({meeting.community.name})",
                url=meeting.get_absolute_url(),
                summary=meeting.where,
                when=meeting.start,
                published_at=meeting.created_at,
            )
        )
    outputs_by_community = defaultdict(list)
    for output in (
        Output.objects.filter(community__in=community_ids, created_at__gte=since, created_at__lt=until)
        .select_related("community")
        .order_by("-created_at")
    ):
        outputs_by_community[output.community_id].append(
            DigestItem(
                section=OUTPUTS_SECTION,
                title=f"{output.title} ({output.community.name})",
                url=output.community.get_absolute_url(),
                summary=output.description[:280],
                published_at=output.created_at,
            )
        )

    items = {}
    for user in users:
        mine = []
        for community_id in sorted(communities_of.get(user.pk, ())):
            mine.extend(meetings_by_community[community_id])
            mine.extend(outputs_by_community[community_id])
        if mine:
            items[user.pk] = mine
    return items
