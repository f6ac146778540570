"""Seminars for the email digest: every upcoming seminar in the next 60 days, new ones first."""

from datetime import timedelta

from apps.core.contracts import DigestItem

from .models import Seminar

SECTION = "Seminars and events"
LOOK_AHEAD = timedelta(days=60)


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    """The same public list for everyone in the batch (one query), newly announced seminars first."""
    users = list(users)
    if not users:
        return {}
    seminars = list(
        Seminar.objects.filter(
            is_published=True, cancelled=False, starts_at__gte=until, starts_at__lt=until + LOOK_AHEAD
        ).order_by("starts_at")
    )
    items = [
        DigestItem(
            section=SECTION,
            title=seminar.title,
            url=seminar.get_absolute_url(),
            summary=f"{seminar.get_mode_display()}{', ' + seminar.venue if seminar.venue else ''}",
            when=seminar.starts_at,
            published_at=seminar.created_at,
        )
        for seminar in seminars
    ]

    def is_new(item):
        return since <= item.published_at < until

    # Seminars announced since the last digest first, then the others; each group soonest first.
    items.sort(key=lambda item: (not is_new(item), item.when))
    return {user.pk: list(items) for user in users}
