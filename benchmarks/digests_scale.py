"""Digest run for 10,000 members: time, queries per batch, peak memory.

    .venv/bin/python benchmarks/digests_scale.py [--members 10000] [--batch 500]

Uses a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL is set) and the test digest
source (every member hears about the members who joined this week). Emails are stored in the outbox
and their delivery tasks go to an in-memory broker: this measures the digest run, not SMTP.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iau_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.core.models import OutboxMessage  # noqa: E402
from apps.notifications import services  # noqa: E402
from iau_portal.celery import app as celery_app  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    options = parser.parse_args()

    settings.NOTIFICATION_SOURCE_MODULES = ["tests.notifications.sources"]
    # Before the Celery app first reads its configuration: delivery tasks go to memory, not to a broker.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    assert celery_app.conf.broker_url == "memory://"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        now = timezone.now()
        until = services.digest_period_end("weekly", now)
        long_ago = now - timedelta(days=365)
        users = [
            User(
                email=f"member{n}@example.org", display_name=f"Member {n}", password="!", date_joined=long_ago
            )
            for n in range(options.members)
        ]
        for n in range(10):  # this week's newcomers: what every digest reports
            users[n].date_joined = until - timedelta(days=1, hours=n)
        User.objects.bulk_create(users, batch_size=1000)

        per_batch = []
        original = services._digest_batch

        def measured_batch(**kwargs):
            with CaptureQueriesContext(connection) as queries:
                result = original(**kwargs)
            per_batch.append(len(queries))
            connection.queries_log.clear()  # the counting itself must not hold the SQL text of every batch
            return result

        services._digest_batch = measured_batch
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu_started = time.perf_counter(), time.process_time()
        run = services.digests_send_due(now=now, batch_size=options.batch)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        again = services.digests_send_due(now=now, batch_size=options.batch)
        first_run_batches, outbox_rows = list(per_batch), OutboxMessage.objects.count()
        # Python's own allocations, traced over the next week's run (slower under tracemalloc, so not timed).
        User.objects.bulk_create(
            User(email=f"next{n}@example.org", password="!", date_joined=until + timedelta(days=1))
            for n in range(10)
        )
        tracemalloc.start()
        traced = services.digests_send_due(now=now + timedelta(days=7), batch_size=options.batch)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        print(f"database: {connection.vendor}")
        print(f"members: {options.members}, batch size: {options.batch}, batches: {run.batches}")
        print(f"digests queued: {run.queued} (outbox rows: {outbox_rows})")
        print(
            f"time: {elapsed:.1f} s wall clock, {cpu:.1f} s CPU "
            f"({1000 * cpu / max(run.users, 1):.2f} ms CPU per member)"
        )
        print(f"queries per batch: min {min(first_run_batches)}, max {max(first_run_batches)}")
        print(
            f"peak RSS of the process: {rss_before / 1024:.0f} MiB before the run, "
            f"{rss_after / 1024:.0f} MiB after"
        )
        print(
            f"peak Python allocations during the next week's run of {traced.queued} digests (tracemalloc): "
            f"{peak / 1024 / 1024:.1f} MiB"
        )
        print(f"second run right after: {again.queued} queued, {again.users} members due")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
