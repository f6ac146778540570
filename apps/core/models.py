from django.db import models

from .enums import OutboxStatus


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class OutboxMessage(TimeStampedModel):
    """One email to one recipient. The portal sends mail only by creating these rows.

    (recipient, kind, about, occasion) is unique: asking twice to send the same email for the same
    reason creates nothing new, so retries, double clicks and a beat that fires twice send it once.
    """

    recipient = models.EmailField()
    kind = models.CharField(max_length=80, help_text="What sort of email this is, e.g. seminar-confirmation.")
    about = models.CharField(
        max_length=120, blank=True, default="", help_text='The object it is about, as "app.model:pk".'
    )
    occasion = models.CharField(
        max_length=120, blank=True, default="", help_text="Why it is sent now, e.g. the reminder's offset."
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, default="")
    cc = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="Text attachments: a list of {filename, content, mimetype}."
    )
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    secret = models.BooleanField(
        default=False,
        help_text=(
            "Holds a sign-in code or one-time link: its text is stored encrypted, never shown, and removed "
            "once sent."
        ),
    )
    body_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the text was removed (a secret once sent, or after the retention period).",
    )
    batch = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The batch that stored it, so a batch counts and sends only the rows it created.",
    )

    class Meta:
        verbose_name = "outbox message"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "about", "occasion"], name="outbox_one_message_per_reason"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.kind} to {self.recipient} ({self.get_status_display()})"


class Topic(models.Model):
    """A subject area shared across the portal: communities, publications, opportunities and interests."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
