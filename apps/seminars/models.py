from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.contracts import stamp_first_publication
from apps.core.enums import DeliveryMode
from apps.core.models import TimeStampedModel
from apps.core.uploads import OFFICE_EXTENSIONS, UploadTypeValidator
from apps.people.models import Profile

from .enums import RegistrantRole, RegistrationStatus


class SeminarSeries(models.Model):
    """A run of related seminars, e.g. the annual Knowledge Mobilisation Seminar."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "seminar series"

    def __str__(self):
        return self.name


class Seminar(TimeStampedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    series = models.ForeignKey(
        SeminarSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="seminars"
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    mode = models.CharField(max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True, help_text="For example the name of the building.")
    address = models.TextField(blank=True)
    join_link = models.URLField(
        blank=True, help_text="For online and hybrid seminars. Sent only to people with a confirmed place."
    )
    description = models.TextField(help_text="What the seminar is about, in plain English.")
    audience = models.CharField(max_length=300, blank=True, help_text="Who it is for.")
    accessibility = models.TextField(
        "accessibility information",
        blank=True,
        help_text="Step-free access, hearing loops, captions, quiet room, breaks.",
    )
    capacity = models.PositiveIntegerField(help_text="How many places there are.")
    registration_opens_at = models.DateTimeField("registration opens", null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        "registration closes", null=True, blank=True, help_text="Leave empty to close when it starts."
    )
    is_published = models.BooleanField(default=True, help_text="Shown on the public seminar pages.")
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it first went public: digests list it then."
    )
    # Afterwards
    slides = models.FileField(
        upload_to="seminars/slides/",
        blank=True,
        validators=[UploadTypeValidator(OFFICE_EXTENSIONS)],
        help_text="A PDF (best), PowerPoint, OpenDocument or Word file.",
    )
    slides_link = models.URLField(blank=True)
    recording_link = models.URLField(blank=True)
    summary = models.TextField(blank=True, help_text="What was said, written up afterwards.")
    # Calendar identity (RFC 5545): bumped by the services when the time or place changes or it is cancelled.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="seminar_ends_after_it_starts"
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="seminar_starts_idx"),
            # Upcoming (not ended yet) and past seminars are split on the end time.
            models.Index(fields=["ends_at", "starts_at"], name="seminar_ends_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("seminars:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        stamp_first_publication(self, is_public=self.is_published, kwargs=kwargs)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The seminar must end after it starts."
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Registration must close after it opens."
        if self.mode in (DeliveryMode.IN_PERSON, DeliveryMode.HYBRID) and not self.venue:
            errors["venue"] = "Say where the seminar takes place."
        if errors:
            raise ValidationError(errors)

    @property
    def uid(self) -> str:
        return f"seminars-seminar-{self.pk}@iau-portal"

    @property
    def place(self) -> str:
        """Venue and address on one line."""
        lines = [self.venue] + [line.strip(" ,") for line in self.address.splitlines()]
        return ", ".join(line for line in lines if line)

    @property
    def where(self) -> str:
        place = self.place
        if self.mode == DeliveryMode.ONLINE:
            return "Online"
        if self.mode == DeliveryMode.HYBRID:
            return f"{place} and online" if place else "Online"
        return place

    @property
    def has_resources(self) -> bool:
        return bool(self.slides or self.slides_link or self.recording_link or self.summary)

    @property
    def slides_url(self) -> str:
        if self.slides:
            return self.slides.url
        return self.slides_link

    @property
    def places_left(self) -> int:
        """Uses the confirmed_count annotation from the selectors when present (no extra query)."""
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        return max(self.capacity - confirmed, 0)

    @property
    def effective_registration_closes_at(self):
        return self.registration_closes_at or self.starts_at


class Speaker(models.Model):
    """Someone who speaks at a seminar: a person with a profile here, or an external speaker."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="speakers")
    profile = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.SET_NULL, related_name="seminar_talks"
    )
    name = models.CharField(
        max_length=150, blank=True, help_text="For an external speaker without a profile."
    )
    affiliation = models.CharField(max_length=200, blank=True)
    talk_title = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["seminar", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(profile__isnull=False) | ~models.Q(name=""),
                name="seminar_speaker_has_profile_or_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.profile_id and not self.name:
            raise ValidationError({"name": "Choose a profile or give the speaker's name."})

    @property
    def display_name(self) -> str:
        if self.profile_id:
            return self.profile.name
        return self.name

    @property
    def display_affiliation(self) -> str:
        if self.affiliation:
            return self.affiliation
        if self.profile_id:
            return self.profile.employer
        return ""

    @property
    def profile_url(self) -> str:
        if self.profile_id and self.profile.is_listed:
            return self.profile.get_absolute_url()
        return ""


class Registration(TimeStampedModel):
    """A place (or a place on the waiting list) at a seminar. No account needed."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=150)
    email = models.EmailField(help_text="Stored in lower case, so one address holds one place.")
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=RegistrantRole.choices)
    access_requirements = models.TextField(blank=True)
    consent = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until staff mark attendance.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When they moved off the waiting list."
    )
    emails_stopped = models.BooleanField(
        default=False, help_text="They asked for no more emails from staff about this seminar."
    )

    # Personal data changes are audited: who changed what, and when.
    history = HistoricalRecords()

    class Meta:
        ordering = ["seminar", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "seminar", name="seminar_registration_one_per_email"),
            models.CheckConstraint(condition=models.Q(consent=True), name="seminar_registration_has_consent"),
        ]
        indexes = [
            models.Index(fields=["seminar", "status"], name="seminar_reg_status_idx"),
            # A member's own registrations (on /me/) are found by their address, stored in lower case.
            models.Index(fields=["email"], name="seminar_reg_email_idx"),
        ]
        permissions = [
            # Names, email addresses, organisations and access requirements of the people registered.
            ("view_personal_details", "Can see and export registrants' personal details and access needs"),
        ]

    def __str__(self):
        return f"{self.name} – {self.seminar}"

    def get_absolute_url(self):
        return self.seminar.get_absolute_url()


class Announcement(TimeStampedModel):
    """An email staff sent to everyone registered for a seminar."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class Feedback(TimeStampedModel):
    """Answers to the short form in the follow-up email. One per registration."""

    RATING_CHOICES = [(5, "Very good"), (4, "Good"), (3, "All right"), (2, "Poor"), (1, "Very poor")]

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField("overall", choices=RATING_CHOICES)
    most_useful = models.TextField("what was most useful", blank=True)
    improve = models.TextField("what could be better", blank=True)
    will_use = models.TextField("how you might use what you heard", blank=True)
    will_do_differently = models.TextField("what you will do differently", blank=True)
    may_ask_later = models.BooleanField(
        "may be asked later",
        default=False,
        help_text="They agreed to one email about three months after the seminar asking whether they did.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="seminar_feedback_rating"
            ),
        ]

    def __str__(self):
        return f"Feedback from {self.registration.name}"


def registration_problem(seminar: Seminar, now) -> str:
    """Why nobody can register for this seminar right now, in plain English; "" when registration is open."""
    if seminar.cancelled:
        return "This seminar has been cancelled, so registration is closed."
    if not seminar.is_published:
        return "Registration is not open for this seminar."
    if seminar.starts_at <= now:
        return "This seminar has already taken place, so registration is closed."
    if seminar.registration_opens_at and now < seminar.registration_opens_at:
        opens = seminar.registration_opens_at.astimezone(timezone.get_current_timezone())
        return f"Registration opens on {opens:%A} {opens.day} {opens:%B %Y, %H:%M}."
    if now >= seminar.effective_registration_closes_at:
        return "Registration for this seminar has closed."
    return ""
