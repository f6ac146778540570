"""References stay sequential and unique when people ask at the same moment (PostgreSQL only: SQLite
runs one writer at a time, so there is no race to test)."""

import threading

import pytest
from django.db import connection, connections

from apps.brokering.models import EvidenceRequest
from apps.brokering.services import request_submit
from tests.brokering.conftest import ASK

FIELDS = {
    key: value
    for key, value in ASK.items()
    if key not in ("website", "needed_by", "application_deadline", "funder", "research_stage")
}
FIELDS.update(consent_to_contact=True, consent_to_publish=True)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_questions_get_distinct_sequential_references():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers")
    threads_count, each = 6, 4
    start = threading.Barrier(threads_count)
    errors = []

    def ask():
        try:
            start.wait()
            for _ in range(each):
                request_submit(**FIELDS)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(EvidenceRequest.objects.values_list("number", flat=True))
    assert numbers == list(range(1, threads_count * each + 1))
