"""Impact stories told publicly, which staff check for reading age (see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .models import Impact
from .stories import told_publicly


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Impact story", Impact, ("story",), lambda: Impact.objects.filter(told_publicly()), order=60
        ),
    ]
