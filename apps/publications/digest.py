"""New publications are news for everyone: every user in the batch gets the same items."""

from apps.core.contracts import DigestItem, news_between

from .models import Publication

SECTION = "New publications"


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    users = list(users)
    if not users:
        return {}
    publications = Publication.objects.filter(
        news_between("published_at", since=since, until=until), is_public=True
    ).order_by("-published_at", "-pk")
    items = [
        DigestItem(
            section=SECTION,
            title=publication.title,
            url=publication.get_absolute_url(),
            summary=(publication.plain_summary or f"{publication.get_type_display()}, {publication.year}")[
                :240
            ],
            published_at=publication.published_at,
        )
        for publication in publications
    ]
    return {user.pk: list(items) for user in users}
