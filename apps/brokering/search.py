from apps.core.contracts import SearchResult
from apps.core.text_search import query_words

from .selectors import answered_published, answered_search

KIND = "Answered questions"


def search(query: str, limit: int) -> list[SearchResult]:
    """Published answered questions whose question or summary has every word of the query."""
    if not query_words(query):
        return []
    questions = answered_search(answered_published(), query).prefetch_related(None)
    return [
        SearchResult(
            kind=KIND,
            title=question.public_question[:200],
            url=question.get_absolute_url(),
            summary=question.public_summary[:200],
        )
        for question in questions[:limit]
    ]
