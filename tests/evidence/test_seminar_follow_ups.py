""" "What will you do differently?" in seminar feedback, and three months later one "Did you?" email to
those who agreed (over real SMTP), its signed link, the answer, and staff accepting a reported change."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from apps.evidence.enums import ProposalState
from apps.evidence.models import FollowUp, Impact
from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Feedback
from apps.seminars.services import feedback_submit
from tests.auth import sign_in
from tests.evidence.conftest import staff_in
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

SITE = "https://portal.test"
STARTS_AT = datetime(2026, 1, 14, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def seminar(db):
    return SeminarFactory(
        title="Exercise first for knee pain", starts_at=STARTS_AT, ends_at=STARTS_AT + timedelta(hours=2)
    )


def _feedback(seminar, *, email, plan="Ask every patient about exercise first.", agreed=True, **registration):
    person = RegistrationFactory(seminar=seminar, email=email, **registration)
    with time_machine.travel(STARTS_AT + timedelta(hours=3), tick=False):
        return feedback_submit(registration=person, rating=4, will_do_differently=plan, may_ask_later=agreed)


def _did_you_emails(smtp_server):
    return [m for m in smtp_server.messages if m["Subject"].startswith("Did you?")]


def test_the_feedback_form_asks_what_they_will_do_differently_and_whether_we_may_ask(client, seminar):
    registration = RegistrationFactory(seminar=seminar, email="kim@example.org")
    with time_machine.travel(STARTS_AT + timedelta(hours=3), tick=False):
        url = tokens.signed_path(registration, tokens.FEEDBACK)
        form = client.get(url).content.decode()
        assert "What will you do differently?" in form
        refused = client.post(url, {"rating": "5", "may_ask_later": "on"})
        assert refused.status_code == 400
        assert "Write what you will do differently" in refused.content.decode()
        assert (
            client.post(
                url,
                {
                    "rating": "5",
                    "will_do_differently": "Offer a class before a referral.",
                    "may_ask_later": "on",
                },
            ).status_code
            == 200
        )

    feedback = Feedback.objects.get()
    assert (feedback.will_do_differently, feedback.may_ask_later) == (
        "Offer a class before a referral.",
        True,
    )


def test_did_you_goes_once_three_months_on_only_to_those_who_agreed(
    client, seminar, smtp_server, django_capture_on_commit_callbacks
):
    _feedback(seminar, email="kim@example.org")
    _feedback(seminar, email="no@example.org", agreed=False)  # did not agree
    _feedback(seminar, email="stopped@example.org", emails_stopped=True)  # asked for no more emails
    gone = _feedback(seminar, email="gone@example.org").registration  # later cancelled by staff
    type(gone).objects.filter(pk=gone.pk).update(status=RegistrationStatus.CANCELLED)
    day_90 = STARTS_AT + timedelta(days=90, minutes=5)

    for moment in (STARTS_AT + timedelta(days=89), day_90, day_90 + timedelta(minutes=5)):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", verbosity=0)

    (email,) = _did_you_emails(smtp_server)
    assert email["To"] == "kim@example.org"
    assert email["Subject"] == "Did you? Three months after Exercise first for knee pain"
    text = email.get_body(("plain",)).get_content()
    assert "Ask every patient about exercise first." in text
    assert FollowUp.objects.get().after_days == 90

    link = re.search(rf"{re.escape(SITE)}(/seminars/did-you/[^/\s]+/)", text).group(1)
    with time_machine.travel(day_90 + timedelta(days=2), tick=False):
        page = client.get(link)
        assert page.status_code == 200
        assert "<h1>Did you?</h1>" in page.content.decode()
        assert client.post(link, {"may_quote": "no"}).status_code == 400
        thanks = client.post(
            link,
            {
                "helped": "partly",
                "change_reported": "Our practice now offers a class before any knee referral.",
                "may_quote": "no",
            },
        )
        assert thanks.status_code == 200
        assert client.get(link).status_code == 410  # used
    # A request's link cannot open it, nor the other way round.
    assert client.get(link.replace("/seminars/did-you/", "/ask/follow-up/")).status_code == 404

    follow_up = FollowUp.objects.get()
    assert (follow_up.helped, follow_up.proposal) == ("partly", ProposalState.PROPOSED)
    sign_in(client, staff_in("Unit lead", "lead@iau.example"))
    detail = client.get(f"/staff/impacts/follow-ups/{follow_up.pk}/").content.decode()
    assert "Ask every patient about exercise first." in detail
    client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/",
        {"title": "A practice offers a class before knee referrals", "level": "adoption"},
    )
    impact = Impact.objects.get()
    assert list(impact.seminars.all()) == [seminar]
    assert impact.evidence_items.get().title.endswith("(not for quoting)")
