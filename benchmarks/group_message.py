"""A message to 500 members: time to queue it, and time to deliver it to a local SMTP server.

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/group_message.py [--members 500]

Uses a throwaway test database (PostgreSQL when DATABASE_URL is set, SQLite otherwise). Queuing is what
the coordinator waits for when they press "Send to 500 people": one transaction through the outbox, its
delivery tasks going to an in-memory broker. Delivery then runs the outbox's own delivery function for
every row, one SMTP conversation each, against an aiosmtpd server on localhost (as a worker would).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iau_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.core.models import OutboxMessage  # noqa: E402
from apps.core.services import outbox_deliver  # noqa: E402
from apps.involvement.models import Group, Membership  # noqa: E402
from apps.messaging.enums import Audience  # noqa: E402
from apps.messaging.services import EMAIL_KIND, group_message_create, group_message_send  # noqa: E402
from iau_portal.celery import app as celery_app  # noqa: E402
from tests.smtp import SmtpSink  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    options = parser.parse_args()

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    assert celery_app.conf.broker_url == "memory://"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        group = Group.objects.create(slug="link", name="Link group", description="The Link group.")
        users = User.objects.bulk_create(
            User(email=f"member{n}@example.org", display_name=f"Member {n}", password="!")
            for n in range(options.members)
        )
        Membership.objects.bulk_create(
            Membership(group=group, user=user, joined_on="2024-01-01") for user in users
        )
        author = User.objects.create(email="coordinator@example.org", display_name="Cora", password="!")
        message = group_message_create(
            author=author,
            audience=Audience.GROUPS,
            subject="Our summer get-together",
            body="We meet on **18 July** at 12:30.\n\n- Lunch is provided\n- Travel is paid",
            groups=[group],
        )

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            queued = group_message_send(message=message)
        queue_seconds = time.perf_counter() - started
        again = group_message_send(message=message)

        ids = list(OutboxMessage.objects.filter(kind=EMAIL_KIND).order_by("pk").values_list("pk", flat=True))
        started = time.perf_counter()
        outcomes = [outbox_deliver(message_id=pk) for pk in ids]
        deliver_seconds = time.perf_counter() - started
        received = len(sink.messages)
        for pk in ids[:50]:  # a broker redelivering tasks: the rows are already sent
            outbox_deliver(message_id=pk)

        print(f"database: {connection.vendor}")
        print(
            f"members: {options.members}; queued: {queued} in {queue_seconds:.2f} s, {len(queries)} queries"
        )
        print(f"pressing send again: {again} queued")
        print(
            f"delivered: {outcomes.count('sent')} of {len(ids)} to the SMTP server "
            f"in {deliver_seconds:.1f} s "
            f"({1000 * deliver_seconds / max(len(ids), 1):.1f} ms each, one worker)"
        )
        print(
            f"emails the server received: {received}; after delivering 50 of them again: {len(sink.messages)}"
        )
    finally:
        sink.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
