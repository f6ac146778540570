"""Benefits limits: a member tells us privately which limit matters to them; before an offer or an
activity would take them past it, the coordinator sees a warning with the running total; the member sees
their totals on /me/. Nothing is blocked."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.involvement.benefits_models import BenefitLimit, BenefitLimitAmount, BenefitsInformation
from apps.involvement.enums import InterestStatus, PaymentStatus
from apps.involvement.payment_models import Charity
from apps.involvement.personal_data import erase_personal_data, export_personal_data
from tests.auth import sign_in
from tests.factories.involvement import ActivityFactory, InterestFactory, OpportunityFactory, RateFactory
from tests.involvement.benefits_helpers import offer_terms, tell_limit, weekly_limit

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A Wednesday. Its week runs from Monday 16 to Sunday 22 November 2026.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)
BENEFITS = reverse("my_involvement:benefits")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def _outcome_page(client, opportunity):
    return client.get(reverse("admin:involvement_opportunity_outcome", args=[opportunity.pk]))


@pytest.fixture
def week_with_edges(member, other_member):
    """The member (weekly limit £50) has £15 + £10 due this week; the edges must not count."""
    tell_limit(member, weekly_limit("50.00"))
    ActivityFactory(user=member, date=date(2026, 11, 16), amount_due=Decimal("15.00"))  # Monday, counted
    ActivityFactory(  # later this week, booked: counted
        user=member,
        date=date(2026, 11, 20),
        amount_due=Decimal("10.00"),
        payment_status=PaymentStatus.APPROVED,
    )
    ActivityFactory(user=member, date=date(2026, 11, 15), amount_due=Decimal("40.00"))  # last Sunday
    ActivityFactory(user=other_member, date=date(2026, 11, 17), amount_due=Decimal("40.00"))  # someone else
    ActivityFactory(  # declined: no fee to them
        user=member,
        date=date(2026, 11, 17),
        amount_due=Decimal("0.00"),
        payment_preference="declined",
        payment_status=PaymentStatus.NOT_DUE,
    )
    ActivityFactory(  # given to a charity: not paid to them
        user=member,
        date=date(2026, 11, 17),
        amount_due=Decimal("40.00"),
        payment_preference="donated",
        donation_charity=Charity.objects.create(name="Local hospice"),
    )
    return member


def test_member_tells_us_their_limit_and_the_history_keeps_each_change(client, member):
    limit = weekly_limit("20.00")
    sign_in(client, member)
    page = client.get(BENEFITS)
    assert page.status_code == 200
    assert "Who sees it" in page.content.decode()
    response = client.post(BENEFITS, {"receives_benefits": "yes", "limit": limit.pk, "note": "Ring after 2"})
    assert response.status_code == 302
    information = BenefitsInformation.objects.get(user=member)
    assert (information.receives_benefits, information.limit, information.note) == (
        True,
        limit,
        "Ring after 2",
    )
    client.post(BENEFITS, {"receives_benefits": "no"})
    information.refresh_from_db()
    assert (information.receives_benefits, information.limit) == (False, None)
    assert information.history.count() == 2


def test_a_limit_without_benefits_gets_a_message_next_to_the_field(client, member):
    limit = weekly_limit()
    sign_in(client, member)
    response = client.post(BENEFITS, {"receives_benefits": "no", "limit": limit.pk})
    assert response.status_code == 200
    assert "Choose a limit only if you receive benefits" in response.content.decode()
    assert not BenefitsInformation.objects.exists()
    response = client.post(BENEFITS, {})
    assert "Choose yes, or no." in response.content.decode()


def test_the_member_sees_their_totals_against_their_limit_equal_to_a_hand_count(client, week_with_edges):
    sign_in(client, week_with_edges)
    for address in (BENEFITS, reverse("accounts:me")):
        text = client.get(address).content.decode()
        # By hand: £15 on Monday (so far) and £10 on Friday (booked); £50 - £25 = £25 left.
        assert "Fees so far</dt><dd>£15.00" in text
        assert "this week</dt><dd>£10.00" in text
        assert "Total</dt><dd><strong>£25.00</strong>" in text
        assert "Left before your limit</dt><dd>£25.00" in text
        assert "the week of Monday 16 November 2026" in text


def _coordinator(client, coordinator):
    sign_in(client, coordinator)
    return client


def test_the_coordinator_is_warned_with_the_running_total_before_an_offer_that_crosses_the_limit(
    client, coordinator, week_with_edges, link_group
):
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="30.00")
    InterestFactory(opportunity=opportunity, user=week_with_edges)
    _coordinator(client, coordinator)
    text = _outcome_page(client, opportunity).content.decode()
    assert "Benefits limits to talk through before you select" in text
    # £25 already due to them that week (not last week's, not another member's, not the declined or
    # donated fees); with this £30: £55, £5 over £50.
    assert (
        "Fees already due to them then: £25.00; with this one (£30.00): £55.00, £5.00 over the limit" in text
    )


def test_no_warning_for_an_offer_that_stays_within_the_limit(
    client, coordinator, week_with_edges, link_group
):
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="25.00")  # £25 + £25 = £50: at the limit, not past it
    InterestFactory(opportunity=opportunity, user=week_with_edges)
    _coordinator(client, coordinator)
    text = _outcome_page(client, opportunity).content.decode()
    assert "Benefits limits to talk through" not in text


def test_an_offer_next_week_counts_next_weeks_fees_only(client, coordinator, week_with_edges, link_group):
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 24, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="45.00")
    InterestFactory(opportunity=opportunity, user=week_with_edges)
    _coordinator(client, coordinator)
    assert "Benefits limits to talk through" not in _outcome_page(client, opportunity).content.decode()


def test_staff_without_the_benefits_permission_see_no_warning(
    client, week_with_edges, link_group, coordinator
):
    coordinator.user_permissions.remove(Permission.objects.get(codename="view_benefitsinformation"))
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="30.00")
    InterestFactory(opportunity=opportunity, user=week_with_edges)
    _coordinator(client, coordinator)
    response = _outcome_page(client, opportunity)
    assert response.status_code == 200
    assert "Benefits limits" not in response.content.decode()


def test_the_selection_page_asks_a_fixed_number_of_queries(
    client, coordinator, link_group, django_assert_max_num_queries
):
    from tests.factories.accounts import UserFactory

    limit = weekly_limit("10.00")
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="30.00")

    def add_member():
        user = UserFactory()
        tell_limit(user, limit)
        ActivityFactory(user=user, date=date(2026, 11, 17), amount_due=Decimal("5.00"))
        InterestFactory(opportunity=opportunity, user=user)

    add_member()
    _coordinator(client, coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert _outcome_page(client, opportunity).content.decode().count("over the limit") == 1
    for _ in range(5):
        add_member()
    with django_assert_max_num_queries(len(one)):
        assert _outcome_page(client, opportunity).content.decode().count("over the limit") == 6


def test_adding_an_activity_in_the_admin_warns_and_still_records_it(client, coordinator, week_with_edges):
    RateFactory(effective_from=date(2024, 4, 6), hourly_rate=Decimal("15.00"))
    _coordinator(client, coordinator)
    response = client.post(
        reverse("admin:involvement_activity_add"),
        {
            "user": week_with_edges.pk,
            "date": "2026-11-18",
            "description": "Panel",
            "hours": "2",
            "basis": "hourly",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    # £25 already due that week; this activity is 2 hours at £15: £30. £55, £5 over.
    assert (
        "Fees already due to them then: £25.00; with this one (£30.00): £55.00, £5.00 over the limit" in text
    )
    assert week_with_edges.involvement_activities.filter(description="Panel").exists()


def test_approving_a_members_time_warns_about_the_limit(client, coordinator, week_with_edges):
    from apps.involvement.models import TimeRecord

    RateFactory(effective_from=date(2024, 4, 6), hourly_rate=Decimal("20.00"))
    record = TimeRecord.objects.create(
        user=week_with_edges, date=date(2026, 11, 17), description="Read", hours=2
    )
    _coordinator(client, coordinator)
    response = client.post(
        reverse("admin:involvement_timerecord_changelist"),
        {"action": "approve_time_records", "_selected_action": [record.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "with this one (£40.00): £65.00, £15.00 over the limit" in text


def test_limits_are_dated_rows_the_amount_in_force_on_the_day_counts(client, member, coordinator, link_group):
    limit = BenefitLimit.objects.create(name="Dated", period="week", explanation="x")
    BenefitLimitAmount.objects.create(
        limit=limit, amount=Decimal("100"), in_force_from=date(2025, 4, 6), in_force_to=date(2026, 4, 5)
    )
    BenefitLimitAmount.objects.create(limit=limit, amount=Decimal("20"), in_force_from=date(2026, 4, 6))
    tell_limit(member, limit)
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="30.00")
    InterestFactory(opportunity=opportunity, user=member)
    _coordinator(client, coordinator)
    assert (
        "£20.00 for the week of Monday 16 November 2026"
        in _outcome_page(client, opportunity).content.decode()
    )


def _bounds(period):
    return period.starts, period.ends


def test_monthly_and_tax_year_periods(member):
    from apps.involvement.benefits import period_containing

    assert _bounds(period_containing("month", date(2026, 2, 14))) == (date(2026, 2, 1), date(2026, 2, 28))
    assert _bounds(period_containing("tax_year", date(2026, 4, 5))) == (date(2025, 4, 6), date(2026, 4, 5))
    assert _bounds(period_containing("tax_year", date(2026, 4, 6))) == (date(2026, 4, 6), date(2027, 4, 5))
    assert _bounds(period_containing("week", date(2026, 11, 22))) == (date(2026, 11, 16), date(2026, 11, 22))


def test_benefits_information_is_in_the_data_download_and_erased(member):
    tell_limit(member, weekly_limit())
    exported = export_personal_data(member)["benefits"]
    assert exported["receives_benefits"] is True
    assert exported["limit"] == "Test weekly limit"
    erase_personal_data(member)
    assert not BenefitsInformation.objects.filter(user=member).exists()
    assert not BenefitsInformation.history.filter(user_id=member.pk).exists()


def test_the_limits_are_seeded_with_real_amounts():
    limit = BenefitLimit.objects.get(name="Permitted work: higher limit")
    assert limit.period == "week"
    assert limit.amounts.get().amount == Decimal("195.50")


def test_selected_members_are_told_how_close_the_offer_takes_them(client, week_with_edges, link_group):
    """The offer they read names the fee and, before they accept, where it leaves them against their limit."""
    opportunity = OpportunityFactory(starts_at=datetime(2026, 11, 19, 14, tzinfo=LONDON), groups=[link_group])
    offer_terms(opportunity, fee="30.00")
    InterestFactory(opportunity=opportunity, user=week_with_edges, status=InterestStatus.SELECTED)
    sign_in(client, week_with_edges)
    text = client.get(opportunity.get_absolute_url()).content.decode()
    assert "a fee of £30.00 for taking part" in text
    assert "Your fees then are £25.00; with this fee they would be £55.00, £5.00 over it." in text


def test_finance_ends_last_years_amount_and_adds_this_aprils_in_the_admin(client):
    from django.contrib.auth.models import Group as Role

    from tests.factories.accounts import StaffFactory

    finance = StaffFactory()
    finance.groups.add(Role.objects.get(name="Finance"))
    limit = BenefitLimit.objects.get(name="Permitted work: higher limit")
    old = limit.amounts.get()
    sign_in(client, finance)
    page = client.get(reverse("admin:involvement_benefitlimit_change", args=[limit.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("admin:involvement_benefitlimit_change", args=[limit.pk]),
        {
            "name": limit.name,
            "period": "week",
            "explanation": limit.explanation,
            "order": limit.order,
            "amounts-TOTAL_FORMS": "2",
            "amounts-INITIAL_FORMS": "1",
            "amounts-MIN_NUM_FORMS": "0",
            "amounts-MAX_NUM_FORMS": "1000",
            "amounts-0-id": old.pk,
            "amounts-0-limit": limit.pk,
            "amounts-0-amount": "195.50",
            "amounts-0-in_force_from": "2025-04-06",
            "amounts-0-in_force_to": "2026-04-05",
            "amounts-0-note": old.note,
            "amounts-1-limit": limit.pk,
            "amounts-1-amount": "203.50",
            "amounts-1-in_force_from": "2026-04-06",
            "amounts-1-in_force_to": "",
            "amounts-1-note": "GOV.UK, 2026 to 2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from apps.involvement.benefits import amount_in_force

    assert amount_in_force(limit, date(2026, 4, 5)).amount == Decimal("195.50")
    assert amount_in_force(limit, date(2026, 11, 18)).amount == Decimal("203.50")
