from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.core.enums import OutboxStatus
from apps.core.models import OutboxMessage
from apps.core.services import outbox_deliver, outbox_enqueue, outbox_recover_stuck, outbox_resend
from apps.core.tasks import outbox_dispatch_due
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _enqueue(recipient="member@example.org", occasion="first", **extra):
    return outbox_enqueue(
        recipient=recipient,
        kind="test-note",
        template="account/prerendered",
        context={"subject": "Meeting & papers", "body_text": "Plain & simple", "body_html": "<p>Rich</p>"},
        occasion=occasion,
        **extra,
    )


def test_enqueue_sends_once_after_commit_with_text_and_html_parts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, created = _enqueue()

    assert created is True
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["member@example.org"]
    assert sent.subject == "Meeting & papers"
    assert sent.body == "Plain & simple\n"
    assert sent.alternatives[0][1] == "text/html"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1


def test_enqueue_twice_for_the_same_reason_stores_and_sends_one(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _enqueue(about=user)
        second, created = _enqueue(recipient="MEMBER@example.org", about=user)

    assert created is False
    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_deliver_twice_sends_once(django_capture_on_commit_callbacks):
    message, _ = _enqueue()

    outbox_deliver(message_id=message.pk)
    outbox_deliver(message_id=message.pk)

    assert len(mail.outbox) == 1


def test_deliver_over_real_smtp(smtp_server):
    message, _ = _enqueue(cc=["carer@example.org"])

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.SENT

    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "member@example.org"
    assert received["Cc"] == "carer@example.org"
    assert received.get_body(("plain",)).get_content().strip() == "Plain & simple"


def test_transient_smtp_refusal_is_retried_later(smtp_server):
    smtp_server.handler.reply = "451 Try again later"
    message, _ = _enqueue()

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.PENDING

    message.refresh_from_db()
    assert message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the periodic dispatch leaves it alone.
    assert outbox_dispatch_due() == 0

    smtp_server.handler.reply = None
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox_dispatch_due() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(smtp_server.messages) == 1


def test_permanent_smtp_refusal_marks_failed_and_staff_can_resend(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.handler.reply = "550 No such mailbox"
    message, _ = _enqueue()

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.FAILED
    message.refresh_from_db()
    assert "550" in message.last_error

    smtp_server.handler.reply = None
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(message=message)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(smtp_server.messages) == 1


def test_unreachable_smtp_server_is_transient(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    message, _ = _enqueue()

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.PENDING
    message.refresh_from_db()
    assert "Connection" in message.last_error or "refused" in message.last_error


def test_message_stuck_in_sending_is_recovered_and_sent_once(settings):
    message, _ = _enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )

    assert outbox_recover_stuck() == 1
    assert outbox_recover_stuck() == 0
    outbox_dispatch_due()
    outbox_dispatch_due()

    assert len(mail.outbox) == 1


def test_message_recently_claimed_is_not_recovered():
    message, _ = _enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, claimed_at=timezone.now())

    assert outbox_recover_stuck() == 0
