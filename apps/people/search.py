from django.db.models import Q

from apps.core.contracts import SearchResult

from .models import Profile


def search(query: str, limit: int) -> list[SearchResult]:
    query = (query or "").strip()
    if not query:
        return []
    profiles = (
        Profile.objects.filter(is_listed=True)
        .filter(
            Q(name__icontains=query)
            | Q(profession__icontains=query)
            | Q(biography__icontains=query)
            | Q(expertise__name__icontains=query)
        )
        .distinct()
        .order_by("name")[:limit]
    )
    return [
        SearchResult(
            kind="People", title=profile.name, url=profile.get_absolute_url(), summary=profile.profession
        )
        for profile in profiles
    ]
