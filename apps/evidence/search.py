"""Site search (/search/): public impact stories only (stories.stories_public)."""

from apps.core.contracts import SearchResult
from apps.core.markdown import markdown_as_text

from .stories import stories_public, stories_search

KIND = "Stories of what changed"


def search(query: str, limit: int) -> list[SearchResult]:
    if not query.split():
        return []
    return [
        SearchResult(
            kind=KIND,
            title=story.title,
            url=story.get_story_url(),
            summary=markdown_as_text(story.story)[:200],
        )
        for story in stories_search(stories_public(), query)[:limit]
    ]
