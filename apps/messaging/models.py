from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel

from .enums import Audience, MessageStatus

SEND_PERMISSION = "messaging.send_groupmessage"


class GroupMessage(TimeStampedModel):
    """An email written once and sent to everyone in an audience: the Link group and/or the RUG, a
    community's members, or a seminar's registrants. Kept after sending, with who it went to."""

    audience = models.CharField(max_length=12, choices=Audience.choices)
    groups = models.ManyToManyField("involvement.Group", blank=True, related_name="+")
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seminar = models.ForeignKey(
        "seminars.Seminar", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        help_text="Plain text. A blank line starts a new paragraph; *stars* make emphasis, **two** make "
        "bold, and a line starting with - makes a list."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=MessageStatus.choices, default=MessageStatus.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_groupmessage", "Can write and send messages to the Link group and the RUG")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=Audience.values), name="group_message_known_audience"
            ),
            models.CheckConstraint(
                condition=~models.Q(audience=Audience.COMMUNITY) | models.Q(community__isnull=False),
                name="group_message_community_named",
            ),
            models.CheckConstraint(
                condition=~models.Q(audience=Audience.SEMINAR) | models.Q(seminar__isnull=False),
                name="group_message_seminar_named",
            ),
            models.CheckConstraint(
                condition=models.Q(status=MessageStatus.DRAFT) | models.Q(sent_at__isnull=False),
                name="group_message_sent_has_date",
            ),
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        super().clean()
        if self.audience == Audience.COMMUNITY and not self.community_id:
            raise ValidationError({"community": "Choose the community to write to."})
        if self.audience == Audience.SEMINAR and not self.seminar_id:
            raise ValidationError({"seminar": "Choose the seminar whose registrants you are writing to."})

    def get_absolute_url(self):
        return reverse("messaging:detail", kwargs={"pk": self.pk})

    @property
    def is_sent(self) -> bool:
        return self.status == MessageStatus.SENT

    def audience_label(self, groups=None) -> str:
        """Who it is for, in words ("Link group and Research User Group", "Members of ...")."""
        if self.audience == Audience.COMMUNITY:
            return f"Members of {self.community}"
        if self.audience == Audience.SEMINAR:
            return f"Everyone registered for {self.seminar}"
        names = [
            group.short_name or group.name for group in (groups if groups is not None else self.groups.all())
        ]
        return " and ".join(names) or "No group chosen yet"


class GroupMessageRecipient(models.Model):
    """One person a message was sent to: a member's account, or the address of a seminar registrant who
    has no account. Written once, when the message is sent; a member reads theirs on /me/messages/."""

    message = models.ForeignKey(GroupMessage, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True, help_text="Only for a seminar registrant without an account.")
    registration = models.ForeignKey(
        "seminars.Registration", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["message", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user"],
                condition=models.Q(user__isnull=False),
                name="group_message_user_once",
            ),
            models.UniqueConstraint(
                fields=["message", "email"], condition=~models.Q(email=""), name="group_message_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="group_message_recipient_named",
            ),
        ]
        indexes = [models.Index(fields=["user", "message"], name="group_message_recipient_user")]

    def __str__(self):
        return f"{self.message} to {self.user or self.email}"
