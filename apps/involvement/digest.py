"""New involvement opportunities for the email digest."""

from collections import defaultdict

from django.db.models import Q

from apps.core.contracts import DigestItem, news_between

from .enums import OpportunityStatus
from .models import MemberProfile, Membership, Opportunity

SECTION = "Opportunities to get involved"


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    """For each user: opportunities published in [since, until) that are open to one of their groups.

    Opportunities on a topic the member is interested in come first. Four queries for any batch.
    """
    user_ids = [user.pk for user in users]
    groups_by_user = defaultdict(set)
    for user_id, group_id in Membership.objects.filter(user_id__in=user_ids, is_active=True).values_list(
        "user_id", "group_id"
    ):
        groups_by_user[user_id].add(group_id)
    topics_by_user = defaultdict(set)
    for user_id, topic_id in MemberProfile.interests.through.objects.filter(
        memberprofile__user_id__in=user_ids
    ).values_list("memberprofile__user_id", "topic_id"):
        topics_by_user[user_id].add(topic_id)

    opportunities = list(
        Opportunity.objects.filter(
            news_between("published_at", since=since, until=until), status=OpportunityStatus.OPEN
        )
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=until))
        .prefetch_related("groups", "topics")
        .order_by("-published_at")
    )
    result: dict[int, list[DigestItem]] = {}
    for user_id in user_ids:
        items = []
        for opportunity in opportunities:
            if not {g.pk for g in opportunity.groups.all()} & groups_by_user[user_id]:
                continue
            matches = bool({t.pk for t in opportunity.topics.all()} & topics_by_user[user_id])
            items.append((not matches, opportunity))
        items.sort(key=lambda pair: pair[0])
        if items:
            result[user_id] = [
                DigestItem(
                    section=SECTION,
                    title=opportunity.title,
                    url=opportunity.get_absolute_url(),
                    summary=opportunity.summary[:200],
                    easy_read_summary=opportunity.easy_read_summary,
                    when=opportunity.starts_at,
                    published_at=opportunity.published_at,
                )
                for _, opportunity in items
            ]
    return result
