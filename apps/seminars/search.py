from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

from apps.core.contracts import SearchResult

from .models import Seminar


def search(query: str, limit: int) -> list[SearchResult]:
    query = (query or "").strip()
    if not query:
        return []
    matches = (
        Seminar.objects.filter(is_published=True)
        .filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(summary__icontains=query)
            | Q(series__name__icontains=query)
            | Q(speakers__name__icontains=query)
            | Q(speakers__profile__name__icontains=query)
        )
        .distinct()
        .order_by("-starts_at")[:limit]
    )
    results = []
    for seminar in matches:
        when = timezone.localtime(seminar.starts_at)
        results.append(
            SearchResult(
                kind="Seminars",
                title=seminar.title,
                url=seminar.get_absolute_url(),
                summary=f"{when:%A} {when.day} {when:%B %Y}. {Truncator(seminar.description).words(25)}",
            )
        )
    return results
