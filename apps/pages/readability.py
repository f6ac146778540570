"""Published content pages, whose text staff check for reading age (see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .enums import PageStatus
from .models import Page


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Content page",
            Page,
            ("body",),
            lambda: Page.objects.filter(status=PageStatus.PUBLISHED),
            order=10,
        ),
    ]
