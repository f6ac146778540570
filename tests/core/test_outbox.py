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


# --- Hardening: batches, timeouts, recovery races, stable Message-ID, the admin -------------------------

import socket  # noqa: E402
import time  # noqa: E402

import time_machine  # noqa: E402
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.core.services import OutboxRequest, outbox_enqueue_many  # noqa: E402
from tests.auth import sign_in  # noqa: E402
from tests.factories.accounts import StaffFactory  # noqa: E402


def _requests(count, occasion="batch"):
    return [
        OutboxRequest(
            recipient=f"member{n}@example.org",
            kind="test-note",
            template="account/prerendered",
            context={"subject": "Hello", "body_text": "Text", "body_html": ""},
            occasion=occasion,
        )
        for n in range(count)
    ]


def test_enqueue_many_uses_the_same_queries_for_few_and_many():
    def queries_for(count, occasion):
        with CaptureQueriesContext(connection) as queries:
            assert outbox_enqueue_many(requests=_requests(count, occasion)) == count
        return len(queries)

    # SQLite splits one INSERT at its 999-parameter limit (about 45 rows of this table); PostgreSQL
    # inserts 500 at a time. "Many" is as many as one INSERT of the database in use holds, at most 50.
    fields = [field for field in OutboxMessage._meta.concrete_fields if not field.primary_key]
    many = min(50, connection.ops.bulk_batch_size(fields, [None] * 50))

    assert queries_for(2, "few") == queries_for(many, "many")


def test_enqueue_many_twice_stores_and_sends_each_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_enqueue_many(requests=_requests(3)) == 3
        assert outbox_enqueue_many(requests=_requests(4)) == 1

    assert OutboxMessage.objects.count() == 4
    assert sorted(message.to[0] for message in mail.outbox) == [f"member{n}@example.org" for n in range(4)]


def test_every_attempt_carries_the_same_message_id(smtp_server):
    smtp_server.handler.reply = "451 Try again later"
    message, _ = _enqueue()
    outbox_deliver(message_id=message.pk)
    smtp_server.handler.reply = None
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())

    outbox_deliver(message_id=message.pk)

    assert (
        smtp_server.messages[0]["Message-ID"]
        == f"<outbox-{message.pk}-{int(message.created_at.timestamp())}@portal.test>"
    )


def test_smtp_server_that_never_answers_times_out_and_is_retried(settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection but never says hello
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent.getsockname()[1], 1
    message, _ = _enqueue()
    started = time.monotonic()

    try:
        assert outbox_deliver(message_id=message.pk) == OutboxStatus.PENDING
    finally:
        silent.close()

    assert time.monotonic() - started < 5
    message.refresh_from_db()
    assert "timed out" in message.last_error


class SlowBackend(LocmemBackend):
    """Sends so slowly that the periodic recovery runs (an hour later) while the message is in flight."""

    def send_messages(self, messages):
        with time_machine.travel(timezone.now() + timedelta(hours=1)):
            assert outbox_recover_stuck() == 1
        return super().send_messages(messages)


def test_send_that_outlives_its_claim_is_not_sent_again_after_recovery(settings):
    # Recovery put the row back to pending while the first worker was still talking to the server. The
    # first worker's success must still count, or the next dispatch would send it a second time.
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    message, _ = _enqueue()

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.SENT
    assert outbox_dispatch_due() == 0

    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT


def test_message_that_kills_the_worker_every_time_ends_failed(settings):
    message, _ = _enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        attempts=settings.OUTBOX_MAX_ATTEMPTS,
    )

    assert outbox_recover_stuck() == 0

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.last_error == "The worker stopped while sending, on every attempt."


def test_resend_of_a_message_that_has_not_failed_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = _enqueue()
        assert outbox_resend(message=message) is False

    assert len(mail.outbox) == 1


def _failed(recipient):
    message, _ = _enqueue(recipient=recipient)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, last_error="550 No such mailbox"
    )
    return message


def test_admin_lists_filters_and_searches_the_outbox(client):
    sign_in(client, StaffFactory(is_superuser=True))
    _failed("failed@example.org")
    _enqueue(recipient="fine@example.org")

    by_status = client.get("/admin/core/outboxmessage/?status__exact=failed")
    by_kind = client.get("/admin/core/outboxmessage/?kind=test-note")
    by_recipient = client.get("/admin/core/outboxmessage/?q=failed%40example")

    assert [m.recipient for m in by_status.context["cl"].result_list] == ["failed@example.org"]
    assert by_kind.context["cl"].result_count == 2
    assert [m.recipient for m in by_recipient.context["cl"].result_list] == ["failed@example.org"]


def test_admin_resend_failed_action_sends_them_again(client, django_capture_on_commit_callbacks):
    sign_in(client, StaffFactory(is_superuser=True))
    failed = _failed("failed@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/outboxmessage/", {"action": "resend_failed", "_selected_action": [failed.pk]}
        )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["failed@example.org"]]
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.SENT


def test_staff_without_permission_cannot_see_the_outbox(client):
    sign_in(client, StaffFactory())

    assert client.get("/admin/core/outboxmessage/").status_code == 403


def test_staff_who_may_only_view_cannot_resend(client):
    from django.contrib.auth.models import Permission

    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    sign_in(client, staff)
    failed = _failed("failed@example.org")

    client.post("/admin/core/outboxmessage/", {"action": "resend_failed", "_selected_action": [failed.pk]})

    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.FAILED


def test_enqueue_many_skips_a_bad_address_and_queues_the_rest(django_capture_on_commit_callbacks):
    requests = _requests(2)
    requests[0].recipient = "not an address"

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_enqueue_many(requests=requests) == 1

    assert [message.to for message in mail.outbox] == [["member1@example.org"]]


def test_replies_to_any_email_reach_a_person_at_the_unit(smtp_server, settings):
    settings.REPLY_TO_EMAIL = "coordinator@iau.example"
    message, _ = _enqueue()

    outbox_deliver(message_id=message.pk)

    assert smtp_server.messages[0]["Reply-To"] == "coordinator@iau.example"
