"""The outbox: the one way any email leaves the portal.

A caller asks for an email with outbox_enqueue(); that stores a row and, once the caller's transaction
commits, queues a Celery task that calls outbox_deliver(). Delivery claims the row with a conditional
UPDATE, so two workers (or a task redelivered by the broker) can never both send it.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .emails import render_email
from .enums import OutboxStatus
from .models import OutboxMessage

logger = logging.getLogger(__name__)


def describe_object(obj: models.Model | None) -> str:
    """The stable text key for the object an email is about: "app_label.model:pk"."""
    if obj is None:
        return ""
    return f"{obj._meta.label_lower}:{obj.pk}"


def outbox_enqueue(
    *,
    recipient: str,
    kind: str,
    template: str,
    context: dict,
    about: models.Model | None = None,
    occasion: str = "",
    cc: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
) -> tuple[OutboxMessage, bool]:
    """Store an email to be sent, once. Returns (message, created).

    If an email of this kind about this object for this occasion was already queued for the recipient,
    nothing new is stored or sent and the existing row is returned with created=False.
    """
    recipient = recipient.strip().lower()
    key = {"recipient": recipient, "kind": kind, "about": describe_object(about), "occasion": occasion}
    existing = OutboxMessage.objects.filter(**key).first()
    if existing is not None:
        return existing, False

    rendered = render_email(template, context)
    message = OutboxMessage(
        **key,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        cc=sorted({address.strip().lower() for address in cc or [] if address} - {recipient}),
        headers=headers or {},
        attachments=attachments or [],
        next_attempt_at=timezone.now(),
    )
    message.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # A savepoint, so that losing the race to a concurrent enqueue leaves the caller's transaction usable.
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return OutboxMessage.objects.get(**key), False
    _queue_delivery_after_commit(message.pk)
    return message, True


def _queue_delivery_after_commit(message_id: int) -> None:
    from .tasks import deliver_outbox_message

    # After commit, so the worker can see the row; if queuing fails the periodic dispatch still sends it.
    transaction.on_commit(lambda: _queue_quietly(deliver_outbox_message, message_id))


def _queue_quietly(task, message_id: int) -> None:
    try:
        task.delay(message_id=message_id)
    except Exception:  # the broker is down: outbox_dispatch_due picks the row up later
        logger.warning(
            "Could not queue outbox message %s; the periodic dispatch will send it", message_id, exc_info=True
        )


# SMTP failures worth another try: the server or network may be back later.
TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError)


def _is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    return isinstance(error, TRANSIENT_ERRORS + (OSError,))


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _build_email(message: OutboxMessage, connection) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        connection=connection,
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        cc=message.cc,
        headers={"X-IAU-Message-Id": str(message.pk), **message.headers},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def outbox_deliver(*, message_id: int) -> str:
    """Send one outbox message if it is pending and due. Returns the message's status afterwards.

    The claim (pending → sending) is one conditional UPDATE, so a message is sent by at most one worker.
    The SMTP conversation happens outside any transaction: a slow server must not hold database locks,
    and a crash after sending leaves the row in "sending", which is never sent again automatically
    without first waiting OUTBOX_STUCK_AFTER_SECONDS.
    """
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    if not claimed:
        return message.status

    try:
        with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
            _build_email(message, connection).send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded for staff, none is lost
        return _record_failure(message, error)

    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
    return OutboxStatus.SENT


def _record_failure(message: OutboxMessage, error: Exception) -> str:
    description = f"{type(error).__name__}: {error}"[:2000]
    gives_up = not _is_transient(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    status = OutboxStatus.FAILED if gives_up else OutboxStatus.PENDING
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status,
        last_error=description,
        next_attempt_at=None if gives_up else timezone.now() + retry_delay(message.attempts),
        updated_at=timezone.now(),
    )
    logger.warning("Outbox message %s: %s (%s)", message.pk, description, status)
    return status


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_recover_stuck() -> int:
    """Put messages that have been "sending" for too long back to pending. Returns how many.

    A worker killed mid-send leaves its row in "sending". We cannot know whether the server accepted the
    message; after OUTBOX_STUCK_AFTER_SECONDS we try again, preferring a rare duplicate to a lost email.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    return OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=cutoff).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )


def outbox_resend(*, message: OutboxMessage) -> None:
    """Staff asked to try a failed message again."""
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    _queue_delivery_after_commit(message.pk)
