from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.involvement.enums import PaymentBasis, PaymentPreference, PaymentStatus
from apps.involvement.services import activity_record, activity_set_payment_status
from tests.admin_forms import confirm_identity
from tests.factories.involvement import ActivityFactory, ExpenseFactory, MemberProfileFactory, RateFactory

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


def test_member_who_volunteers_is_owed_nothing(member, rates):
    MemberProfileFactory(user=member, payment_preference=PaymentPreference.VOLUNTEER)

    activity = activity_record(user=member, date=date(2025, 6, 1), description="Meeting", hours=Decimal("3"))

    assert (activity.amount_due, activity.payment_status) == (Decimal("0.00"), PaymentStatus.NOT_DUE)


def test_activity_before_any_rate_is_refused(member, rates):
    with pytest.raises(ValidationError):
        activity_record(user=member, date=date(2020, 1, 1), description="Meeting", hours=Decimal("1"))


def test_payment_moves_from_due_to_approved_to_paid_only_in_order(member):
    activity = ActivityFactory(user=member)

    with pytest.raises(ValidationError):
        activity_set_payment_status(activity=activity, status=PaymentStatus.PAID)
    activity_set_payment_status(activity=activity, status=PaymentStatus.APPROVED)
    activity_set_payment_status(activity=activity, status=PaymentStatus.PAID)

    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.PAID


def test_finance_export_lists_approved_payments_and_expenses_per_member(
    client, coordinator, member, other_member
):
    ActivityFactory(user=member, amount_due=Decimal("50.00"), payment_status=PaymentStatus.APPROVED)
    ActivityFactory(user=member, amount_due=Decimal("25.00"), payment_status=PaymentStatus.PAID)
    ActivityFactory(user=member, amount_due=Decimal("99.00"), payment_status=PaymentStatus.DUE)
    ExpenseFactory(user=member, amount=Decimal("6.40"), status="approved")
    ExpenseFactory(user=member, amount=Decimal("100.00"), status="pending")
    ExpenseFactory(user=other_member, amount=Decimal("12.00"), status="approved")
    client.force_login(coordinator)
    confirm_identity(client)

    response = client.get("/involvement/finance/export/", {"start": "", "end": ""})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "Member id,Name,Email,Approved payments (£),Approved expenses (£),Total (£)"
    rows = {line.split(",")[2]: line.split(",")[3:] for line in lines[1:]}
    assert rows == {member.email: ["75.00", "6.40", "81.40"], other_member.email: ["0.00", "12.00", "12.00"]}


def test_finance_export_date_range_filters(client, coordinator, member):
    ActivityFactory(
        user=member, date=date(2024, 5, 1), amount_due=Decimal("50.00"), payment_status="approved"
    )
    ActivityFactory(
        user=member, date=date(2025, 5, 1), amount_due=Decimal("20.00"), payment_status="approved"
    )
    client.force_login(coordinator)
    confirm_identity(client)

    response = client.get("/involvement/finance/export/", {"start": "2025-01-01", "end": "2025-12-31"})

    assert response.content.decode().strip().splitlines()[1].endswith("20.00,0.00,20.00")


@pytest.mark.parametrize("who", ["visitor", "member", "staff_without_permission"])
def test_finance_export_is_refused_without_the_permission(client, who, member, staff_without_permission):
    if who != "visitor":
        client.force_login({"member": member, "staff_without_permission": staff_without_permission}[who])

    response = client.get("/involvement/finance/export/", {"start": ""})

    assert response.status_code in (302, 403)
    assert response.get("Content-Type", "").startswith("text/csv") is False


def test_coordinator_records_an_activity_in_the_admin_and_the_rate_applies(
    client, coordinator, member, rates
):
    from django.urls import reverse

    from apps.involvement.models import Activity

    client.force_login(coordinator)

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

    client.force_login(coordinator)

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

    client.force_login(coordinator)

    response = client.post(
        reverse("admin:involvement_activity_add"),
        {"user": member.pk, "date": "2025-05-01", "description": "Meeting", "hours": "0", "basis": "hourly"},
    )

    assert response.status_code == 200
    assert "greater than or equal to 0.25" in response.content.decode()
