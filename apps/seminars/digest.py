"""Seminars for the email digest: those announced since the last digest, soonest first.

The rule is `apps.core.contracts.is_news`: a seminar is news in the digest whose period holds its
announcement (when it first went public, `published_at`: a draft is news when it is published, not when it
was added), however far ahead it takes place; it is not listed again later.
"""

from apps.core.contracts import DigestItem, news_between

from .models import Seminar

SECTION = "Seminars and events"


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    """The same public list for everyone in the batch (one query): announced in [since, until), still
    to come at `until`."""
    users = list(users)
    if not users:
        return {}
    seminars = Seminar.objects.filter(
        news_between("published_at", since=since, until=until),
        is_published=True,
        cancelled=False,
        starts_at__gte=until,
    ).order_by("starts_at")
    items = [
        DigestItem(
            section=SECTION,
            title=seminar.title,
            url=seminar.get_absolute_url(),
            summary=f"{seminar.get_mode_display()}{', ' + seminar.venue if seminar.venue else ''}",
            when=seminar.starts_at,
            published_at=seminar.published_at,
        )
        for seminar in seminars
    ]
    return {user.pk: list(items) for user in users}
