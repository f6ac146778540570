"""Public publications' plain summaries, which staff check for reading age (see core.contracts.TextSource).

Read by /staff/readability/ and "Waiting for you" (apps/staff/readability.py), which measure the texts.
"""

from apps.core.contracts import TextSource

from .models import Publication


def text_sources() -> list[TextSource]:
    return [
        TextSource(
            "Publication",
            Publication,
            ("plain_summary",),
            lambda: Publication.objects.filter(is_public=True),
            required="plain_summary",
            order=20,
        ),
    ]
