"""What the outbox holds about a person: the emails sent to them, for "download my data" and "erase my
account". Erasure stops anything still waiting to go and strips the stored copies of address and text."""

from django.utils import timezone

from .enums import OutboxStatus
from .models import OutboxMessage

ERASED_NOTE = "Not sent: the person erased their account."


def _messages_to(user):
    return OutboxMessage.objects.filter(recipient__iexact=user.email)


def export_personal_data(user) -> dict:
    return {
        "emails": [
            {
                "subject": message.subject,
                "status": message.get_status_display(),
                "queued_at": message.created_at.isoformat(),
                "sent_at": message.sent_at.isoformat() if message.sent_at else None,
            }
            for message in _messages_to(user).order_by("created_at", "pk")
        ]
    }


def erase_personal_data(user) -> None:
    now = timezone.now()
    # Nothing still waiting goes out to an erased account (a worker mid-send finishes that one email).
    _messages_to(user).filter(status=OutboxStatus.PENDING).update(
        status=OutboxStatus.FAILED, last_error=ERASED_NOTE, next_attempt_at=None, updated_at=now
    )
    for pk in _messages_to(user).values_list("pk", flat=True):
        # One address per row keeps the outbox's one-message-per-reason key unique.
        OutboxMessage.objects.filter(pk=pk).update(
            recipient=f"erased-{user.pk}-{pk}@erased.invalid",
            subject="(erased)",
            body_text="",
            body_html="",
            cc=[],
            headers={},
            attachments=[],
            body_removed_at=now,
            updated_at=now,
        )
