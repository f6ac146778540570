"""The weekly "waiting for you" email: chosen by the person on /staff/ (off by default), sent on Monday at
07:30 London by the schedule and by `manage.py send_waiting_digest`, once a week, and only when something
waits."""

import datetime
import email
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from apps.involvement.models import PaymentRun
from apps.staff.models import WaitingEmailPreference
from apps.staff.tasks import send_waiting_emails
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.involvement import ExpenseFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime.datetime(2026, 3, 16, 7, 30, tzinfo=LONDON)


def finance_person(**fields):
    user = StaffFactory(display_name="Fay Finance", **fields)
    user.groups.add(Group.objects.get(name="Finance"))
    return user


def text_of(message) -> str:
    received = email.message_from_string(message.as_string())
    for part in received.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain-text part")


def test_the_choice_is_off_until_the_person_turns_it_on_on_their_staff_page(client):
    user = finance_person()
    sign_in(client, user)

    before = client.get("/staff/").content.decode()
    response = client.post("/staff/waiting-email/", {"weekly": "on"})
    after = client.get("/staff/").content.decode()
    client.post("/staff/waiting-email/", {})

    assert 'name="weekly"' in before and "checked" not in before.split('name="weekly"')[1].split(">")[0]
    assert response.status_code == 302
    assert response["Location"] == "/staff/#waiting-email"
    assert "checked" in after.split('name="weekly"')[1].split(">")[0]
    assert WaitingEmailPreference.objects.get(user=user).weekly is False


def send(capture):
    """The command, with the deliveries that follow its commit."""
    with capture(execute=True):
        call_command("send_waiting_digest", stdout=io.StringIO())


def test_monday_email_lists_the_work_once_however_often_it_runs(
    smtp_server, django_capture_on_commit_callbacks
):
    fay = finance_person()
    WaitingEmailPreference.objects.create(user=fay, weekly=True)
    quiet = finance_person(email="not-chosen@example.org")  # never chose it
    WaitingEmailPreference.objects.create(user=quiet, weekly=False)
    ExpenseFactory()
    ExpenseFactory()
    PaymentRun.objects.create(note="March")

    with time_machine.travel(MONDAY, tick=False):
        send(django_capture_on_commit_callbacks)
        send(django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            send_waiting_emails.delay()

    assert [message["To"] for message in smtp_server.messages] == [fay.email]
    message = smtp_server.messages[0]
    body = text_of(message)
    assert message["Subject"] == "What is waiting for you this week (16 March 2026)"
    assert "Expense claims to approve: 2 (the oldest arrived today)" in body
    assert "Payment runs to pay: 1 (the oldest arrived today)" in body
    assert f"{settings.SITE_URL}/admin/involvement/expense/?status__exact=pending" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_next_week_brings_a_new_email(smtp_server, django_capture_on_commit_callbacks):
    fay = finance_person()
    WaitingEmailPreference.objects.create(user=fay, weekly=True)

    with time_machine.travel(MONDAY, tick=False):
        ExpenseFactory()
        send(django_capture_on_commit_callbacks)
    with time_machine.travel(MONDAY + datetime.timedelta(days=7), tick=False):
        send(django_capture_on_commit_callbacks)

    assert len(smtp_server.messages) == 2
    assert "Expense claims to approve: 1 (oldest waiting 7 days)" in text_of(smtp_server.messages[1])


def test_nothing_is_sent_when_nothing_waits(smtp_server, django_capture_on_commit_callbacks):
    fay = finance_person()
    WaitingEmailPreference.objects.create(user=fay, weekly=True)

    with time_machine.travel(MONDAY, tick=False):
        send(django_capture_on_commit_callbacks)

    assert smtp_server.messages == []


def test_the_schedule_runs_on_monday_at_half_past_seven_london():
    entry = settings.CELERY_BEAT_SCHEDULE["staff-send-waiting-emails"]

    assert entry["task"] == "staff.send_waiting_emails"
    assert entry["schedule"] == crontab(hour=7, minute=30, day_of_week="mon")
    assert settings.CELERY_TIMEZONE == "Europe/London"
