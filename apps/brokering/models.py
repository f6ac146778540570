from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from apps.communities.models import Community
from apps.core.models import TimeStampedModel
from apps.pages.models import Page
from apps.people.models import Profile
from apps.publications.models import Publication

from .enums import RequesterRole, RequestKind, RequestStatus, ResearchStage

REFERENCE_PREFIX = "ASK-"


class EvidenceRequest(TimeStampedModel):
    """A question someone asked the knowledge brokers at /ask/, and what the unit did with it.

    The person has no account: they are known by the email address they gave, and see the status at a
    signed link. Internal notes are separate rows (`RequestNote`) and never shown to them.
    """

    number = models.PositiveIntegerField(unique=True, editable=False, help_text="ASK-0001 is number 1.")
    kind = models.CharField(max_length=20, choices=RequestKind.choices, default=RequestKind.EVIDENCE)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)

    # What they asked.
    question = models.TextField()
    purpose = models.TextField("why they need it")
    needed_by = models.DateField("needed by", null=True, blank=True)

    # Who they are.
    name = models.CharField(max_length=150)
    email = models.EmailField()
    requester_role = models.CharField("who they are", max_length=20, choices=RequesterRole.choices)
    organisation = models.CharField(max_length=200, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    consent_to_publish = models.BooleanField(
        default=False, help_text="They agreed that we publish the question and answer without their name."
    )

    # Researchers asking for help while they design a study or write a funding application.
    funder = models.CharField(max_length=200, blank=True)
    application_deadline = models.DateField(null=True, blank=True)
    research_stage = models.CharField(max_length=20, choices=ResearchStage.choices, blank=True)
    wants_involvement_support = models.BooleanField(
        "wants help with patient and public involvement", default=False
    )

    # The unit's work on it.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_evidence_requests",
        verbose_name="knowledge broker",
    )
    involvement_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_evidence_requests",
        help_text="For research support: the patient-involvement coordinator who helps as well.",
    )
    due_on = models.DateField("due", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.TextField(blank=True)
    answer = models.TextField(blank=True, help_text="The answer emailed to the person who asked.")
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    publications = models.ManyToManyField(Publication, blank=True, related_name="evidence_requests")
    profiles = models.ManyToManyField(Profile, blank=True, related_name="evidence_requests")
    communities = models.ManyToManyField(Community, blank=True, related_name="evidence_requests")
    pages = models.ManyToManyField(Page, blank=True, related_name="evidence_requests")

    # The published answered question (only with consent_to_publish), without anything that names them.
    public_question = models.TextField("question as published", blank=True)
    public_summary = models.TextField("plain-language evidence summary", blank=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = "request for evidence"
        verbose_name_plural = "requests for evidence"
        permissions = [("publish_evidencerequest", "Can publish answered questions")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="brokering_request_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(consent_to_publish=True),
                name="brokering_published_only_with_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="brokering_status_created_idx"),
            models.Index(fields=["published_at"], name="brokering_published_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.question[:60]}"

    @property
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX}{self.number:04d}" if self.number else f"{REFERENCE_PREFIX}(new)"

    @property
    def is_research_support(self) -> bool:
        return self.kind == RequestKind.RESEARCH_SUPPORT

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def get_absolute_url(self):
        """The published answer's page (only meaningful once published)."""
        return reverse("brokering:answered_detail", kwargs={"number": self.number})

    def get_staff_url(self):
        return reverse("requests:detail", kwargs={"number": self.number})

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == RequestKind.RESEARCH_SUPPORT:
            if not self.funder.strip():
                errors["funder"] = "Tell us which funder you are applying to (or “not decided yet”)."
            if not self.research_stage:
                errors["research_stage"] = "Choose the stage your study or application is at."
        if errors:
            raise ValidationError(errors)


class RequestNote(TimeStampedModel):
    """A note the unit keeps on a request. Never shown or sent to the person who asked."""

    request = models.ForeignKey(EvidenceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on {self.request.reference}"
