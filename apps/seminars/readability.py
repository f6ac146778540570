"""Published seminars, whose descriptions staff check for reading age (see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .models import Seminar


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Seminar", Seminar, ("description",), lambda: Seminar.objects.filter(is_published=True), order=40
        ),
    ]
