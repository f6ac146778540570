from django.db.models import Q

from apps.core.contracts import SearchResult

from .models import Community


def search(query: str, limit: int) -> list[SearchResult]:
    words = query.split()[:8]
    if not words:
        return []
    communities = Community.objects.filter(is_active=True)
    for word in words:
        communities = communities.filter(
            Q(name__icontains=word)
            | Q(focus__icontains=word)
            | Q(purpose__icontains=word)
            | Q(region__icontains=word)
        )
    return [
        SearchResult(
            kind="Communities of practice",
            title=community.name,
            url=community.get_absolute_url(),
            summary=community.focus,
        )
        for community in communities.order_by("name")[:limit]
    ]
