"""The background half of `make bench`: the digest for every member, reminder sweeps, the full export.

Run by benchmarks/bench.py against the seeded database, with production settings. Emails are stored in
the outbox as in production; their delivery tasks go to an in-memory broker (this measures the portal's
work, not SMTP). Prints one line of JSON.
"""

import json
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.core.models import OutboxMessage  # noqa: E402
from apps.notifications import services  # noqa: E402
from iau_portal.celery import app as celery_app  # noqa: E402


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_export(client: Client) -> dict:
    """export.bib of the whole library: time to the first part, total time, peak Python memory."""
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/publications/export.bib", HTTP_HOST="127.0.0.1")
    parts = iter(response.streaming_content)
    first = next(parts)
    first_byte = time.perf_counter() - started
    size = len(first) + sum(len(part) for part in parts)
    total = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "export_first_byte_ms": 1000 * first_byte,
        "export_total_ms_traced": 1000 * total,
        "export_bytes": size,
        "export_peak_python_mb": peak / 1024 / 1024,
    }


def measure_export_untraced(client: Client) -> float:
    started = time.perf_counter()
    response = client.get("/publications/export.bib", HTTP_HOST="127.0.0.1")
    for _ in response.streaming_content:
        pass
    return 1000 * (time.perf_counter() - started)


def measure_cold_pages() -> dict:
    """Server time of pages rendered afresh (signed in: never from the cache), wall clock and this
    process's CPU, the median of 20 requests each. The CPU figure leaves out PostgreSQL's own work."""
    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.order_by("pk").first())
    results = {}
    for name, path in (("publications", "/publications/"), ("seminars", "/seminars/"), ("me", "/me/")):
        client.get(path, HTTP_HOST="127.0.0.1")
        walls, cpus = [], []
        for _ in range(20):
            started, cpu = time.perf_counter(), time.process_time()
            assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 200
            walls.append(1000 * (time.perf_counter() - started))
            cpus.append(1000 * (time.process_time() - cpu))
        results[f"cold_{name}_wall_ms"] = statistics.median(walls)
        results[f"cold_{name}_cpu_ms"] = statistics.median(cpus)
    return results


def measure_reminders(now) -> dict:
    from apps.communities.models import Meeting

    upcoming = Meeting.objects.filter(start__gt=now, cancelled=False).count()
    before = OutboxMessage.objects.count()
    started, cpu = time.perf_counter(), time.process_time()
    services.reminders_send_due(now=now)
    first_s, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    queued = OutboxMessage.objects.count() - before
    later = now + timedelta(minutes=5)
    started = time.perf_counter()
    services.reminders_send_due(now=later)
    steady_s = time.perf_counter() - started
    return {
        "upcoming_meetings": upcoming,
        "sweep_first_s": first_s,
        "sweep_first_cpu_s": first_cpu,
        "sweep_first_queued": queued,
        "sweep_steady_s": steady_s,
    }


def measure_digests(now) -> dict:
    rss_before = _peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    run = services.digests_send_due(now=now)
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    return {
        "digest_members": run.users,
        "digest_queued": run.queued,
        "digest_s": elapsed,
        "digest_cpu_ms_per_member": 1000 * cpu_used / max(run.users, 1),
        "digest_peak_rss_mb": _peak_rss_mb(),
        "digest_rss_before_mb": rss_before,
    }


def main():
    # Before the Celery app first reads its configuration: delivery tasks go to memory, not to a broker.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    assert celery_app.conf.broker_url == "memory://"
    now = timezone.now()
    results = {"python_rss_at_start_mb": _peak_rss_mb()}
    results.update(measure_digests(now))
    results.update(measure_reminders(now))
    client = Client()
    measure_export_untraced(client)  # warm: templates, imports
    results["export_total_ms"] = min(measure_export_untraced(client) for _ in range(3))
    results.update(measure_export(client))
    results.update(measure_cold_pages())
    print("BACKGROUND " + json.dumps(results))


if __name__ == "__main__":
    main()
