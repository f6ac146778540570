"""Follow-ups of answered requests for evidence: the sweep's one email per period (over real SMTP), the
signed link to "Did it help?", the answer, "please stop asking me", and staff accepting a proposed change
as an impact with its evidence."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.brokering.enums import RequestStatus
from apps.core.models import OutboxMessage
from apps.evidence.enums import EvidenceKind, ImpactStatus, ProposalState
from apps.evidence.models import FollowUp, Impact
from apps.evidence.services import follow_up_token_for, follow_ups_send_due
from tests.factories.brokering import EvidenceRequestFactory

pytestmark = pytest.mark.django_db

SITE = "https://portal.test"
# In UTC: "30 days after" is 30 times 24 hours, whatever the clocks in London do meanwhile.
ANSWERED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def answered(**fields):
    values = {"status": RequestStatus.ANSWERED, "answered_at": ANSWERED_AT, "answer": "Yes, it helps."}
    return EvidenceRequestFactory(**{**values, **fields})


def sweep(capture, *, at):
    """`manage.py send_reminders` at `at`, its emails delivered as the workers would."""
    with time_machine.travel(at, tick=False), capture(execute=True):
        call_command("send_reminders", verbosity=0)


def _link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"{re.escape(SITE)}(/ask/follow-up/[^/\s]+/)", text)
    assert found, text
    return found.group(1)


def _follow_up_emails(smtp_server):
    return [m for m in smtp_server.messages if m["Subject"].startswith("Did our answer help?")]


def test_the_30_day_email_goes_once_with_a_link_that_opens_the_form(
    client, smtp_server, django_capture_on_commit_callbacks
):
    evidence_request = answered(email="dr.ada@example.org", name="Dr Ada Okafor")
    day_30 = ANSWERED_AT + timedelta(days=30, minutes=5)

    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=29, hours=23))
    assert _follow_up_emails(smtp_server) == []  # not yet due
    sweep(django_capture_on_commit_callbacks, at=day_30)
    sweep(django_capture_on_commit_callbacks, at=day_30 + timedelta(minutes=5))  # the next run: nothing

    (email,) = _follow_up_emails(smtp_server)
    assert email["To"] == "dr.ada@example.org"
    assert email["Subject"] == f"Did our answer help? ({evidence_request.reference})"
    text = email.get_body(("plain",)).get_content()
    assert text.startswith("Dear Dr Ada Okafor,")
    assert "Did it help?" in text and "What decision did it inform?" in text and "Can we quote you?" in text
    # The stored email holds no link: it is signed as the email is sent.
    stored = OutboxMessage.objects.get(kind="ask-follow-up")
    assert "/ask/follow-up/" not in stored.body_text
    follow_up = FollowUp.objects.get()
    assert (follow_up.evidence_request, follow_up.after_days) == (evidence_request, 30)
    assert follow_up.sent_at == day_30

    with time_machine.travel(day_30 + timedelta(hours=2), tick=False):  # they open it that morning
        page = client.get(_link(email))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Did our answer help?</h1>" in html
    assert evidence_request.reference in html


def test_a_retry_of_the_same_period_sends_nothing_even_without_the_row(django_capture_on_commit_callbacks):
    """The unique row keeps it to one; behind it, the outbox key does too (a row deleted by hand)."""
    answered()
    now = ANSWERED_AT + timedelta(days=30, hours=1)
    with django_capture_on_commit_callbacks(execute=False):
        assert follow_ups_send_due(now=now) == 1
        assert follow_ups_send_due(now=now) == 0
        FollowUp.objects.all().delete()
        assert follow_ups_send_due(now=now) == 0
    assert OutboxMessage.objects.filter(kind="ask-follow-up").count() == 1


def test_no_follow_up_for_requests_not_answered_or_long_ago(django_capture_on_commit_callbacks):
    now = ANSWERED_AT + timedelta(days=30, hours=1)
    EvidenceRequestFactory(status=RequestStatus.DECLINED, decided_at=ANSWERED_AT)
    EvidenceRequestFactory(status=RequestStatus.IN_PROGRESS)
    answered(answered_at=ANSWERED_AT - timedelta(days=20))  # 50 days ago: its 30 days passed unsent
    with django_capture_on_commit_callbacks(execute=False):
        assert follow_ups_send_due(now=now) == 0
    assert FollowUp.objects.count() == 0


def test_the_90_day_email_goes_after_an_unanswered_30_day_one_but_not_after_stop(
    client, smtp_server, django_capture_on_commit_callbacks
):
    quiet = answered(email="quiet@example.org")
    stopper = answered(email="stop@example.org")
    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=30, hours=1))
    by_recipient = {m["To"]: m for m in _follow_up_emails(smtp_server)}
    assert set(by_recipient) == {"quiet@example.org", "stop@example.org"}

    with time_machine.travel(ANSWERED_AT + timedelta(days=31), tick=False):
        response = client.post(_link(by_recipient["stop@example.org"]), {"stop_asking": "on"})
    assert response.status_code == 200
    assert "We will not ask you about this again." in response.content.decode()

    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=90, hours=1))
    later = [m["To"] for m in _follow_up_emails(smtp_server)][2:]
    assert later == ["quiet@example.org"]
    assert FollowUp.objects.filter(evidence_request=quiet).count() == 2
    assert FollowUp.objects.filter(evidence_request=stopper).count() == 1


def test_bad_input_gets_messages_next_to_the_fields_and_keeps_the_answers(client):
    follow_up = FollowUp.objects.create(evidence_request=answered(), after_days=30, sent_at=ANSWERED_AT)
    url = f"/ask/follow-up/{follow_up_token_for(follow_up.pk)}/"

    response = client.post(url, {"may_quote": "yes", "decision_informed": "Whether to run a clinic"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose yes, partly or no" in html
    assert "Write what we may quote" in html
    assert 'aria-describedby="id_helped_error' in html or 'id="id_helped_error' in html
    assert "Whether to run a clinic" in html  # what they wrote stays
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_an_expired_link_and_a_used_link_get_clear_pages(client):
    follow_up = FollowUp.objects.create(evidence_request=answered(), after_days=30, sent_at=ANSWERED_AT)
    with time_machine.travel(ANSWERED_AT, tick=False):
        token = follow_up_token_for(follow_up.pk)
    with time_machine.travel(ANSWERED_AT + timedelta(days=61), tick=False):
        expired = client.get(f"/ask/follow-up/{token}/")
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()

    fresh = f"/ask/follow-up/{follow_up_token_for(follow_up.pk)}/"
    assert client.post(fresh, {"helped": "yes"}).status_code == 200
    used = client.get(fresh)
    assert used.status_code == 410
    assert "You have already answered" in used.content.decode()
    again = client.post(fresh, {"helped": "no"})
    assert again.status_code == 410
    follow_up.refresh_from_db()
    assert follow_up.helped == "yes"

    assert client.get("/ask/follow-up/not-a-token/").status_code == 404


# Per email: a savepoint around the row, the row, the outbox's key check, the recipient's account and
# needs, the outbox row in its own savepoint.
PER_EMAIL = 11


def test_the_sweep_costs_few_queries_when_nothing_is_due_and_a_fixed_number_per_email(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    now = ANSWERED_AT + timedelta(days=30, hours=1)
    with django_assert_num_queries(3):  # requests at 30 and 90 days, seminar feedback at 90
        assert follow_ups_send_due(now=now) == 0
    answered()
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(3 + PER_EMAIL):
        assert follow_ups_send_due(now=now) == 1
    answered(email="second@example.org")
    answered(email="third@example.org")
    with django_capture_on_commit_callbacks(execute=False), django_assert_num_queries(3 + 2 * PER_EMAIL):
        assert follow_ups_send_due(now=now) == 2


# ------------------------------------------------------------------------------------------ staff decide


def _answered_follow_up(**answer):
    from apps.evidence.services import follow_up_answer

    follow_up = FollowUp.objects.create(evidence_request=answered(), after_days=30, sent_at=ANSWERED_AT)
    values = {"helped": "yes", "change_reported": "We started a hand clinic.", **answer}
    return follow_up_answer(follow_up=follow_up, now=ANSWERED_AT + timedelta(days=31), **values)


def test_from_email_to_an_accepted_impact_with_the_quote_as_evidence(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    evidence_request = answered(email="dr.ada@example.org", organisation="Riverside Health Centre")
    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=30, hours=1))
    (email,) = _follow_up_emails(smtp_server)
    with time_machine.travel(ANSWERED_AT + timedelta(days=32), tick=False):
        thanks = client.post(
            _link(email),
            {
                "helped": "yes",
                "decision_informed": "Whether to open a clinic for working-age patients.",
                "change_reported": "We opened a hand clinic on Tuesday evenings.",
                "may_quote": "yes",
                "quote": "The answer gave us the confidence to open the clinic.",
            },
        )
    assert thanks.status_code == 200
    assert "A member of the unit's staff will read what changed." in thanks.content.decode()
    follow_up = FollowUp.objects.get()
    assert follow_up.proposal == ProposalState.PROPOSED
    assert follow_up.helped == "yes" and follow_up.may_quote

    broker = staff_in("Knowledge broker", "bea.broker@iau.example")
    sign_in(client, broker)
    listing = client.get("/staff/impacts/follow-ups/?proposal=proposed").content.decode()
    assert f'href="/staff/impacts/follow-ups/{follow_up.pk}/"' in listing
    assert "Proposed by follow-ups" in client.get("/staff/impacts/").content.decode()
    # The brokers' page of the request shows its follow-up and leads to the answer.
    request_page = client.get(f"/staff/requests/{evidence_request.number}/").content.decode()
    assert "Follow-ups" in request_page and "After 30 days: sent" in request_page
    assert f'href="/staff/impacts/follow-ups/{follow_up.pk}/"' in request_page
    assert "proposal proposed to staff" in request_page
    detail = client.get(f"/staff/impacts/follow-ups/{follow_up.pk}/").content.decode()
    assert "We opened a hand clinic on Tuesday evenings." in detail
    assert "Accept as an impact" in detail

    empty = client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/", {"title": " ", "level": "adoption"}
    )
    assert empty.status_code == 400
    assert "Give the impact a plain title" in empty.content.decode()
    response = client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/",
        {"title": "Riverside opened a hand clinic for working-age patients", "level": "adoption"},
    )

    impact = Impact.objects.get()
    assert response.status_code == 302 and response.url == impact.get_absolute_url()
    assert impact.status == ImpactStatus.CLAIMED
    assert list(impact.evidence_requests.all()) == [evidence_request]
    assert impact.organisations == "Riverside Health Centre"
    (item,) = impact.evidence_items.all()
    assert item.kind == EvidenceKind.TESTIMONIAL
    assert item.description == "The answer gave us the confidence to open the clinic."
    assert item.added_by == broker
    follow_up.refresh_from_db()
    assert (follow_up.proposal, follow_up.impact, follow_up.proposal_decided_by) == (
        ProposalState.ACCEPTED,
        impact,
        broker,
    )
    # A second click makes nothing more.
    again = client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/", {"title": "Again", "level": "adoption"}
    )
    assert again.status_code == 302
    assert Impact.objects.count() == 1


def test_without_leave_to_quote_the_answer_is_evidence_not_for_quoting(client):
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    follow_up = _answered_follow_up(may_quote=False)
    sign_in(client, staff_in("Unit lead", "lead@iau.example"))
    client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/", {"title": "A clinic", "level": "benefit"}
    )

    (item,) = Impact.objects.get().evidence_items.all()
    assert item.title.endswith("(not for quoting)")
    assert "We started a hand clinic." in item.description


def test_dismissing_keeps_the_answer_and_makes_no_impact(client):
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    follow_up = _answered_follow_up()
    sign_in(client, staff_in("Involvement coordinator", "cora@iau.example"))
    response = client.post(f"/staff/impacts/follow-ups/{follow_up.pk}/dismiss/")

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.proposal == ProposalState.DISMISSED
    assert follow_up.change_reported == "We started a hand clinic."
    assert Impact.objects.count() == 0


@pytest.mark.parametrize("role", ["Finance", "Communications editor"])
def test_roles_that_may_not_add_impacts_neither_see_nor_decide(client, role):
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    follow_up = _answered_follow_up()
    sign_in(client, staff_in(role, "other@iau.example"))

    assert client.get(f"/staff/impacts/follow-ups/{follow_up.pk}/").status_code == 403
    assert client.post(f"/staff/impacts/follow-ups/{follow_up.pk}/accept/", {"title": "x"}).status_code == 403
    assert client.post(f"/staff/impacts/follow-ups/{follow_up.pk}/dismiss/").status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.proposal == ProposalState.PROPOSED


def test_the_waiting_card_counts_proposals_by_hand(client):
    """Counted: 2 answers proposing a change (oldest answered 30 March). Not counted: an accepted one, a
    dismissed one, an answer with no change, a follow-up sent but not answered."""
    from apps.evidence.services import follow_up_dismiss
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    lead = staff_in("Unit lead", "lead@iau.example")
    oldest = _answered_follow_up()  # counted
    FollowUp.objects.filter(pk=oldest.pk).update(answered_at=datetime(2026, 3, 30, 9, tzinfo=UTC))
    _answered_follow_up()  # answered 2 April 2026 (31 days after 2 March): counted
    follow_up_dismiss(follow_up=_answered_follow_up(), by=lead)  # dismissed
    _answered_follow_up(change_reported="")  # nothing changed: nothing proposed
    FollowUp.objects.create(evidence_request=answered(), after_days=30, sent_at=ANSWERED_AT)  # unanswered
    accepted = _answered_follow_up()
    sign_in(client, lead)
    client.post(
        f"/staff/impacts/follow-ups/{accepted.pk}/accept/", {"title": "A clinic", "level": "adoption"}
    )

    with time_machine.travel(datetime(2026, 4, 13, 9, tzinfo=UTC), tick=False):
        html = client.get("/staff/").content.decode()
        listed = client.get("/staff/impacts/follow-ups/?proposal=proposed").content.decode()

    card = re.search(r"<h3>Impacts proposed by follow-ups: <span class=\"staff-number\">(\d+)</span>", html)
    assert card and int(card.group(1)) == 2
    assert "/staff/impacts/follow-ups/?proposal=proposed" in html
    card_html = html[card.start() : html.index("</li>", card.start())]
    assert "Oldest waiting 14 days" in card_html, card_html
    assert '<p class="meta" role="status">2 answers.</p>' in listed


def test_the_follow_up_list_query_count_does_not_grow(client, django_assert_num_queries):
    from tests.auth import sign_in
    from tests.evidence.conftest import staff_in

    sign_in(client, staff_in("Unit lead", "lead@iau.example"))
    _answered_follow_up()
    client.get("/staff/impacts/follow-ups/")
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/impacts/follow-ups/")
    for _ in range(5):
        _answered_follow_up()
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/staff/impacts/follow-ups/").content.decode()
    assert page.count('<th scope="row"><a href="/staff/impacts/follow-ups/') == 6


def test_a_persons_follow_up_answers_are_in_their_data_and_erased_with_it():
    from apps.evidence.personal_data import erase_personal_data, export_personal_data
    from tests.factories.accounts import UserFactory

    user = UserFactory(email="asker@example.org")
    mine = FollowUp.objects.create(
        evidence_request=answered(email="Asker@example.org"), after_days=30, sent_at=ANSWERED_AT
    )
    from apps.evidence.services import follow_up_answer

    follow_up_answer(follow_up=mine, helped="yes", may_quote=True, quote="It helped.", now=ANSWERED_AT)
    other = _answered_follow_up()  # someone else's

    (exported,) = export_personal_data(user)["follow_ups"]
    assert (exported["quote"], exported["helped"]) == ("It helped.", "Yes")

    erase_personal_data(user)
    mine.refresh_from_db()
    assert (mine.quote, mine.may_quote, mine.helped) == ("", False, "yes")
    assert not FollowUp.history.filter(id=mine.pk).exists()
    assert FollowUp.history.filter(id=other.pk).exists()
