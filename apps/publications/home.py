from apps.core.contracts import HomeSection

from .selectors import publications_latest


def home_sections() -> list[HomeSection]:
    publications = publications_latest(3)
    if not publications:
        return []
    return [
        HomeSection(
            title="Latest publications",
            template="publications/includes/home_latest.html",
            context={"publications": publications},
            order=40,
        )
    ]
