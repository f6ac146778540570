from django.db.models import Q

from apps.core.contracts import SearchResult

from .selectors import entries_published

KIND = "You said, we did"


def search(query: str, limit: int) -> list[SearchResult]:
    """Published impact log entries whose words match every word of the query."""
    words = (query or "").split()[:8]
    if not words:
        return []
    entries = entries_published()
    for word in words:
        entries = entries.filter(
            Q(title__icontains=word) | Q(you_said__icontains=word) | Q(we_did__icontains=word)
        )
    return [
        SearchResult(kind=KIND, title=entry.title, url=entry.get_absolute_url(), summary=entry.we_did[:200])
        for entry in entries.prefetch_related(None)[:limit]
    ]
