import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import int_to_base36

from apps.core.enums import DeliveryMode
from apps.core.models import TimeStampedModel, Topic
from apps.core.storage import private_storage
from apps.core.uploads import UploadTypeValidator

from .enums import JoinRequestStatus, MemberRole, MembershipStatus, OutputKind, RsvpAnswer, VisitorRole

PAPER_EXTENSIONS = ["pdf", "doc", "docx", "odt", "ppt", "pptx", "odp", "xls", "xlsx", "ods", "txt", "rtf"]


def paper_max_bytes() -> int:
    return settings.COMMUNITIES_PAPER_MAX_BYTES


def validate_paper_size(file):
    limit = paper_max_bytes()
    if file.size > limit:
        raise ValidationError(
            f"The file is too big. Papers can be up to {limit // (1024 * 1024)} MB.", code="file_too_big"
        )


def paper_upload_to(instance, filename):
    # A random folder per file: names never collide and cannot be guessed from the meeting.
    return f"communities/papers/{instance.meeting_id}/{uuid.uuid4().hex}/{filename}"


class Community(TimeStampedModel):
    """A community of practice: people who share a concern and meet regularly to do it better."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    focus = models.CharField(max_length=255, help_text="One line: what the community works on.")
    region = models.CharField(max_length=100, help_text="For example Staffordshire, or Online.")
    audience = models.CharField(
        "who it is for", max_length=255, help_text="For example physiotherapists, GPs and patients."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="communities")
    purpose = models.TextField(help_text="Why the community exists and what it hopes to change.")
    how_to_join = models.TextField(blank=True, help_text="Anything people should know before asking to join.")
    is_active = models.BooleanField(default=True, help_text="Only active communities are shown publicly.")

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})


class Membership(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the person last became a member, and when that membership ended (they left or a facilitator
    # removed them): a meeting's attendance list holds those who were members on its date.
    approved_at = models.DateTimeField("member since", null=True, blank=True)
    ended_at = models.DateTimeField("membership ended", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator or staff member who removed them; empty when they left themselves.",
    )
    named_publicly = models.BooleanField(
        "show my name on the community page",
        default=False,
        help_text=(
            "A facilitator or knowledge broker agreed to be named on the public community page and their "
            "profile. Only they change it."
        ),
    )

    class Meta:
        ordering = ["community", "user"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="community_membership_once"),
        ]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.get_status_display()})"

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED


class JoinRequest(TimeStampedModel):
    """Someone without an account asks to join a community. A facilitator approves (the person gets an
    account and a membership) or declines. While one waits, another from the same address changes nothing."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=VisitorRole.choices)
    organisation = models.CharField(max_length=200, blank=True)
    reason = models.TextField("why they would like to join")
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_join_requests",
        help_text="The account that became a member when the request was approved.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(status="pending"),
                name="community_one_pending_join_request_per_email",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="community_join_request_idx")]

    def __str__(self):
        return f"{self.name} asks to join {self.community}"

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()


class Meeting(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    start = models.DateTimeField()
    end = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE)
    venue = models.CharField(
        max_length=255, blank=True, help_text="Place and address, if people meet in person."
    )
    join_link = models.URLField(
        blank=True, max_length=500, help_text="The video call link. Only members ever see it."
    )
    agenda = models.TextField(blank=True)
    notes = models.TextField(
        "notes or minutes", blank=True, help_text="Added after the meeting. Members only."
    )
    changes_reported = models.TextField(
        "changes reported by members",
        blank=True,
        help_text="What members said has changed in their work since (a practice now does something "
        "differently, a leaflet is in use). Not shown to members; staff see it on impacts that link "
        "this meeting.",
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Calendar revision: goes up when the time or place changes."
    )
    cancelled = models.BooleanField(default=False)
    anonymous_attendance = models.PositiveIntegerField(
        default=0, editable=False, help_text="Attendees whose personal data was erased, still counted."
    )

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="community_meeting_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["start"], name="community_meeting_start_idx"),
            # Each community's next meeting, on the list of communities.
            models.Index(fields=["community", "start"], name="community_meeting_next_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.community})"

    def get_absolute_url(self):
        return reverse("communities:meeting", kwargs={"slug": self.community.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The meeting must end after it starts."})
        if self.mode in (DeliveryMode.IN_PERSON, DeliveryMode.HYBRID) and not self.venue:
            raise ValidationError({"venue": "Say where people meet for an in-person or hybrid meeting."})

    @property
    def calendar_uid(self) -> str:
        return f"communities-meeting-{self.pk}@iau-portal"

    @property
    def where(self) -> str:
        if self.mode == DeliveryMode.ONLINE:
            return "Online"
        if self.mode == DeliveryMode.HYBRID:
            return f"{self.venue} and online"
        return self.venue


class MeetingPaper(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(
        upload_to=paper_upload_to,
        storage=private_storage,
        max_length=300,
        validators=[UploadTypeValidator(PAPER_EXTENSIONS), validate_paper_size],
        help_text="PDF, Word, OpenDocument, PowerPoint, Excel, RTF or plain text, up to 10 MB.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "communities:paper",
            kwargs={"slug": self.meeting.community.slug, "pk": self.meeting_id, "paper_pk": self.pk},
        )


class Rsvp(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_rsvps"
    )
    answer = models.CharField(max_length=20, choices=RsvpAnswer.choices)

    class Meta:
        verbose_name = "RSVP"
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="community_rsvp_once")]

    def __str__(self):
        return f"{self.user}: {self.get_answer_display()} ({self.meeting})"


class Attendance(TimeStampedModel):
    """Someone was at a meeting; recorded by a facilitator afterwards."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_attendances"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "attendance"
        ordering = ["meeting", "user"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="community_attendance_once")]

    def __str__(self):
        return f"{self.user} at {self.meeting}"


class Output(TimeStampedModel):
    """Something the community produced: a resource, a change to a care pathway, a publication."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OutputKind.choices, default=OutputKind.RESOURCE)
    description = models.TextField(help_text="A few sentences in plain English: what it is and who it helps.")
    link = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


def new_feed_token() -> str:
    # The random tokens feeds kept before their links were derived (migration 0001 names this function).
    return secrets.token_urlsafe(32)


def new_feed_key() -> str:
    return secrets.token_hex(16)


def legacy_feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


FEED_TOKEN_SALT = "apps.communities.calendar-feed"


class CalendarFeed(TimeStampedModel):
    """A member's private calendar feed. Whoever knows its link can read it, so it can be replaced.

    The link's token is never stored: like Django's password-reset tokens it is an HMAC (under
    SECRET_KEY) of the feed's id and `key`, a random value that opens nothing on its own. Replacing the
    link draws a new key. `legacy_token_hash` is the SHA-256 of a link handed out while tokens were
    stored; that link keeps working until the member replaces it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_calendar_feed"
    )
    key = models.CharField(max_length=32, default=new_feed_key)
    legacy_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    def token_under(self, secret_key: str) -> str:
        digest = salted_hmac(FEED_TOKEN_SALT, f"{self.pk}:{self.key}", secret=secret_key, algorithm="sha256")
        return f"{int_to_base36(self.pk)}-{digest.hexdigest()[::2]}"

    @property
    def token(self) -> str:
        return self.token_under(settings.SECRET_KEY)

    def get_absolute_url(self):
        return reverse("communities:feed", kwargs={"token": self.token})
