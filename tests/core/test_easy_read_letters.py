"""Easy-read letters whose words depend on what happened: a payment given to charity, and the digest's items.

Each is made by the real service, sent through the outbox to the SMTP sink and read there, and checked
against the easy-read rules of tests/core/test_easy_read_emails.py.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from apps.core.tasks import outbox_dispatch_due
from tests.core.test_easy_read_emails import _check_easy_read, _EmailHtml
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import MemberProfileFactory

pytestmark = pytest.mark.django_db

CHARITY = "Age UK North Staffordshire"


@pytest.fixture
def easy_reader():
    user = UserFactory(email="sam@example.org", display_name="Samira Khan")
    MemberProfileFactory(user=user, easy_read=True, preferred_name="Sam")
    return user


def _sent(smtp_server, capture, send):
    with capture(execute=True):
        send()
    with time_machine.travel(timezone.now() + timedelta(days=60), tick=False):
        outbox_dispatch_due()
    (email,) = smtp_server.messages
    return email


def _seen(email) -> tuple[str, str]:
    """What a reader sees: the HTML part's words, block by block; and the plain-text part."""
    page = _EmailHtml()
    page.feed(email.get_body(("html",)).get_content())
    page.close()
    return "\n".join(page.blocks), email.get_body(("plain",)).get_content()


def _pay(member, *activities):
    from apps.involvement.enums import PaymentStatus
    from apps.involvement.services import payment_run_create, payment_run_mark_paid
    from tests.factories.involvement import ActivityFactory

    finance = StaffFactory(is_superuser=True)
    for fields in activities:
        ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED, date=date(2026, 11, 4), **fields)
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        run = payment_run_create(by=finance)
        payment_run_mark_paid(run=run, paid_on=date(2026, 12, 1), by=finance)


def _charity():
    from apps.involvement.payment_models import Charity

    return Charity.objects.create(name=CHARITY, registered_number="1084018")


def test_a_whole_payment_given_to_charity_says_so_and_never_we_paid_nothing(
    easy_reader, smtp_server, django_capture_on_commit_callbacks
):
    charity = _charity()
    gift = {"payment_preference": "donated", "donation_charity": charity, "amount_due": Decimal("45.00")}

    email = _sent(smtp_server, django_capture_on_commit_callbacks, lambda: _pay(easy_reader, gift))

    _check_easy_read(email, "involvement/remittance")
    html, text = _seen(email)
    for seen in (html, text):
        assert f"You gave £45.00 to {CHARITY}." in seen
        assert "We sent it to them for you." in seen
        assert "We paid" not in seen
        assert "paid you" not in seen
        assert "£0.00" not in seen
        assert "On Tuesday 1 December 2026 we sent your payment." in seen
        assert "No money comes to your bank this time." in seen


def test_a_payment_partly_given_to_charity_says_both(
    easy_reader, smtp_server, django_capture_on_commit_callbacks
):
    charity = _charity()
    gift = {"payment_preference": "donated", "donation_charity": charity, "amount_due": Decimal("45.00")}
    paid = {"amount_due": Decimal("50.00"), "description": "Read a leaflet"}

    email = _sent(smtp_server, django_capture_on_commit_callbacks, lambda: _pay(easy_reader, gift, paid))

    _check_easy_read(email, "involvement/remittance")
    html, text = _seen(email)
    for seen in (html, text):
        assert "We paid £50.00 in all." in seen
        assert f"You gave £45.00 to {CHARITY}." in seen
        assert "£0.00" not in seen


def test_the_easy_read_digest_gives_opportunities_their_easy_read_text_and_meetings_their_place(
    easy_reader, smtp_server, django_capture_on_commit_callbacks
):
    from apps.core.enums import DeliveryMode
    from apps.notifications.services import digest_period_end, digests_send_due
    from tests.factories.communities import CommunityFactory, MeetingFactory
    from tests.factories.communities import MembershipFactory as CommunityMembershipFactory
    from tests.factories.involvement import GroupFactory, MembershipFactory, OpportunityFactory

    group = GroupFactory()
    MembershipFactory(user=easy_reader, group=group)
    community = CommunityFactory(name="Stroke care")
    CommunityMembershipFactory(user=easy_reader, community=community)
    monday = digest_period_end("weekly", timezone.now() + timedelta(days=7))
    with time_machine.travel(monday - timedelta(days=2), tick=False):
        OpportunityFactory(
            title="Help us make a leaflet",
            summary="A long standard description that the easy-read digest should never show.",
            easy_read_summary="We want to make a leaflet better.\n\nYou read it and tell us what is hard.",
            groups=[group],
            deadline=monday + timedelta(days=20),
        )
        MeetingFactory(
            community=community,
            title="Spring meeting",
            mode=DeliveryMode.IN_PERSON,
            venue="Royal Stoke Hospital",
            start=monday + timedelta(days=10),
            end=monday + timedelta(days=10, hours=2),
        )

    def send():
        with time_machine.travel(monday + timedelta(minutes=5), tick=False):
            digests_send_due()

    email = _sent(smtp_server, django_capture_on_commit_callbacks, send)

    _check_easy_read(email, "notifications/digest")
    html, text = _seen(email)
    for seen in (html, text):
        assert "Help us make a leaflet." in seen
        assert "We want to make a leaflet better." in seen
        assert "You read it and tell us what is hard." in seen
        assert "long standard description" not in seen
        assert "Spring meeting (Stroke care)." in seen
        assert "The place is Royal Stoke Hospital." in seen
    raw = email.get_body(("html",)).get_content()
    assert "/involvement/" in raw or "opportunit" in raw  # the item's link
