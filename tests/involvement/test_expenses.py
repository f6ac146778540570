from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.involvement.enums import ExpenseStatus
from apps.involvement.models import Expense
from apps.involvement.services import expense_decide
from tests.auth import sign_in
from tests.factories.involvement import ActivityFactory, ExpenseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a tiny receipt"


def _claim(client, **overrides):
    data = {
        "kind": "travel",
        "description": "Bus fare to the meeting",
        "incurred_on": "2025-05-01",
        "amount": "6.40",
        "receipt": SimpleUploadedFile("ticket.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return client.post("/me/involvement/expenses/new/", data)


def test_member_claims_an_expense_with_a_receipt(client, member):
    sign_in(client, member)

    response = _claim(client)

    expense = Expense.objects.get()
    assert response["Location"] == expense.get_absolute_url()
    assert (expense.user, expense.amount, expense.status) == (member, Decimal("6.40"), ExpenseStatus.PENDING)
    assert expense.receipt.name.startswith("involvement/receipts/")
    assert "ticket" not in expense.receipt.name


def test_receipt_of_the_wrong_type_is_refused_next_to_the_field(client, member):
    sign_in(client, member)

    response = _claim(
        client, receipt=SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    )

    assert response.status_code == 200
    assert "receipt" in response.context["form"].errors
    assert Expense.objects.count() == 0


def test_a_claim_dated_in_the_future_is_refused_next_to_the_date(client, member):
    sign_in(client, member)

    response = _claim(client, incurred_on="2099-05-01")

    assert response.status_code == 200
    assert response.context["form"].errors["incurred_on"] == [
        "Claim a cost once you have paid it: this date is in the future."
    ]
    assert Expense.objects.count() == 0


def test_receipt_too_large_is_refused(client, member):
    sign_in(client, member)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf")

    response = _claim(client, receipt=big)

    assert response.context["form"].errors["receipt"] == ["The receipt must be smaller than 5 MB."]


def test_member_cannot_claim_against_another_members_activity(client, member, other_member):
    sign_in(client, member)
    theirs = ActivityFactory(user=other_member)

    response = _claim(client, activity=theirs.pk)

    assert "activity" in response.context["form"].errors
    assert Expense.objects.count() == 0


@pytest.fixture
def expense_with_receipt(member):
    return ExpenseFactory(user=member, receipt=SimpleUploadedFile("r.pdf", PDF))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("member", 200),
        ("other_member", 404),
        ("staff_without_permission", 404),
        ("coordinator", 200),
    ],
)
def test_receipt_can_be_fetched_only_by_its_member_and_coordinators(
    client, request, expense_with_receipt, who, status
):
    if who != "visitor":
        sign_in(client, request.getfixturevalue(who))

    response = client.get(f"/me/involvement/expenses/{expense_with_receipt.pk}/receipt/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Cache-Control"] == "private, no-store"


def test_rejection_needs_a_reason(member, coordinator):
    expense = ExpenseFactory(user=member)

    with pytest.raises(ValidationError):
        expense_decide(expense=expense, approve=False, by=coordinator, reason="  ")

    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.PENDING


def test_rejection_with_a_reason_tells_the_member_once(
    member, coordinator, django_capture_on_commit_callbacks
):
    expense = ExpenseFactory(user=member)

    with django_capture_on_commit_callbacks(execute=True):
        expense_decide(
            expense=expense, approve=False, by=coordinator, reason="The receipt is for a different day."
        )
    with pytest.raises(ValidationError):
        expense_decide(expense=expense, approve=True, by=coordinator)

    expense.refresh_from_db()
    assert (expense.status, expense.decided_by) == (ExpenseStatus.REJECTED, coordinator)
    [message] = mail.outbox
    assert "The reason: The receipt is for a different day." in message.body


def test_coordinator_approves_in_the_admin(client, member, coordinator, django_capture_on_commit_callbacks):
    expense = ExpenseFactory(user=member)
    sign_in(client, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:involvement_expense_change", args=[expense.pk]),
            {"decision": "approve", "reason": ""},
        )

    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED
    assert mail.outbox[0].subject == "Your expense claim has been approved"


def test_admin_rejection_without_reason_is_explained(client, member, coordinator):
    expense = ExpenseFactory(user=member)
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_expense_change", args=[expense.pk]), {"decision": "reject", "reason": ""}
    )

    assert response.status_code == 200
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.PENDING


def test_database_refuses_a_rejection_without_a_reason(member):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ExpenseFactory(user=member, status=ExpenseStatus.REJECTED, decision_reason="")


def test_a_new_claim_is_announced_to_the_coordinator_and_acknowledged_to_the_member_once(
    client, member, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.COORDINATOR_EMAIL = "coordinator@iau.example"
    sign_in(client, member)

    with django_capture_on_commit_callbacks(execute=True):
        response = _claim(client)
    expense = Expense.objects.get()
    assert response.status_code == 302
    received = {message["To"]: message for message in smtp_server.messages}
    assert sorted(received) == ["coordinator@iau.example", member.email]
    assert len(smtp_server.messages) == 2
    to_coordinator, to_member = received["coordinator@iau.example"], received[member.email]
    assert to_coordinator["Subject"] == "New expense claim: £6.40 from Mo Member"
    coordinator_text = to_coordinator.get_body(("plain",)).get_content()
    assert f"/admin/involvement/expense/{expense.pk}/change/" in coordinator_text
    assert "with a receipt" in coordinator_text
    assert to_member["Subject"] == "We have your expense claim for £6.40"
    member_text = to_member.get_body(("plain",)).get_content()
    assert "travel of £6.40 (Bus fare to the meeting), dated 1 May 2025" in member_text
    assert "within 7 days" in member_text
    assert expense.get_absolute_url() in member_text


def test_a_claim_refused_for_a_mistake_sends_no_email(client, member, django_capture_on_commit_callbacks):
    sign_in(client, member)

    with django_capture_on_commit_callbacks(execute=True):
        _claim(client, incurred_on="2099-05-01")

    assert mail.outbox == []
