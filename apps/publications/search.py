from apps.core.contracts import SearchResult

from .selectors import publications_public, publications_search


def search(query: str, limit: int) -> list[SearchResult]:
    if not (query or "").strip():
        return []
    results = publications_search(publications_public().prefetch_related(None), query)
    ordering = ["-rank", "-year"] if "rank" in results.query.annotations else ["-year", "title"]
    return [
        SearchResult(
            kind="Publications",
            title=publication.title,
            url=publication.get_absolute_url(),
            summary=f"{publication.get_type_display()}, {publication.year}"
            + (f". {publication.plain_summary[:160]}" if publication.plain_summary else ""),
        )
        for publication in results.order_by(*ordering)[:limit]
    ]
