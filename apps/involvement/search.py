from django.db.models import Q

from apps.core.contracts import SearchResult

from .selectors import groups_public


def search(query: str, limit: int) -> list[SearchResult]:
    """Our patient and public groups (opportunities are for members, so they are not searched)."""
    query = (query or "").strip()
    if not query:
        return []
    groups = groups_public().filter(
        Q(name__icontains=query) | Q(short_name__icontains=query) | Q(description__icontains=query)
    )[:limit]
    return [
        SearchResult(
            kind="Patient and public groups",
            title=group.name,
            url=group.get_absolute_url(),
            summary=group.description[:200],
        )
        for group in groups
    ]
