from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.involvement.enums import PaymentBasis, PaymentPreference, PaymentStatus
from apps.involvement.services import activity_record, activity_set_payment_status
from tests.auth import sign_in
from tests.factories.involvement import ActivityFactory, MemberProfileFactory, RateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(db):
    RateFactory(effective_from=date(2024, 4, 1), hourly_rate=Decimal("25.00"), daily_rate=Decimal("150.00"))
    RateFactory(effective_from=date(2025, 4, 1), hourly_rate=Decimal("26.00"), daily_rate=Decimal("160.00"))


def test_activity_the_day_before_a_rate_change_uses_the_old_rate(member, rates):
    activity = activity_record(user=member, date=date(2025, 3, 31), description="Meeting", hours=Decimal("2"))

    assert (activity.amount_due, activity.rate.effective_from) == (Decimal("50.00"), date(2024, 4, 1))


def test_activity_on_the_day_a_rate_takes_effect_uses_the_new_rate(member, rates):
    activity = activity_record(user=member, date=date(2025, 4, 1), description="Meeting", hours=Decimal("2"))

    assert (activity.amount_due, activity.rate.effective_from) == (Decimal("52.00"), date(2025, 4, 1))
    assert activity.payment_status == PaymentStatus.DUE


def test_daily_basis_pays_the_daily_rate(member, rates):
    activity = activity_record(
        user=member,
        date=date(2025, 6, 1),
        description="Away day",
        hours=Decimal("6"),
        basis=PaymentBasis.DAILY,
    )

    assert activity.amount_due == Decimal("160.00")


def test_part_hours_are_paid_to_the_penny(member, rates):
    activity = activity_record(user=member, date=date(2025, 6, 1), description="Call", hours=Decimal("1.25"))

    assert activity.amount_due == Decimal("32.50")


def test_member_who_declines_payment_is_owed_nothing(member, rates):
    MemberProfileFactory(user=member, payment_preference=PaymentPreference.DECLINED)

    activity = activity_record(user=member, date=date(2025, 6, 1), description="Meeting", hours=Decimal("3"))

    assert (activity.amount_due, activity.payment_status, activity.rate) == (
        Decimal("0.00"),
        PaymentStatus.NOT_DUE,
        None,
    )


def test_member_who_wants_expenses_only_is_owed_no_fee(member, rates):
    MemberProfileFactory(user=member, payment_preference=PaymentPreference.PAID, expenses_only=True)

    activity = activity_record(user=member, date=date(2025, 6, 1), description="Meeting", hours=Decimal("3"))

    assert (activity.amount_due, activity.payment_status) == (Decimal("0.00"), PaymentStatus.NOT_DUE)


def test_activity_before_any_rate_is_refused(member, rates):
    with pytest.raises(ValidationError):
        activity_record(user=member, date=date(2020, 1, 1), description="Meeting", hours=Decimal("1"))


def test_payment_is_approved_only_when_due_and_never_paid_outside_a_run(member):
    activity = ActivityFactory(user=member)

    with pytest.raises(ValidationError):
        activity_set_payment_status(activity=activity, status=PaymentStatus.PAID)
    activity_set_payment_status(activity=activity, status=PaymentStatus.APPROVED)
    with pytest.raises(ValidationError):
        activity_set_payment_status(activity=activity, status=PaymentStatus.APPROVED)
    with pytest.raises(ValidationError):
        activity_set_payment_status(activity=activity, status=PaymentStatus.PAID)

    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.APPROVED


def test_coordinator_records_an_activity_in_the_admin_and_the_rate_applies(
    client, coordinator, member, rates
):
    from django.urls import reverse

    from apps.involvement.models import Activity

    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activity_add"),
        {
            "user": member.pk,
            "date": "2025-04-01",
            "start_time": "",
            "description": "RUG meeting",
            "hours": "2",
            "basis": "hourly",
            "opportunity": "",
        },
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.amount_due, activity.payment_status) == (Decimal("52.00"), PaymentStatus.DUE)
    assert activity.history.get().history_user == coordinator


def test_admin_explains_a_date_with_no_rate(client, coordinator, member, rates):
    from django.urls import reverse

    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activity_add"),
        {
            "user": member.pk,
            "date": "2020-01-01",
            "description": "Old meeting",
            "hours": "2",
            "basis": "hourly",
        },
    )

    assert response.status_code == 200
    assert "There is no rate in the rate table for this date" in response.content.decode()


def test_admin_explains_hours_of_zero(client, coordinator, member, rates):
    from django.urls import reverse

    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activity_add"),
        {"user": member.pk, "date": "2025-05-01", "description": "Meeting", "hours": "0", "basis": "hourly"},
    )

    assert response.status_code == 200
    assert "greater than or equal to 0.25" in response.content.decode()
