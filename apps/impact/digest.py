"""Impact log entries about a member's own work, for members who chose to hear in the digest."""

from collections import defaultdict

from django.db.models import Q

from apps.core.contracts import DigestItem, news_between

from .enums import EntryStatus, HearAbout
from .models import Contribution

SECTION = "What changed because of your advice"


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    """For each user: entries whose news about them became due in [since, until). One query per batch.

    A member's news is due once (Contribution.news_at is set once), so it is in one digest only.
    Members who asked for an email at once got it then, and those who asked for none get none here.
    """
    user_ids = [user.pk for user in users]
    contributions = (
        Contribution.objects.filter(
            news_between("news_at", since=since, until=until),
            user_id__in=user_ids,
            entry__status=EntryStatus.PUBLISHED,
        )
        .filter(
            Q(user__impact_preference__isnull=True) | Q(user__impact_preference__hear_about=HearAbout.DIGEST)
        )
        .select_related("entry")
        .order_by("-news_at", "pk")
    )
    result: dict[int, list[DigestItem]] = defaultdict(list)
    for contribution in contributions:
        entry = contribution.entry
        result[contribution.user_id].append(
            DigestItem(
                section=SECTION,
                title=entry.title,
                url=entry.get_absolute_url(),
                summary=f"We did: {entry.we_did[:180]}",
                published_at=contribution.news_at,
            )
        )
    return dict(result)
