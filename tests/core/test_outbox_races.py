"""Two outbox races: a slow but live send must not be recovered and sent twice (the stuck-recovery floor
is strictly longer than any send may run), and a batch counts and hands out only the rows it stored."""

import asyncio
import threading
import time
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from apps.core import tasks
from apps.core.enums import OutboxStatus
from apps.core.models import OutboxMessage
from apps.core.services import (
    OutboxRequest,
    outbox_deliver,
    outbox_delivery_time_limit,
    outbox_enqueue,
    outbox_enqueue_many,
    outbox_recover_stuck,
    outbox_send_deadline,
    outbox_stuck_after,
)
from apps.core.tasks import outbox_dispatch_due
from tests.smtp import RecordingHandler, SmtpSink


@dataclass
class SlowHandler(RecordingHandler):
    """A live but slow server: every step is answered just within EMAIL_TIMEOUT."""

    delay: float = 0.0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        await asyncio.sleep(self.delay)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        await asyncio.sleep(self.delay)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server(settings):
    sink = SmtpSink()
    sink.handler = SlowHandler(delay=1.0)
    sink.controller.handler = sink.handler
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    yield sink
    sink.stop()


def _waiting_message():
    # Stored directly: outbox_enqueue would hand it to the (eager) worker at once, outside this test's hold.
    return OutboxMessage.objects.create(
        recipient="member@example.org",
        cc=["carer1@example.org", "carer2@example.org", "carer3@example.org"],
        kind="test-note",
        subject="Slow",
        body_text="Text",
        next_attempt_at=timezone.now(),
    )


def _in_thread(target):
    result = {}

    def run():
        try:
            result["value"] = target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.django_db(transaction=True)
def test_a_slow_live_send_is_not_recovered_and_sent_twice(slow_smtp_server, settings):
    # The README allows a short OUTBOX_STUCK_AFTER_SECONDS; the floor must still outlast any live send.
    settings.OUTBOX_STUCK_AFTER_SECONDS = 1
    message = _waiting_message()
    # Seven steps (EHLO, MAIL, four RCPT, DATA) of one second each: about seven seconds, each step well
    # within the two-second EMAIL_TIMEOUT, and the whole within the eight-second send deadline.
    sending, outcome = _in_thread(lambda: outbox_deliver(message_id=message.pk))
    time.sleep(6.5)  # past three EMAIL_TIMEOUTs, while the first send is still talking to the server

    recovered = outbox_recover_stuck()
    outbox_dispatch_due()
    sending.join()

    assert recovered == 0
    assert outcome["value"] == OutboxStatus.SENT
    assert len(slow_smtp_server.messages) == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_send_that_outruns_its_deadline_is_cut_off_and_retried_later(slow_smtp_server, settings):
    settings.EMAIL_TIMEOUT = 1  # deadline 4 s; seven steps of one second each take longer
    message = _waiting_message()
    slow_smtp_server.handler.delay = 0.9
    started = time.monotonic()

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.PENDING

    assert time.monotonic() - started < outbox_delivery_time_limit()
    message.refresh_from_db()
    assert message.last_error == "TimeoutError: The send was cut off after 4 seconds"
    assert slow_smtp_server.messages == []


def test_each_limit_is_strictly_longer_than_the_one_before(settings):
    settings.OUTBOX_STUCK_AFTER_SECONDS = 0

    assert outbox_send_deadline() < outbox_delivery_time_limit() < outbox_stuck_after()
    assert tasks.deliver_outbox_message.time_limit == int(outbox_delivery_time_limit())
    assert tasks.deliver_outbox_message.time_limit < outbox_stuck_after()


class StoresTheSameEmailFirst:
    """Stands for a concurrent run: while this batch renders, another stores one of its emails first."""

    def __init__(self, recipient):
        self.recipient = recipient

    def __str__(self):
        outbox_enqueue(
            recipient=self.recipient,
            kind="test-note",
            template="account/prerendered",
            context={"subject": "From the other run", "body_text": "Text", "body_html": ""},
            occasion="batch",
        )
        return "Hello"


@pytest.mark.django_db
def test_a_batch_counts_only_the_rows_it_stored(django_capture_on_commit_callbacks):
    requests = [
        OutboxRequest(
            recipient=f"member{n}@example.org",
            kind="test-note",
            template="account/prerendered",
            context={"subject": "Hello", "body_text": "Text", "body_html": ""},
            occasion="batch",
        )
        for n in range(3)
    ]
    requests[0].context["subject"] = StoresTheSameEmailFirst("member2@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        queued = outbox_enqueue_many(requests=requests)

    assert queued == 2
    assert OutboxMessage.objects.count() == 3
    assert OutboxMessage.objects.get(recipient="member2@example.org").subject == "From the other run"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
