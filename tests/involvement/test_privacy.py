"""The permission matrix: visitor / member / other member / staff without the permission / coordinator."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.involvement.models import Expense, MemberProfile
from apps.involvement.services import expense_decide
from tests.auth import sign_in
from tests.factories.involvement import (
    ActivityFactory,
    ApplicationFactory,
    ExpenseFactory,
    MemberProfileFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db

WHO = ["visitor", "member", "other_member", "staff_without_permission", "coordinator"]


def _login(client, request, who):
    if who != "visitor":
        sign_in(client, request.getfixturevalue(who))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", 302),
        ("member", 302),
        ("other_member", 302),
        ("staff_without_permission", 403),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("model", ["application", "memberprofile", "expense", "membership"])
def test_admin_personal_details_need_the_permission(client, request, member, who, expected, model):
    MemberProfileFactory(user=member, other_access_needs="Wheelchair user")
    ApplicationFactory(access_needs="Wheelchair user")
    ExpenseFactory(user=member)
    _login(client, request, who)

    response = client.get(reverse(f"admin:involvement_{model}_changelist"))

    assert response.status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("staff_without_permission", 403), ("coordinator", 200)])
def test_admin_profile_detail_needs_the_permission(client, request, member, who, expected):
    profile = MemberProfileFactory(user=member, other_access_needs="Wheelchair user")
    _login(client, request, who)

    response = client.get(reverse("admin:involvement_memberprofile_change", args=[profile.pk]))

    assert response.status_code == expected


def test_activity_admin_hides_access_needs_from_staff_without_the_permission(
    client, member, staff_without_permission, coordinator
):
    MemberProfileFactory(user=member, other_access_needs="Needs a hearing loop in the room")
    activity = ActivityFactory(user=member)
    url = reverse("admin:involvement_activity_change", args=[activity.pk])

    sign_in(client, staff_without_permission)
    hidden = client.get(url)
    sign_in(client, coordinator)
    shown = client.get(url)

    assert hidden.status_code == 200
    assert "Needs a hearing loop" not in hidden.content.decode()
    assert "Needs a hearing loop" in shown.content.decode()


def test_opportunity_admin_shows_access_needs_of_interested_members_only_to_coordinators(
    client, member, link_group, staff_without_permission, coordinator
):
    from tests.factories.involvement import InterestFactory

    MemberProfileFactory(user=member, large_print=True)
    opportunity = OpportunityFactory(groups=[link_group])
    InterestFactory(opportunity=opportunity, user=member)
    url = reverse("admin:involvement_opportunity_change", args=[opportunity.pk])

    sign_in(client, staff_without_permission)
    hidden = client.get(url).content.decode()
    sign_in(client, coordinator)
    shown = client.get(url).content.decode()

    assert "large print" not in hidden
    assert "large print" in shown


@pytest.mark.parametrize(("who", "expected"), [("staff_without_permission", 403), ("coordinator", 200)])
def test_select_members_page_needs_the_permission(client, request, link_group, who, expected):
    opportunity = OpportunityFactory(groups=[link_group])
    _login(client, request, who)

    response = client.get(reverse("admin:involvement_opportunity_outcome", args=[opportunity.pk]))

    assert response.status_code == expected


def test_coordinator_selects_members_in_the_admin(client, coordinator, member, link_group):
    from tests.factories.involvement import InterestFactory

    opportunity = OpportunityFactory(groups=[link_group])
    interest = InterestFactory(opportunity=opportunity, user=member)
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_opportunity_outcome", args=[opportunity.pk]), {"selected": [interest.pk]}
    )

    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "selected"


def test_profile_changes_are_kept_with_who_and_when(client, member):
    sign_in(client, member)
    client.post("/me/profile/", {"preferred_name": "Mo", "contact_by_email": "on"})
    client.post("/me/payment-choices/", {"payment_preference": "declined"})

    history = MemberProfile.history.filter(user_id=member.pk).order_by("history_date")

    assert [h.payment_preference for h in history] == ["paid", "paid", "declined"]
    assert history.last().history_user == member
    assert history.last().history_date is not None


def test_expense_decisions_are_kept_in_the_history(member, coordinator):
    expense = ExpenseFactory(user=member, amount=Decimal("9.99"))

    expense_decide(expense=expense, approve=True, by=coordinator)

    assert [h.status for h in Expense.history.filter(id=expense.pk).order_by("history_date")] == [
        "pending",
        "approved",
    ]


def test_admin_shows_the_history_of_a_payment(client, coordinator, member):
    activity = ActivityFactory(user=member)
    sign_in(client, coordinator)

    response = client.get(reverse("admin:involvement_activity_history", args=[activity.pk]))

    assert response.status_code == 200
    assert "history" in response.content.decode().lower()


def test_rate_table_changes_are_audited(client, coordinator):
    sign_in(client, coordinator)

    client.post(
        reverse("admin:involvement_rate_add"),
        {"effective_from": "2026-04-01", "hourly_rate": "27.00", "daily_rate": "165.00", "note": ""},
    )

    from apps.involvement.models import Rate

    assert Rate.history.get().history_user == coordinator


def test_select_members_page_lists_each_interested_member(client, coordinator, member, link_group):
    from tests.factories.involvement import InterestFactory

    opportunity = OpportunityFactory(groups=[link_group])
    InterestFactory(opportunity=opportunity, user=member)
    sign_in(client, coordinator)

    response = client.get(reverse("admin:involvement_opportunity_outcome", args=[opportunity.pk]))

    assert f"{member} ({member.email})" in response.content.decode()
    assert 'type="checkbox"' in response.content.decode()
