from apps.core.contracts import SearchResult
from apps.core.text_search import words_match

from .selectors import entries_published

KIND = "You said, we did"


def search(query: str, limit: int) -> list[SearchResult]:
    """Published impact log entries whose words match every word of the query."""
    matching = words_match(query, fields=["title", "you_said", "we_did"])
    if matching is None:
        return []
    entries = entries_published().filter(matching)
    return [
        SearchResult(kind=KIND, title=entry.title, url=entry.get_absolute_url(), summary=entry.we_did[:200])
        for entry in entries.prefetch_related(None)[:limit]
    ]
