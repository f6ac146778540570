"""Impacts: changes outside the unit (a practice adopted a pathway, a guideline cited a paper), the
unit's work that led to them, the people involved, and the dated evidence that shows they happened."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.brokering.models import EvidenceRequest
from apps.communities.models import Community, Meeting
from apps.core.models import TimeStampedModel
from apps.core.storage import private_storage
from apps.core.uploads import UploadTypeValidator
from apps.impact.models import ImpactEntry
from apps.people.models import Profile
from apps.publications.models import Publication
from apps.seminars.models import Feedback, Seminar

from .enums import (
    Confidentiality,
    EvidenceKind,
    FollowUpAfter,
    Helped,
    ImpactLevel,
    ImpactStatus,
    ProposalState,
)

EVIDENCE_FILE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "txt", "jpg", "jpeg", "png"]
EVIDENCE_FILE_MAX_BYTES = 10 * 1024 * 1024


def validate_evidence_file_size(file):
    if file.size > EVIDENCE_FILE_MAX_BYTES:
        raise ValidationError("The file is too big. Evidence files can be up to 10 MB.", code="file_too_big")


def evidence_upload_to(instance, filename):
    # A random folder per file: names never collide and cannot be guessed from the impact.
    return f"evidence/{instance.impact_id}/{uuid.uuid4().hex}/{filename}"


class Impact(TimeStampedModel):
    """A change that happened outside the unit because of research and the unit's work."""

    title = models.CharField(max_length=200, help_text="A plain title: what changed, and where.")
    summary = models.TextField(help_text="What changed, for whom, and why it matters, in plain English.")
    level = models.CharField(max_length=12, choices=ImpactLevel.choices, default=ImpactLevel.ENGAGEMENT)
    status = models.CharField(max_length=10, choices=ImpactStatus.choices, default=ImpactStatus.CLAIMED)
    confidentiality = models.CharField(
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.STAFF_ONLY,
        help_text="Staff only until everyone named agrees it may be told publicly.",
    )
    organisations = models.TextField(
        blank=True, help_text="Who changed something: practices, trusts, commissioners. One a line."
    )
    places = models.CharField(max_length=255, blank=True, help_text="For example Stoke-on-Trent, or England.")
    reach = models.CharField(
        "who was reached", max_length=255, blank=True, help_text="For example patients with knee pain."
    )
    people_reached = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people, where known. Leave empty if nobody counted."
    )
    started_on = models.DateField("started", help_text="When the change began.")
    ended_on = models.DateField("ended", null=True, blank=True, help_text="Leave empty if it goes on.")

    # The public story (/impact/<slug>/): a plain-language telling of a public impact. It is shown only
    # while the impact is Public AND "tell it publicly" is ticked, so making the impact staff only takes
    # the story down at once, whatever the tick says.
    slug = models.SlugField(
        "story's web address",
        max_length=80,
        blank=True,
        help_text="The end of the story's address, as in /impact/knee-leaflet/. Lower-case letters, numbers "
        "and hyphens. Needed to tell the story publicly; keep it once published, as people link to it.",
    )
    story = models.TextField(
        "the story in everyday words",
        blank=True,
        help_text="For the public: what changed, for whom, in everyday words. Short sentences; say "
        "what people notice, not what the unit did. Never name anyone who has not agreed, and never "
        "quote evidence contacts. You may use Markdown for paragraphs and lists.",
    )
    tell_publicly = models.BooleanField(
        "tell it publicly",
        default=False,
        help_text="Show the story at /impact/ and on the pages of the publications and communities it "
        "came from. Only a Public impact is ever shown: set it to Staff only and the story is taken "
        "down at once. What the public sees: the title, the story, the level, where, who was reached "
        "and what led to it; never the summary, evidence, files or contacts.",
    )

    # What led to it.
    publications = models.ManyToManyField(
        Publication, blank=True, related_name="impacts", verbose_name="underpinning publications"
    )
    communities = models.ManyToManyField(Community, blank=True, related_name="impacts")
    meetings = models.ManyToManyField(Meeting, blank=True, related_name="impacts")
    seminars = models.ManyToManyField(Seminar, blank=True, related_name="impacts")
    evidence_requests = models.ManyToManyField(
        EvidenceRequest, blank=True, related_name="impacts", verbose_name="answered requests for evidence"
    )
    impact_entries = models.ManyToManyField(
        ImpactEntry, blank=True, related_name="impacts", verbose_name='"you said, we did" entries'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="evidence_impact_ends_after_start",
            ),
            # Many impacts have no story (no address); those that do each have their own.
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="evidence_impact_story_address_once"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impacts:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The change cannot end before it started."})
        if self.tell_publicly:
            errors = {}
            if not self.story.strip():
                errors["story"] = "Write the story in everyday words before telling it publicly."
            if not self.slug:
                errors["slug"] = "Give the story a web address before telling it publicly."
            if errors:
                raise ValidationError(errors)

    @property
    def is_public_story(self) -> bool:
        """Whether /impact/<slug>/ shows this impact (the same rule as stories.stories_public)."""
        return bool(
            self.tell_publicly and self.confidentiality == Confidentiality.PUBLIC and self.slug and self.story
        )

    def get_story_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]


class ImpactPerson(models.Model):
    """Someone from the unit's people (a champion, a fellow, a broker) and what they did for the impact."""

    impact = models.ForeignKey(Impact, on_delete=models.CASCADE, related_name="people")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="impact_roles")
    role = models.CharField(max_length=200, help_text="For example: led the training sessions.")

    class Meta:
        verbose_name = "person involved"
        verbose_name_plural = "people involved"
        ordering = ["impact", "profile__name"]
        constraints = [
            models.UniqueConstraint(fields=["impact", "profile"], name="evidence_impact_person_once")
        ]

    def __str__(self):
        return f"{self.profile} ({self.role})"


class EvidenceItem(TimeStampedModel):
    """One dated piece of evidence that the change happened. A corroborating contact is staff only."""

    impact = models.ForeignKey(Impact, on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    dated_on = models.DateField("date", help_text="The date of the letter, document, figure or citation.")
    title = models.CharField(max_length=200, help_text='For example: "Letter from the practice manager".')
    description = models.TextField(blank=True)
    file = models.FileField(
        upload_to=evidence_upload_to,
        storage=private_storage,
        max_length=300,
        blank=True,
        validators=[UploadTypeValidator(EVIDENCE_FILE_EXTENSIONS), validate_evidence_file_size],
        help_text="A letter or document: PDF, Word, OpenDocument, RTF, text or an image, up to 10 MB. "
        "Never public: staff who may see impacts open it.",
    )
    url = models.URLField("link", blank=True)
    figure = models.PositiveIntegerField(null=True, blank=True, help_text="For a figure: the number.")
    figure_unit = models.CharField(
        "what it counts", max_length=200, blank=True, help_text='For example: "practices using the template".'
    )
    citation = models.CharField(
        max_length=500, blank=True, help_text="For a citation: the policy or guideline, section and year."
    )
    contact_name = models.CharField("contact's name", max_length=200, blank=True)
    contact_role = models.CharField("contact's job and organisation", max_length=200, blank=True)
    contact_email = models.EmailField("contact's email", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["dated_on", "pk"]

    def __str__(self):
        return self.title

    def get_file_url(self):
        return reverse("impacts:evidence_file", kwargs={"pk": self.impact_id, "item_pk": self.pk})

    def clean(self):
        super().clean()
        needs = {
            EvidenceKind.TESTIMONIAL: ("file", "description", "Attach the letter or write what they said."),
            EvidenceKind.DOCUMENT: ("file", "url", "Attach the document or give its link."),
        }
        if self.kind in needs:
            first, second, message = needs[self.kind]
            if not getattr(self, first) and not getattr(self, second):
                raise ValidationError({first: message})
        if self.kind == EvidenceKind.FIGURE and self.figure is None:
            raise ValidationError({"figure": "Give the number."})
        if self.kind == EvidenceKind.CITATION and not self.citation:
            raise ValidationError({"citation": "Name the policy or guideline that cites the work."})
        if self.kind == EvidenceKind.CONTACT and not self.contact_name:
            raise ValidationError({"contact_name": "Name the person who can confirm the change."})


class FollowUpQuerySet(models.QuerySet):
    def for_requests(self):
        """Follow-ups of requests for evidence (not of seminar feedback)."""
        return self.filter(evidence_request__isnull=False)

    def for_seminars(self):
        return self.filter(feedback__isnull=False)


class FollowUp(TimeStampedModel):
    """One short "did it help?" email and its answer, for a request for evidence or a seminar's feedback.

    A request's asker gets one 30 and one 90 days after the answer was sent (`evidence_request` set); a
    seminar attendee who agreed in their feedback gets one "Did you?" 90 days after the seminar
    (`feedback` set). Exactly one of the two is set: figures about requests filter on
    `evidence_request__isnull=False` (or use `FollowUp.objects.for_requests()`).

    The row is made when the email is queued (`sent_at`), so the unique constraints keep it to one per
    request (or feedback) and period even under a retry. The link in the email is signed when it is sent
    and never stored. `stop_asking` records that they said "please stop asking me": no further
    follow-up goes for that request.
    """

    evidence_request = models.ForeignKey(
        EvidenceRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    after_days = models.PositiveSmallIntegerField(choices=FollowUpAfter.choices)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the email was queued.")
    answered_at = models.DateTimeField(null=True, blank=True)

    helped = models.CharField("did it help?", max_length=8, choices=Helped.choices, blank=True)
    decision_informed = models.TextField("what decision did it inform?", blank=True)
    change_reported = models.TextField("what changed?", blank=True)
    may_quote = models.BooleanField("may we quote them?", default=False)
    quote = models.TextField("what we may quote", blank=True)
    stop_asking = models.BooleanField(
        "asked us to stop", default=False, help_text="They asked for no more follow-up emails about this."
    )

    proposal = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.NONE)
    proposal_decided_at = models.DateTimeField(null=True, blank=True)
    proposal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    impact = models.ForeignKey(
        Impact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="The impact staff made from this answer.",
    )

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence_request", "after_days"], name="evidence_follow_up_once_per_request_period"
            ),
            models.UniqueConstraint(
                fields=["feedback", "after_days"], name="evidence_follow_up_once_per_feedback"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(evidence_request__isnull=False, feedback__isnull=True)
                    | models.Q(evidence_request__isnull=True, feedback__isnull=False)
                ),
                name="evidence_follow_up_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(proposal__in=ProposalState.values),
                name="evidence_follow_up_proposal_known",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__isnull=True) | models.Q(proposal=ProposalState.ACCEPTED),
                name="evidence_follow_up_impact_only_when_accepted",
            ),
        ]
        indexes = [models.Index(fields=["proposal", "answered_at"], name="evidence_followup_proposal_idx")]

    def __str__(self):
        return f"{self.subject_label}: {self.get_after_days_display()} follow-up"

    @property
    def subject_label(self) -> str:
        if self.evidence_request_id:
            return self.evidence_request.reference
        return f"Seminar feedback from {self.feedback.registration.name}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def get_staff_url(self):
        return reverse("impacts:follow_up", kwargs={"pk": self.pk})


# Case studies live in their own module (one entity, its sections, builder and Word export); importing
# the model here is what registers it with the evidence app.
from .case_studies.models import CaseStudy  # noqa: E402, F401
