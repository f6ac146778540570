"""Opportunities offered to members, whose summaries staff check for reading age
(see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .enums import OpportunityStatus
from .models import Opportunity


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Opportunity",
            Opportunity,
            ("summary",),
            lambda: Opportunity.objects.exclude(status=OpportunityStatus.DRAFT),
            order=30,
        ),
    ]
