from apps.core.contracts import SearchResult
from apps.core.text_search import words_match

from .models import Profile


def search(query: str, limit: int) -> list[SearchResult]:
    matching = words_match(
        query, fields=["name", "profession", "biography", "expertise__name"], fuzzy_fields=["name"]
    )
    if matching is None:
        return []
    profiles = Profile.objects.filter(is_listed=True).filter(matching).distinct().order_by("name")[:limit]
    return [
        SearchResult(
            kind="People", title=profile.name, url=profile.get_absolute_url(), summary=profile.profession
        )
        for profile in profiles
    ]
