"""Answered questions published at /ask/answered/, whose summaries staff check for reading age
(see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from django.utils.text import Truncator

from apps.core.contracts import TextSource

from .models import EvidenceRequest
from .selectors import answered_published


def text_sources() -> list[TextSource]:
    return [
        # Answered questions have no admin: the brokers edit the published text on the request's staff page.
        TextSource(
            "Answered question",
            EvidenceRequest,
            ("public_summary",),
            answered_published,
            edit_url=EvidenceRequest.get_staff_url,
            permission="brokering.publish_evidencerequest",
            title_fields=("number", "public_question"),
            title=lambda row: f"{row.reference}: {Truncator(row.public_question).words(12)}",
            order=70,
        ),
    ]
