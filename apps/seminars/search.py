from django.utils import timezone
from django.utils.text import Truncator

from apps.core.contracts import SearchResult
from apps.core.text_search import words_match

from .models import Seminar


def search(query: str, limit: int) -> list[SearchResult]:
    matching = words_match(
        query,
        fields=[
            "title",
            "description",
            "summary",
            "series__name",
            "speakers__name",
            "speakers__profile__name",
        ],
        fuzzy_fields=["title", "speakers__name"],
    )
    if matching is None:
        return []
    matches = (
        Seminar.objects.filter(is_published=True).filter(matching).distinct().order_by("-starts_at")[:limit]
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
