from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class WaitingEmailPreference(TimeStampedModel):
    """Whether a member of staff wants "Waiting for you" by email every Monday. They alone set it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_email_preference"
    )
    weekly = models.BooleanField("email me what is waiting for me every Monday morning", default=False)

    def __str__(self):
        return f"{self.user}: {'weekly' if self.weekly else 'no email'}"
