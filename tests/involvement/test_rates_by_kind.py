"""Rates by kind of activity and by hour, half day and day: an activity is paid at the rate in force on its
own date. The NIHR public involvement rates rose 10% from 16 December 2025; these amounts are worked out
by hand from the table below."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.involvement.models import Activity
from apps.involvement.payment_models import ActivityKind
from tests.auth import sign_in
from tests.factories.involvement import RateFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:involvement_activity_add")


@pytest.fixture
def rates(db):
    # Old rates: £26.00 an hour, £160.00 a day, no half-day rate set (so half the day: £80.00).
    RateFactory(effective_from=date(2025, 4, 1), hourly_rate=Decimal("26.00"), daily_rate=Decimal("160.00"))
    # From 16 December 2025, 10% more: £28.60 an hour, £88.00 a half day, £176.00 a day.
    RateFactory(
        effective_from=date(2025, 12, 16),
        hourly_rate=Decimal("28.60"),
        half_day_rate=Decimal("88.00"),
        daily_rate=Decimal("176.00"),
    )


@pytest.fixture
def kinds(db):
    return {
        "summary": ActivityKind.objects.create(name="Reviewing a plain-language summary", paid_hours="0.5"),
        "meeting": ActivityKind.objects.create(name="A prepared meeting", paid_hours="2"),
    }


def _record(client, member, *, on: str, basis: str, kind=None, hours="3", description="Meeting"):
    return client.post(
        ADD,
        {
            "user": member.pk,
            "date": on,
            "start_time": "",
            "description": description,
            "hours": hours,
            "basis": basis,
            "kind": kind.pk if kind else "",
            "opportunity": "",
        },
    )


@pytest.mark.parametrize(
    ("on", "basis", "kind", "expected", "rate_from"),
    [
        # A prepared meeting is paid as 2 hours, whatever time it took (3 hours here).
        ("2025-12-15", "kind", "meeting", "52.00", date(2025, 4, 1)),  # 2 × £26.00
        ("2025-12-16", "kind", "meeting", "57.20", date(2025, 12, 16)),  # 2 × £28.60
        ("2025-12-15", "kind", "summary", "13.00", date(2025, 4, 1)),  # 0.5 × £26.00
        ("2025-12-16", "kind", "summary", "14.30", date(2025, 12, 16)),  # 0.5 × £28.60
        ("2025-12-15", "half_day", None, "80.00", date(2025, 4, 1)),  # half of £160.00
        ("2025-12-16", "half_day", None, "88.00", date(2025, 12, 16)),  # the half-day rate
        ("2025-12-15", "daily", None, "160.00", date(2025, 4, 1)),
        ("2025-12-16", "daily", None, "176.00", date(2025, 12, 16)),
        ("2025-12-15", "hourly", None, "78.00", date(2025, 4, 1)),  # 3 × £26.00
        ("2025-12-16", "hourly", None, "85.80", date(2025, 12, 16)),  # 3 × £28.60
    ],
)
def test_an_activity_is_paid_at_the_rate_in_force_on_its_own_date(
    client, coordinator, member, rates, kinds, on, basis, kind, expected, rate_from
):
    sign_in(client, coordinator)

    response = _record(client, member, on=on, basis=basis, kind=kinds.get(kind))

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.amount_due, activity.rate.effective_from) == (Decimal(expected), rate_from)


def test_choosing_a_kind_pays_its_paid_time_whatever_way_was_ticked(
    client, coordinator, member, rates, kinds
):
    sign_in(client, coordinator)

    _record(client, member, on="2025-12-16", basis="hourly", kind=kinds["meeting"], hours="5")

    activity = Activity.objects.get()
    assert (activity.basis, activity.kind, activity.amount_due) == (
        "kind",
        kinds["meeting"],
        Decimal("57.20"),
    )


def test_paying_by_kind_without_a_kind_is_explained_next_to_the_field(
    client, coordinator, member, rates, kinds
):
    sign_in(client, coordinator)

    response = _record(client, member, on="2025-12-16", basis="kind")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kind"] == [
        "Choose the kind of activity, or another way to pay it."
    ]
    assert not Activity.objects.exists()


def test_the_member_sees_each_payment_at_its_own_rate(client, coordinator, member, rates, kinds):
    sign_in(client, coordinator)
    _record(client, member, on="2025-12-15", basis="kind", kind=kinds["meeting"], description="Before")
    _record(client, member, on="2025-12-16", basis="kind", kind=kinds["meeting"], description="After")
    client.logout()
    sign_in(client, member)
    before, after = Activity.objects.order_by("date")

    before_page = client.get(before.get_absolute_url()).content.decode()
    after_page = client.get(after.get_absolute_url()).content.decode()

    assert "£52.00" in before_page and "rates from 1 April 2025" in before_page
    assert "£57.20" in after_page and "rates from 16 December 2025" in after_page


def test_the_rate_table_shows_the_half_day_rate_or_half_the_day(client, coordinator, rates):
    sign_in(client, coordinator)

    page = client.get(reverse("admin:involvement_rate_changelist")).content.decode()

    assert "£80.00" in page  # no half-day rate before the rise: half of £160.00
    assert "£88.00" in page


def test_kinds_are_kept_in_the_admin_with_their_paid_time(client, coordinator, django_assert_max_num_queries):
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activitykind_add"),
        {"name": "A prepared meeting", "paid_hours": "2", "description": "", "is_active": "on"},
    )
    refused = client.post(
        reverse("admin:involvement_activitykind_add"),
        {"name": "Quick call", "paid_hours": "0", "description": "", "is_active": "on"},
    )
    for number in range(5):
        ActivityKind.objects.create(name=f"Kind {number}", paid_hours="1")
    with django_assert_max_num_queries(12):
        listed = client.get(reverse("admin:involvement_activitykind_changelist"))

    assert response.status_code == 302
    assert ActivityKind.objects.get(name="A prepared meeting").paid_hours == Decimal("2")
    assert refused.status_code == 200
    assert "paid_hours" in refused.context["adminform"].form.errors
    assert "2 hours" in listed.content.decode()


def test_a_kind_in_use_cannot_be_deleted(client, coordinator, member, rates, kinds):
    sign_in(client, coordinator)
    _record(client, member, on="2025-12-16", basis="kind", kind=kinds["meeting"])

    response = client.get(reverse("admin:involvement_activitykind_delete", args=[kinds["meeting"].pk]))

    assert response.status_code == 403
