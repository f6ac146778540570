"""Capacity under concurrent registrations, against PostgreSQL (the row lock is the point)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Registration
from tests.factories.seminars import SeminarFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test there.",
    ),
]


def _post_in_parallel(url, payloads):
    barrier = threading.Barrier(len(payloads))
    statuses = []

    def register(data):
        try:
            barrier.wait()
            statuses.append(Client().post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(data,)) for data in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _form(email):
    return {"name": "Parallel Person", "email": email, "role": "researcher", "consent": "on"}


def test_parallel_registrations_never_exceed_capacity(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 100  # every thread comes from 127.0.0.1
    seminar = SeminarFactory(capacity=3)
    url = f"/seminars/{seminar.slug}/register/"

    statuses = _post_in_parallel(url, [_form(f"person{n}@example.org") for n in range(12)])

    assert statuses == [302] * 12
    counts = {
        status: Registration.objects.filter(seminar=seminar, status=status).count()
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    }
    assert counts == {RegistrationStatus.CONFIRMED: 3, RegistrationStatus.WAITLISTED: 9}


def test_parallel_registrations_with_one_email_take_one_place(settings):
    # The race is the point here, not the abuse limit on one email address.
    settings.SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR = 100
    seminar = SeminarFactory(capacity=5)
    url = f"/seminars/{seminar.slug}/register/"

    statuses = _post_in_parallel(
        url, [_form("Same@Example.org" if n % 2 else "same@example.org") for n in range(8)]
    )

    assert statuses == [302] * 8
    assert Registration.objects.filter(seminar=seminar).count() == 1
