"""Sections evidence adds to other apps' pages (the `page_sections.py` plugin kind: those apps never
import evidence): stories of what changed on the public pages of the publications and communities they
came from, and a request's follow-ups on the brokers' (staff only) page of that request."""

from apps.brokering.models import EvidenceRequest
from apps.communities.models import Community
from apps.core.contracts import Block
from apps.publications.models import Publication

from .stories import stories_from_community, stories_from_publication

TITLE = "What changed because of this work"


def _request_follow_ups(evidence_request: EvidenceRequest) -> list[Block]:
    """Shown on the brokers' request page only, which needs the same staff roles as the follow-ups list."""
    follow_ups = list(evidence_request.follow_ups.order_by("after_days"))
    return [
        Block(
            title="Follow-ups",
            template="evidence/includes/request_follow_ups_block.html",
            context={"follow_ups": follow_ups, "evidence_request": evidence_request},
            order=50,
        )
    ]


def sections(obj) -> list[Block]:
    if isinstance(obj, EvidenceRequest):
        return _request_follow_ups(obj)
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
