from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from apps.core.models import TimeStampedModel

from .enums import DigestFrequency, ReminderTiming


def default_reminder_timings() -> list[str]:
    """What everyone gets until they choose: a week before, the day before, an hour before online."""
    return [
        ReminderTiming.WEEK_BEFORE.value,
        ReminderTiming.DAY_BEFORE.value,
        ReminderTiming.HOUR_BEFORE.value,
    ]


class NotificationPreference(TimeStampedModel):
    """How often one person wants the email digest, and how far their digests have reached.

    Created lazily: a person without a row gets the default (weekly). `last_digest_up_to` is the end of
    the last period a digest was worked out for; the next digest starts exactly there, so a late or
    failed run neither repeats nor skips anything.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest_frequency = models.CharField(
        "how often we send you a digest",
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_digest_up_to = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When they last used an unsubscribe link."
    )
    # Which reminders of the meetings and seminars they are going to they want (ReminderTiming values).
    reminder_timings = models.JSONField(
        "when we remind you of meetings and seminars", default=default_reminder_timings, blank=True
    )

    class Meta:
        verbose_name = "notification preference"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_frequency__in=DigestFrequency.values),
                name="notification_preference_known_frequency",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_digest_frequency_display()}"

    def clean(self):
        super().clean()
        if not isinstance(self.reminder_timings, list) or not set(self.reminder_timings) <= set(
            ReminderTiming.values
        ):
            raise ValidationError({"reminder_timings": "Choose from the reminders listed."})

    @property
    def reminder_timing_labels(self) -> list[str]:
        return [label for value, label in ReminderTiming.choices if value in self.reminder_timings]

    def get_absolute_url(self):
        return reverse("notifications:preferences")
