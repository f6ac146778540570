from apps.core.contracts import SearchResult

from .selectors import pages_matching

KIND = "Guides and information"


def search(query: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(kind=KIND, title=page.title, url=page.get_absolute_url(), summary=page.summary)
        for page in pages_matching(query)[:limit]
    ]
