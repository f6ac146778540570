"""The home page's "What changed because of our work": the newest public stories (one query)."""

from apps.core.contracts import HomeSection

from .stories import stories_public

HOME_STORIES = 3


def home_sections() -> list[HomeSection]:
    latest = list(stories_public()[:HOME_STORIES])
    if not latest:
        return []
    return [
        HomeSection(
            title="What changed because of our work",
            template="evidence/includes/home_stories.html",
            context={"stories": latest},
            order=50,
        )
    ]
