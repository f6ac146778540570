from apps.core.contracts import HomeSection

from .selectors import seminars_upcoming


def home_sections() -> list[HomeSection]:
    """The next three seminars (two queries: seminars with counts, and their speakers)."""
    return [
        HomeSection(
            title="Upcoming seminars",
            template="seminars/includes/home_section.html",
            context={"seminars": seminars_upcoming(3)},
            order=30,
        )
    ]
