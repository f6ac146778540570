from apps.core.contracts import HomeSection

from .selectors import communities_active


def home_sections() -> list[HomeSection]:
    communities = list(communities_active()[:4])
    if not communities:
        return []
    return [
        HomeSection(
            title="Communities of practice",
            template="communities/includes/home_section.html",
            context={"communities": communities},
            order=20,
        )
    ]
