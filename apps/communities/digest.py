"""What each user's digest says about their communities: meetings announced and outputs added.

The rule is `apps.core.contracts.is_news`: a meeting is news when it is announced (created), however
far ahead it is, as long as it has not happened by the digest's end.
"""

from collections import defaultdict
from datetime import datetime

from apps.core.contracts import DigestItem, news_between
from apps.core.enums import DeliveryMode

from .enums import MembershipStatus
from .models import Meeting, Membership, Output

MEETINGS_SECTION = "Meetings of your communities"
OUTPUTS_SECTION = "New from your communities"


def digest_items(*, users, since: datetime, until: datetime) -> dict[int, list[DigestItem]]:
    """For a batch of users, in three queries: meetings announced in [since, until) and still to come,
    outputs added in [since, until)."""
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
            news_between("created_at", since=since, until=until),
            community__in=community_ids,
            cancelled=False,
            start__gte=until,
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
                easy_read_summary=_easy_read_where(meeting),
                when=meeting.start,
                published_at=meeting.created_at,
            )
        )
    outputs_by_community = defaultdict(list)
    for output in (
        Output.objects.filter(
            news_between("created_at", since=since, until=until), community__in=community_ids
        )
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


def _easy_read_where(meeting) -> str:
    """Where a meeting is, in the easy-read digest's words."""
    if meeting.mode == DeliveryMode.ONLINE:
        return "You join it online."
    if meeting.mode == DeliveryMode.HYBRID:
        return f"The place is {meeting.venue}.\n\nYou can join online too."
    return f"The place is {meeting.venue}." if meeting.venue else ""
