"""The pages app's own blocks on the home page: what staff wrote there, and featured resources."""

from apps.core.contracts import HomeSection

from .selectors import home_blocks_published, sections_on_home


def home_sections() -> list[HomeSection]:
    sections = [
        HomeSection(
            title=block.title,
            template="pages/includes/home_block.html",
            context={"block": block},
            order=block.order,
        )
        for block in home_blocks_published()
    ]
    for section in sections_on_home():
        if section.featured_pages:
            sections.append(
                HomeSection(
                    title=section.title,
                    template="pages/includes/home_resources.html",
                    context={"section": section, "pages": section.featured_pages},
                    order=section.home_order,
                )
            )
    return sections
