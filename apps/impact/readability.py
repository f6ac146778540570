"""Published impact log entries, whose texts staff check for reading age (see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .enums import EntryStatus
from .models import ImpactEntry


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Impact log entry",
            ImpactEntry,
            ("you_said", "we_did"),
            lambda: ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED),
            order=50,
        ),
    ]
