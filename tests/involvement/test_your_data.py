import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.accounts.services import account_erase
from apps.involvement.models import Activity, Application, Expense, Interest, MemberProfile, Membership
from apps.involvement.selectors import finance_rows
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.involvement import (
    ActivityFactory,
    ApplicationFactory,
    ExpenseFactory,
    InterestFactory,
    MemberProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_member(member, link_group):
    MemberProfileFactory(
        user=member, phone="01782 123456", carer_copied=True, carer_email="carer@example.org"
    )
    ApplicationFactory(email=member.email, group=link_group, user=member, motivation="My own story")
    ActivityFactory(user=member, amount_due=Decimal("50.00"), payment_status="approved")
    ExpenseFactory(
        user=member, amount=Decimal("6.40"), status="approved", receipt=SimpleUploadedFile("r.pdf", b"%PDF")
    )
    InterestFactory(user=member)
    return member


def test_download_contains_everything_held_about_the_member(client, full_member):
    sign_in(client, full_member)
    confirm_identity(client)

    response = client.get("/me/data/download.json")

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == full_member.email
    involvement = data["involvement"]
    assert involvement["profile"]["carer_email"] == "carer@example.org"
    assert involvement["applications"][0]["motivation"] == "My own story"
    assert involvement["activities"][0]["amount_due"] == "50.00"
    assert involvement["expenses"][0]["amount"] == "6.40"
    assert len(involvement["interests_in_opportunities"]) == 1
    assert involvement["memberships"][0]["group"] == "Link group"


def test_download_holds_nothing_of_another_member(client, full_member, other_member):
    sign_in(client, other_member)
    confirm_identity(client)

    data = json.loads(client.get("/me/data/download.json").content)

    assert data["involvement"]["profile"] is None
    assert data["involvement"]["activities"] == []


def test_erasure_removes_personal_details_and_keeps_finance_totals(client, full_member):
    user_id = full_member.pk
    before = finance_rows()
    expense = Expense.objects.get(user=full_member)
    receipt_path = expense.receipt.path
    sign_in(client, full_member)

    confirm_identity(client)  # erasing is for good: the member confirms who they are
    response = client.post("/me/data/erase/", {"confirm": "on"})

    assert response.status_code == 302
    user = User.objects.get(pk=user_id)
    assert (user.is_active, user.display_name, user.has_usable_password()) == (False, "Erased member", False)
    assert user.email == f"erased-{user_id}@erased.invalid"
    assert MemberProfile.objects.filter(user_id=user_id).exists() is False
    assert MemberProfile.history.filter(user_id=user_id).exists() is False
    assert Application.objects.count() == 0
    assert Application.history.count() == 0
    assert Interest.objects.filter(user_id=user_id).count() == 0
    assert Membership.objects.filter(user_id=user_id).count() == 0
    assert Activity.objects.filter(user_id=user_id).count() == 1
    after = finance_rows()
    assert [(r["payments"], r["expenses"], r["total"]) for r in after] == [
        (r["payments"], r["expenses"], r["total"]) for r in before
    ]
    assert after[0]["email"] == f"erased-{user_id}@erased.invalid"
    expense.refresh_from_db()
    assert (expense.receipt.name, expense.description) == ("", "Expense (details erased)")
    import os

    assert os.path.exists(receipt_path) is False


def test_erasure_signs_the_member_out(client, full_member):
    sign_in(client, full_member)

    confirm_identity(client)  # erasing is for good: the member confirms who they are
    client.post("/me/data/erase/", {"confirm": "on"})

    assert client.get("/me/involvement/").status_code == 302


def test_erasure_needs_the_box_ticked(client, full_member):
    sign_in(client, full_member)

    confirm_identity(client)  # erasing is for good: the member confirms who they are
    response = client.post("/me/data/erase/", {})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        "Tick the box to confirm that you want your account erased."
    ]
    full_member.refresh_from_db()
    assert full_member.is_active is True


def test_erasure_needs_a_post(client, full_member):
    sign_in(client, full_member)

    confirm_identity(client)  # erasing is for good: the member confirms who they are
    client.get("/me/data/erase/")

    full_member.refresh_from_db()
    assert full_member.is_active is True


def test_erase_service_leaves_other_members_alone(full_member, other_member):
    MemberProfileFactory(user=other_member)

    account_erase(user=full_member)

    assert MemberProfile.objects.filter(user=other_member).exists() is True
