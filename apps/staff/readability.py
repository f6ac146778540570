"""Published texts that are harder to read than the aim, for /staff/readability/.

Each source is one model's published rows and the long public text fields staff write on them. The
page reads each source in one query and measures texts through `readability_many` (cached per version
of the words), so the page costs one query per source however many texts there are.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from apps.brokering.models import EvidenceRequest
from apps.brokering.selectors import answered_published
from apps.core.readability import Readability, readability_many
from apps.impact.enums import EntryStatus
from apps.impact.models import ImpactEntry
from apps.involvement.enums import OpportunityStatus
from apps.involvement.models import Opportunity
from apps.pages.enums import PageStatus
from apps.pages.models import Page
from apps.publications.models import Publication
from apps.seminars.models import Seminar


@dataclass(frozen=True)
class TextSource:
    kind: str
    model: type[Model]
    fields: tuple[str, ...]
    published: Callable[[], QuerySet]
    # A field that must never be empty once published: listed as missing when it is.
    required: str = ""
    # Where staff edit the text (default: the row's admin change page), and who may (default: the
    # model's change permission); the row's name for the list (default: its title).
    edit_url: Callable[[Model], str] | None = None
    permission: str = ""
    title_fields: tuple[str, ...] = ("title",)
    title: Callable[[Model], str] = lambda row: row.title

    @property
    def change_permission(self) -> str:
        return self.permission or f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    def rows(self) -> QuerySet:
        return self.published().only("pk", *self.title_fields, *self.fields).prefetch_related(None).order_by()

    def url_for(self, row) -> str:
        if self.edit_url is not None:
            return self.edit_url(row)
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])


SOURCES = [
    TextSource("Content page", Page, ("body",), lambda: Page.objects.filter(status=PageStatus.PUBLISHED)),
    TextSource(
        "Publication",
        Publication,
        ("plain_summary",),
        lambda: Publication.objects.filter(is_public=True),
        required="plain_summary",
    ),
    TextSource(
        "Opportunity",
        Opportunity,
        ("summary",),
        lambda: Opportunity.objects.exclude(status=OpportunityStatus.DRAFT),
    ),
    TextSource("Seminar", Seminar, ("description",), lambda: Seminar.objects.filter(is_published=True)),
    TextSource(
        "Impact log entry",
        ImpactEntry,
        ("you_said", "we_did"),
        lambda: ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED),
    ),
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
    ),
]


@dataclass(frozen=True)
class HardText:
    kind: str
    title: str
    field: str
    score: Readability | None  # None: the text is missing
    edit_url: str

    @property
    def sort_key(self):
        if self.score is None:
            return (0, 0, 0.0, self.title)
        return (1, -self.score.reading_age, self.score.flesch, self.title)


def sources_for(user) -> list[TextSource]:
    """The sources whose texts this person may change in the admin."""
    return [source for source in SOURCES if user.has_perm(source.change_permission)]


def texts_above_target(sources: list[TextSource]) -> list[HardText]:
    """Published texts with a reading age above the aim, or missing where required: worst first."""
    found = []
    for source in sources:
        for row in source.rows():
            edit_url = source.url_for(row)
            for name in source.fields:
                found.append((source, row, name, getattr(row, name) or "", edit_url))
    scores = readability_many([text for *_, text, _ in found])
    hard = []
    for source, row, name, text, edit_url in found:
        label = str(source.model._meta.get_field(name).verbose_name)
        score = scores[text]
        missing = score is None and name == source.required
        if missing or (score is not None and score.above_target):
            hard.append(HardText(source.kind, source.title(row), label, score, edit_url))
    return sorted(hard, key=lambda text: text.sort_key)
