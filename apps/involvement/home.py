from apps.core.contracts import HomeSection

from .selectors import groups_public, opportunities_open


def home_sections() -> list[HomeSection]:
    opportunities = list(opportunities_open()[:3])
    return [
        HomeSection(
            title="Get involved",
            template="involvement/includes/home_section.html",
            context={"opportunities": opportunities, "groups": list(groups_public())},
            order=60,
        )
    ]
