"""Nothing twice, nothing lost, against the real thing: Redis as broker, real Celery worker processes
sharing the PostgreSQL test database, and a real SMTP server (aiosmtpd).

Covers: beat firing twice, the command run by hand while beat runs, two workers, a worker killed
mid-send. The workers find the reminders and digests the way production does (every installed app's
`reminders.py` and `digest.py`): a real community meeting, a real seminar and a real new seminar for the
digest go through them. Skips where DATABASE_URL (PostgreSQL) or REDIS_URL is not set; CI sets both.
"""

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.core.enums import OutboxStatus
from apps.core.models import OutboxMessage
from apps.core.services import outbox_enqueue
from apps.notifications import tasks as notification_tasks
from apps.notifications.services import digest_period_end
from iau_portal.celery import app as celery_app
from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory
from tests.smtp import RecordingHandler, SmtpSink

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): real workers share the test database",
    ),
]


@dataclass
class HangingHandler(RecordingHandler):
    """Records like the normal sink; while `hang` is set it keeps every DATA waiting and records nothing."""

    hang: bool = False
    hung: int = 0

    async def handle_DATA(self, server, session, envelope):
        if self.hang:
            self.hung += 1
            await asyncio.sleep(30)
            return "451 Too late"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.handler = HangingHandler()
    sink.controller.handler = sink.handler
    sink.start()
    yield sink
    sink.stop()


# The worker's settings as tests/notifications/worker_settings.py has them, but with the domain apps' own
# reminders and digests, found as in production (tests/notifications/sources.py stands in there).
REAL_SOURCES_SETTINGS = """from tests.notifications.worker_settings import *  # noqa: F403
from iau_portal.settings import base

NOTIFICATION_SOURCE_MODULES = base.NOTIFICATION_SOURCE_MODULES
"""


@pytest.fixture
def broker(transactional_db, settings, tmp_path):
    """The test process sends tasks to Redis (not eagerly) and workers start with its settings.

    Both the test process and the workers read the real domain apps' reminders and digests.
    """
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFICATION_SOURCE_MODULES = None  # discovery, as in production
    celery_app.control.purge()
    workers = []
    (tmp_path / "real_sources_worker_settings.py").write_text(REAL_SOURCES_SETTINGS)

    def start(name, smtp_port, *, wait=True, **env):
        """Start a worker; with `wait` (the default), wait until it and every worker started before it
        are ready. Two workers started with `wait=False` and then `wait=True` boot side by side."""
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "iau_portal",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "-n",
                f"{name}@%h",
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "real_sources_worker_settings",
                "IAU_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
                "IAU_TEST_SMTP_PORT": str(smtp_port),
                "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        workers.append((name, process))
        if wait:
            for started, _ in workers:
                _wait_for(
                    lambda started=started: "ready." in (tmp_path / f"{started}.log").read_text(),
                    timeout=30,
                    what=f"{started} ready",
                )
        return process

    yield start
    for _, process in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    celery_app.control.purge()
    # The killed worker's task stays "unacked" in Redis and would come back in a later run: drop it.
    with celery_app.connection_for_write() as broker_connection:
        broker_connection.default_channel.client.delete("unacked", "unacked_index")
    celery_app.conf.task_always_eager = eager


def _wait_for(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}")


def _all_sent():
    return not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


def test_beat_twice_and_the_commands_by_hand_with_two_workers_send_each_email_once(broker, smtp_sink):
    now = timezone.now()
    members = [
        UserFactory(email=f"member{n}@example.org", date_joined=now - timedelta(days=90)) for n in range(3)
    ]
    # Reminders: a community meeting tomorrow for its members, a seminar tomorrow for its registrants.
    meeting = MeetingFactory(title="Evidence review", start=now + timedelta(hours=20))
    for member in members:
        MembershipFactory(community=meeting.community, user=member)
    seminar = SeminarFactory(title="Knee pain seminar", starts_at=now + timedelta(hours=21))
    for n in range(2):
        RegistrationFactory(seminar=seminar, email=f"guest{n}@example.org")
    # The digest: a seminar announced in the week the digest covers, for every member.
    with time_machine.travel(digest_period_end("weekly", now) - timedelta(days=1), tick=False):
        announced = SeminarFactory(title="Seminar announced last week", starts_at=now + timedelta(days=60))

    broker("first", smtp_sink.port, wait=False)
    broker("second", smtp_sink.port)  # both ready before any task is sent

    for _ in range(2):  # beat fires twice
        notification_tasks.send_reminders.delay()
        notification_tasks.send_digests.delay()
    call_command("send_reminders", stdout=open(os.devnull, "w"))  # noqa: SIM115 - by hand, meanwhile
    call_command("send_digests", stdout=open(os.devnull, "w"))  # noqa: SIM115
    celery_app.send_task("core.outbox_dispatch_due")
    celery_app.send_task("core.outbox_dispatch_due")

    _wait_for(lambda: len(smtp_sink.messages) >= 8 and _all_sent(), timeout=60, what="eight emails sent")
    time.sleep(2)  # anything sent twice would arrive now

    received = sorted((message["To"], message["Subject"].split(",")[0]) for message in smtp_sink.messages)
    assert received == sorted(
        [
            (f"member{n}@example.org", f"Reminder: Evidence review ({meeting.community.name})")
            for n in range(3)
        ]
        + [(f"guest{n}@example.org", "Reminder: Knee pain seminar") for n in range(2)]
        + [(f"member{n}@example.org", "Your weekly round-up from the IAU Portal") for n in range(3)]
    )
    digests = [message for message in smtp_sink.messages if "round-up" in message["Subject"]]
    assert all(announced.title in _text(message) for message in digests)


def _text(message) -> str:
    return next(part for part in message.walk() if part.get_content_type() == "text/plain").get_content()


def test_two_workers_racing_over_the_same_messages_send_each_once(broker, smtp_sink):
    messages = [
        outbox_enqueue(
            recipient=f"person{n}@example.org",
            kind="test-note",
            template="account/prerendered",
            context={"subject": f"Note {n}", "body_text": "Text", "body_html": ""},
        )[0]
        for n in range(20)
    ]
    broker("first", smtp_sink.port, wait=False)
    broker("second", smtp_sink.port)  # both ready before any task is sent

    for message in messages:  # every message asked for three more times, as a redelivering broker might
        for _ in range(3):
            celery_app.send_task("core.deliver_outbox_message", kwargs={"message_id": message.pk})
    celery_app.send_task("core.outbox_dispatch_due")
    celery_app.send_task("core.outbox_dispatch_due")

    _wait_for(lambda: len(smtp_sink.messages) >= 20 and _all_sent(), timeout=60, what="twenty emails sent")
    time.sleep(2)
    assert sorted(message["To"] for message in smtp_sink.messages) == sorted(
        f"person{n}@example.org" for n in range(20)
    )


def test_worker_killed_mid_send_is_recovered_and_sends_once(broker, smtp_sink):
    smtp_sink.handler.hang = True
    doomed = broker("doomed", smtp_sink.port, IAU_TEST_EMAIL_TIMEOUT="60")
    message, _ = outbox_enqueue(
        recipient="member@example.org",
        kind="test-note",
        template="account/prerendered",
        context={"subject": "Only once", "body_text": "Text", "body_html": ""},
    )
    _wait_for(lambda: smtp_sink.handler.hung == 1, timeout=30, what="the send to start")
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENDING

    os.killpg(doomed.pid, signal.SIGKILL)  # the worker dies in the middle of the SMTP conversation
    doomed.wait(timeout=10)
    smtp_sink.handler.hang = False
    # Its task is never acknowledged, but no other worker sends a message that is still "sending".
    broker("rescuer", smtp_sink.port, IAU_TEST_EMAIL_TIMEOUT="1", IAU_TEST_STUCK_AFTER_SECONDS="3")
    celery_app.send_task("core.outbox_dispatch_due")
    celery_app.send_task("core.deliver_outbox_message", kwargs={"message_id": message.pk})
    time.sleep(2)
    assert smtp_sink.messages == []

    # Recovery waits until the row has been "sending" longer than any live send could take (at least
    # eight EMAIL_TIMEOUTs, here 8 s): ask for it every second, as the schedule would, until it comes.
    def recovered():
        celery_app.send_task("core.outbox_recover_stuck")
        time.sleep(1)
        return OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.PENDING

    _wait_for(recovered, timeout=30, what="recovery")
    celery_app.send_task("core.outbox_dispatch_due")
    celery_app.send_task("core.outbox_dispatch_due")

    _wait_for(lambda: len(smtp_sink.messages) >= 1 and _all_sent(), timeout=30, what="the email sent")
    time.sleep(2)
    assert [received["Subject"] for received in smtp_sink.messages] == ["Only once"]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2
