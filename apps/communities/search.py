from apps.core.contracts import SearchResult
from apps.core.text_search import words_match

from .models import Community


def search(query: str, limit: int) -> list[SearchResult]:
    matching = words_match(
        query, fields=["name", "focus", "purpose", "region"], fuzzy_fields=["name", "focus"]
    )
    if matching is None:
        return []
    communities = Community.objects.filter(is_active=True).filter(matching)
    return [
        SearchResult(
            kind="Communities of practice",
            title=community.name,
            url=community.get_absolute_url(),
            summary=community.focus,
        )
        for community in communities.order_by("name")[:limit]
    ]
