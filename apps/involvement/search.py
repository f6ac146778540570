from apps.core.contracts import SearchResult
from apps.core.text_search import words_match

from .selectors import groups_public, opportunities_for_member


def search(query: str, limit: int) -> list[SearchResult]:
    """Our patient and public groups: public, for everyone."""
    matching = words_match(query, fields=["name", "short_name", "description"], fuzzy_fields=["name"])
    if matching is None:
        return []
    return [
        SearchResult(
            kind="Patient and public groups",
            title=group.name,
            url=group.get_absolute_url(),
            summary=group.description[:200],
        )
        for group in groups_public().filter(matching)[:limit]
    ]


def member_search(query: str, limit: int, user) -> list[SearchResult]:
    """Open opportunities of the signed-in member's own groups: only what their /me/ pages show them.

    Visitors, and members of no group, get none (opportunities are not public)."""
    matching = words_match(
        query, fields=["title", "summary", "what_it_involves", "topics__name"], fuzzy_fields=["title"]
    )
    if matching is None or not user.is_authenticated:
        return []
    opportunities = opportunities_for_member(user).filter(matching).prefetch_related(None).distinct()
    return [
        SearchResult(
            kind="Opportunities to get involved",
            title=opportunity.title,
            url=opportunity.get_absolute_url(),
            summary=opportunity.summary[:200],
        )
        for opportunity in opportunities[:limit]
    ]
