"""Brokers are reminded of requests waiting for a decision and of due dates, and their weekly digest
lists their open requests; each run twice sends nothing more."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from apps.brokering.enums import RequestStatus
from apps.brokering.models import EvidenceRequest
from apps.notifications.services import reminders_send_due
from tests.factories.brokering import EvidenceRequestFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _only_brokering_sources(settings):
    settings.NOTIFICATION_SOURCE_MODULES = ["apps.brokering.reminders", "apps.brokering.digest"]


def _run(django_capture_on_commit_callbacks, when):
    with time_machine.travel(when, tick=False):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                reminders_send_due()


def _received(when, **fields):
    evidence_request = EvidenceRequestFactory(**fields)
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(created_at=when)
    return evidence_request


def test_a_new_request_reminds_every_broker_after_5_working_days_once(
    broker, other_broker, django_capture_on_commit_callbacks
):
    # Received Thursday 5 March 2026, 10:00: 5 working days later is Thursday 12 March, 10:00.
    evidence_request = _received(at(2026, 3, 5, 10, 0))
    _run(django_capture_on_commit_callbacks, at(2026, 3, 12, 9, 55))
    assert mail.outbox == []
    _run(django_capture_on_commit_callbacks, at(2026, 3, 12, 10, 5))
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bea.broker@iau.example",
        "ben.broker@iau.example",
    ]
    assert f"deciding on {evidence_request.reference}, which has waited 5 working days" in mail.outbox[0].body
    _run(django_capture_on_commit_callbacks, at(2026, 3, 12, 18, 0))
    assert len(mail.outbox) == 2


def test_a_decided_request_sends_no_decision_reminder(broker, django_capture_on_commit_callbacks):
    _received(at(2026, 3, 5, 10, 0), status=RequestStatus.ACCEPTED, assignee=broker)
    _run(django_capture_on_commit_callbacks, at(2026, 3, 12, 10, 5))
    assert mail.outbox == []


def test_the_weekend_does_not_count(broker, django_capture_on_commit_callbacks):
    # Received Friday 6 March: 5 working days later is Friday 13 March, not Wednesday 11 March.
    _received(at(2026, 3, 6, 9, 0), assignee=broker)
    _run(django_capture_on_commit_callbacks, at(2026, 3, 11, 9, 5))
    assert mail.outbox == []
    _run(django_capture_on_commit_callbacks, at(2026, 3, 13, 9, 5))
    assert [message.to for message in mail.outbox] == [["bea.broker@iau.example"]]


def test_the_assigned_broker_is_reminded_as_the_due_date_nears(
    broker, other_broker, django_capture_on_commit_callbacks
):
    evidence_request = _received(
        at(2026, 3, 2, 9, 0),
        status=RequestStatus.IN_PROGRESS,
        assignee=broker,
        due_on=datetime.date(2026, 3, 20),
    )
    _run(django_capture_on_commit_callbacks, at(2026, 3, 13, 9, 30))  # a week before
    _run(django_capture_on_commit_callbacks, at(2026, 3, 19, 9, 30))  # the day before
    assert [message.to for message in mail.outbox] == [["bea.broker@iau.example"]] * 2
    assert evidence_request.reference in mail.outbox[0].subject + mail.outbox[0].body
    # Answered: no more reminders.
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(status=RequestStatus.ANSWERED)
    _run(django_capture_on_commit_callbacks, at(2026, 3, 19, 20, 0))
    assert len(mail.outbox) == 2


def test_weekly_digest_lists_each_brokers_open_requests(
    broker, other_broker, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 11, 25, 10, 0)):
        EvidenceRequestFactory(number=7, status=RequestStatus.ACCEPTED, assignee=broker, due_on="2026-12-10")
        EvidenceRequestFactory(number=8, status=RequestStatus.IN_PROGRESS, assignee=broker)
        EvidenceRequestFactory(number=9, status=RequestStatus.ANSWERED, assignee=broker)
        EvidenceRequestFactory(number=10, status=RequestStatus.ACCEPTED, assignee=other_broker)
    with time_machine.travel(at(2026, 11, 30, 7, 30)):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_digests", verbosity=0)
    digests = {message.to[0]: message.body for message in mail.outbox if "round-up" in message.subject}
    bea = digests["bea.broker@iau.example"]
    assert "YOUR OPEN REQUESTS FOR EVIDENCE" in bea
    assert "ASK-0007 (accepted, due 10 December 2026)" in bea
    assert "ASK-0008 (in progress, no due date)" in bea
    assert "ASK-0009" not in bea and "ASK-0010" not in bea
    assert "ASK-0010" in digests["ben.broker@iau.example"]
    assert len(mail.outbox) == 2
