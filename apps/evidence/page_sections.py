"""Stories of what changed, added to the public pages of the publications and communities they came
from (the `page_sections.py` plugin kind: those apps never import evidence)."""

from apps.communities.models import Community
from apps.core.contracts import Block
from apps.publications.models import Publication

from .stories import stories_from_community, stories_from_publication

TITLE = "What changed because of this work"


def sections(obj) -> list[Block]:
    if isinstance(obj, Publication):
        found = stories_from_publication(obj)
        lead = "This research helped bring about these changes in care:"
    elif isinstance(obj, Community):
        found = stories_from_community(obj)
        lead = "This community's work helped bring about these changes in care:"
    else:
        return []
    if not found:
        return []
    return [
        Block(
            title=TITLE,
            template="evidence/includes/stories_block.html",
            context={"stories": found, "lead": lead},
            order=50,
        )
    ]
