import calendar
import re
import unicodedata

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.contracts import stamp_first_publication
from apps.core.models import TimeStampedModel, Topic
from apps.core.uploads import OFFICE_EXTENSIONS, UploadTypeValidator
from apps.people.models import Profile

from .enums import PublicationStatus, PublicationType

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
SUMMARY_NEEDED = (
    "Add a plain-language summary before this publication is shown in the public library, "
    "or untick “Shown in the public library” to keep it as a draft."
)


def normalise_doi(value: str) -> str:
    """A DOI as stored: lower case (DOIs are case-insensitive), without a resolver prefix."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value.lower()


def normalise_title(value: str) -> str:
    """A title reduced for finding duplicates: no accents, case, punctuation or extra spaces."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(char for char in value if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", value).split())


class Publication(TimeStampedModel):
    """An item in the unit's library: an article, an abstract, a report."""

    type = models.CharField(
        max_length=30, choices=PublicationType.choices, default=PublicationType.JOURNAL_ARTICLE
    )
    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=500, editable=False, db_index=True, default="")
    slug = models.SlugField(max_length=200, unique=True)
    venue = models.CharField(
        "journal or venue", max_length=300, blank=True, help_text="Journal, conference, publisher or funder."
    )
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    supplement = models.CharField(max_length=30, blank=True, help_text="For example 1 for Suppl 1.")
    pages = models.CharField(max_length=30, blank=True, help_text="For example i80 or 112-120.")
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text="For example 10.1093/rheumatology/keu105. Unique when given.",
    )
    url = models.URLField("web address", max_length=500, blank=True)
    status = models.CharField(
        "stage", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PUBLISHED
    )
    stage_date = models.DateField(
        "date of this stage",
        null=True,
        blank=True,
        help_text="When it was presented, posted as a preprint, accepted, published or sent as a report.",
    )
    version_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_versions",
        verbose_name="another version of",
        help_text="The first record of the same piece of work, e.g. the abstract this paper grew from.",
    )
    abstract = models.TextField(blank=True)
    plain_summary = models.TextField(
        "plain-language summary",
        blank=True,
        help_text="What this means for patients and clinicians, in everyday words.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="publications")
    communities = models.ManyToManyField(
        "communities.Community",
        blank=True,
        related_name="publications",
        help_text="Communities of practice this work came from or informs.",
    )
    open_access_file = models.FileField(
        upload_to="publications/",
        blank=True,
        validators=[UploadTypeValidator(OFFICE_EXTENSIONS)],
        help_text="A PDF (best), Word, OpenDocument, PowerPoint, Excel, RTF or plain text file.",
    )
    open_access_url = models.URLField("open-access link", max_length=500, blank=True)
    is_public = models.BooleanField(
        "shown in the public library",
        default=True,
        help_text="Needs a plain-language summary. Leave it unticked to keep the publication as a draft.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it first went public: digests list it then."
    )
    # Kept up to date by services.publication_reindex (PostgreSQL only; empty on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at", "title_key"])

    class Meta:
        ordering = ["-year", "-month", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"], condition=~models.Q(doi=""), name="publication_doi_unique_when_present"
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="publication_month_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "type"], name="publication_year_type_idx"),
            # The orders pages ask for: the list (newest first), "latest" on the home page, by title.
            models.Index(fields=["-year", "-month", "title"], name="publication_list_order_idx"),
            models.Index(fields=["-created_at", "-id"], name="publication_latest_idx"),
            models.Index(fields=["title"], name="publication_title_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"key": self.slug})

    def save(self, *args, **kwargs):
        stamp_first_publication(self, is_public=self.is_public, kwargs=kwargs)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.doi = normalise_doi(self.doi)
        self.title_key = normalise_title(self.title)
        if self.doi and not DOI_PATTERN.match(self.doi):
            raise ValidationError(
                {"doi": "Enter a DOI that starts 10. followed by a slash, e.g. 10.1000/xyz123."}
            )
        if self.is_public and not self.plain_summary.strip():
            raise ValidationError({"plain_summary": SUMMARY_NEEDED})
        self._clean_version_of()

    def _clean_version_of(self):
        """Versions hang off one first record, so all versions of a work are found in one query."""
        if not self.version_of_id:
            return
        if self.version_of_id == self.pk:
            raise ValidationError({"version_of": "A publication cannot be a version of itself."})
        first = self.version_of
        if first.version_of_id:  # linked to a later version: hang it off that version's first record
            if first.version_of_id == self.pk:
                raise ValidationError(
                    {"version_of": "That publication is already a version of this one, so leave this empty."}
                )
            self.version_of_id = first.version_of_id
        if self.pk and self.later_versions.exists():
            raise ValidationError(
                {
                    "version_of": "Other versions already point to this publication. Link the other "
                    "publication to this one instead."
                }
            )

    @property
    def issue_label(self) -> str:
        """The issue as journals print it in metadata: a supplement without an issue is suppl_N."""
        if self.issue:
            return self.issue
        return f"suppl_{self.supplement}" if self.supplement else ""

    @property
    def date_label(self) -> str:
        """For example "April 2014", or "2014" when the month is not known."""
        return f"{calendar.month_name[self.month]} {self.year}" if self.month else str(self.year)

    @property
    def stage_date_label(self) -> str:
        """The date of its stage, e.g. "3 April 2014", else its year and month."""
        return f"{self.stage_date:%-d %B %Y}" if self.stage_date else self.date_label

    @property
    def is_in_press(self) -> bool:
        return self.status == PublicationStatus.IN_PRESS

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def open_access_link(self) -> str:
        if self.open_access_file:
            return self.open_access_file.url
        return self.open_access_url

    @property
    def first_page(self) -> str:
        return re.split(r"[-–]", self.pages, maxsplit=1)[0].strip() if self.pages else ""

    @property
    def last_page(self) -> str:
        parts = re.split(r"[-–]", self.pages, maxsplit=1)
        return parts[1].strip() if len(parts) == 2 else ""


class PublicationAuthor(models.Model):
    """One author in their place in the author list: a listed person where known, else just a name."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField()
    family_name = models.CharField(max_length=120)
    given_name = models.CharField(max_length=120, blank=True, help_text="Given names or initials.")
    profile = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="publication_author_position_once"
            ),
        ]
        # Search asks which query words are an author's surname, whatever their case (selectors).
        indexes = [models.Index(Lower("family_name"), name="publication_author_surname")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def initials(self) -> str:
        parts = re.split(r"[\s.\-]+", self.given_name)
        return "".join(part[0].upper() for part in parts if part)

    @property
    def short_name(self) -> str:
        """Vancouver style: family name then initials, e.g. Stevenson K."""
        return f"{self.family_name} {self.initials}".strip()
