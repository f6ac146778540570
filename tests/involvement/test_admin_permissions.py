"""The activity admin shows who was paid how much only to coordinators (personal details) and finance
(who pay people); finance never sees access needs. Approving or paying needs the change permission too."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.involvement.enums import PaymentStatus
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import ActivityFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db


def _staff_with(*codenames):
    staff = StaffFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="involvement", codename__in=codenames)
    )
    return staff


@pytest.fixture
def activity():
    member = UserFactory(display_name="Priya Patient", email="priya@example.org")
    MemberProfileFactory(user=member, other_access_needs="Needs a quiet room")
    return ActivityFactory(user=member, description="Lay review", amount_due=Decimal("87.50"))


def test_staff_without_personal_details_see_activities_without_names_or_amounts(client, activity):
    sign_in(client, _staff_with("view_activity"))

    listing = client.get(reverse("admin:involvement_activity_changelist")).content.decode()
    searched = client.get(reverse("admin:involvement_activity_changelist") + "?q=priya").content.decode()
    detail = client.get(reverse("admin:involvement_activity_change", args=[activity.pk])).content.decode()

    assert "Lay review" in listing
    for page in (listing, searched, detail):
        assert "Priya Patient" not in page
        assert "priya@example.org" not in page
        assert "87.50" not in page


def test_finance_see_names_and_amounts_but_never_access_needs(client, activity):
    sign_in(client, _staff_with("view_activity", "export_finance"))

    listing = client.get(reverse("admin:involvement_activity_changelist")).content.decode()
    detail = client.get(reverse("admin:involvement_activity_change", args=[activity.pk])).content.decode()

    assert "Priya Patient" in listing
    assert "87.50" in listing
    assert "Needs a quiet room" not in detail


def test_coordinators_see_access_needs(client, activity):
    sign_in(client, _staff_with("view_activity", "view_personal_details"))

    detail = client.get(reverse("admin:involvement_activity_change", args=[activity.pk])).content.decode()

    assert "Needs a quiet room" in detail


def test_approving_a_payment_needs_change_and_the_payments_permission(client, activity):
    sign_in(client, _staff_with("view_activity", "change_activity"))

    client.post(
        reverse("admin:involvement_activity_changelist"),
        {"action": "approve_payments", "_selected_action": [activity.pk]},
    )

    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.DUE


def test_finance_see_expense_claims_and_staff_without_the_permission_do_not(client):
    from tests.factories.involvement import ExpenseFactory

    ExpenseFactory(description="Train to Keele")
    sign_in(client, _staff_with("view_expense", "export_finance"))
    assert "Train to Keele" in client.get(reverse("admin:involvement_expense_changelist")).content.decode()

    sign_in(client, _staff_with("view_expense"))
    assert client.get(reverse("admin:involvement_expense_changelist")).status_code == 403


def test_a_members_admin_page_shows_this_tax_years_hours_payments_and_claims(client):
    """What a coordinator is asked on the phone, on the member's page (for those who see payments)."""
    import time_machine
    from django.contrib.auth.models import Group

    from tests.factories.involvement import ActivityFactory, ExpenseFactory, MemberProfileFactory

    with time_machine.travel("2026-12-07 12:00 +0000"):
        profile = MemberProfileFactory()
        member = profile.user
        ActivityFactory(user=member, date=date(2026, 5, 1), hours=Decimal("2"), amount_due=Decimal("52.00"))
        ActivityFactory(user=member, date=date(2026, 11, 1), hours=Decimal("1.5"), amount_due=Decimal("39"))
        # Last tax year, and next month: neither counts.
        ActivityFactory(user=member, date=date(2026, 3, 1), hours=Decimal("3"), amount_due=Decimal("78.00"))
        ActivityFactory(user=member, date=date(2027, 1, 10), hours=Decimal("4"), amount_due=Decimal("104.00"))
        ExpenseFactory(user=member, incurred_on=date(2026, 6, 2), amount=Decimal("6.40"), status="approved")
        ExpenseFactory(user=member, incurred_on=date(2026, 6, 3), amount=Decimal("9.00"), status="pending")
        coordinator = StaffFactory()
        coordinator.groups.add(Group.objects.get(name="Involvement coordinator"))
        sign_in(client, coordinator)

        page = client.get(f"/admin/involvement/memberprofile/{profile.pk}/change/").content.decode()

    assert "2026 to 2027: 3.5 hours given, £91.00 in payments, £6.40 in expense claims approved." in page
