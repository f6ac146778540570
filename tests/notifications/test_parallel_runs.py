"""Three `send_reminders` at once (cron, beat and a person at a terminal) queue each reminder once and
report it once in total: each run counts and hands to the workers only the rows it stored itself."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from apps.core.contracts import Attendee
from apps.core.models import OutboxMessage
from tests.factories.accounts import UserFactory
from tests.factories.notifications import TopicFactory

MEETING = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_three_parallel_send_reminders_queue_and_report_ten_reminders_once(notification_sources):
    members = [UserFactory(email=f"member{n}@example.org") for n in range(10)]
    notification_sources.add_occasion(
        topic=TopicFactory(name="Stroke rehab", slug="stroke-rehab"),
        starts_at=MEETING,
        ends_at=MEETING + timedelta(hours=1),
        title="Stroke rehab community meeting",
        where="Online",
        mode="online",
        uid="communities-meeting-7@iau-portal",
        sequence=0,
        attendees=[Attendee(email=m.email, name="", user_id=m.pk, change_url="/me/") for m in members],
    )
    start = threading.Barrier(3)
    outputs = [StringIO() for _ in range(3)]

    def run(output):
        try:
            start.wait()
            call_command("send_reminders", stdout=output)
        finally:
            connection.close()

    with time_machine.travel(MEETING - timedelta(hours=20), tick=False):
        runs = [threading.Thread(target=run, args=(output,)) for output in outputs]
        for thread in runs:
            thread.start()
        for thread in runs:
            thread.join()

    reports = sorted(output.getvalue().strip() for output in outputs)
    counts = [int(report.split()[1]) for report in reports]
    assert sum(counts) == 10
    assert reports.count("Queued 10 reminder(s).") <= 1
    assert OutboxMessage.objects.count() == 10
    assert len(mail.outbox) == 10
