"""Members' own time: recorded on /me/involvement/time/, checked by the coordinator, paid with the next run;
activities from a meeting's attendance; remittance emails; payroll references; money as £0.00."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.communities.models import Attendance
from apps.involvement.enums import ActivitySource, ExpenseStatus, InterestStatus, PaymentStatus
from apps.involvement.models import Activity, Expense, MemberProfile, PaymentRun, Rate, TimeRecord
from apps.involvement.services import payment_run_create
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import MeetingFactory
from tests.factories.involvement import (
    ActivityFactory,
    ExpenseFactory,
    InterestFactory,
    OpportunityFactory,
    RateFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
TIME = reverse("my_involvement:time_create")
RECORD = reverse("my_involvement:record")
TIME_LIST = reverse("admin:involvement_timerecord_changelist")
FROM_MEETING = reverse("admin:involvement_activity_from_meeting")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def rates(db):
    RateFactory(effective_from=date(2024, 4, 1), hourly_rate=Decimal("25.00"), daily_rate=Decimal("150.00"))
    RateFactory(effective_from=date(2025, 4, 1), hourly_rate=Decimal("26.00"), daily_rate=Decimal("160.00"))


def _record_time(client, **changes):
    data = {"date": "2026-11-18", "description": "Read the study leaflet", "hours": "1.5", **changes}
    return client.post(TIME, data)


def _bodies(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


# Recording time ----------------------------------------------------------------------------------------


def test_recorded_time_is_checked_approved_and_paid_with_the_next_run(
    client, member, coordinator, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.COORDINATOR_EMAIL = "coordinator@iau.example"
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = _record_time(client)

    assert response.status_code == 302
    record = TimeRecord.objects.get()
    assert (record.user, record.hours, record.status) == (member, Decimal("1.5"), "waiting")
    assert [m["To"] for m in smtp_server.messages] == ["coordinator@iau.example"]
    text, _html = _bodies(smtp_server.messages[0])
    assert "Read the study leaflet" in text
    assert f"/admin/involvement/timerecord/{record.pk}/change/" in text
    page = client.get(RECORD).content.decode()
    assert "Read the study leaflet" in page
    assert "Waiting for the coordinator to check" in page
    assert Activity.objects.count() == 0  # nothing is owed before it is checked

    sign_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            TIME_LIST, {"action": "approve_time_records", "_selected_action": [record.pk]}, follow=True
        )

    assert "1 record(s) of time approved" in response.content.decode()
    activity = Activity.objects.get()
    assert activity.source == ActivitySource.MEMBER
    assert (activity.hours, activity.amount_due) == (Decimal("1.50"), Decimal("39.00"))  # 1.5 × £26
    assert activity.payment_status == PaymentStatus.APPROVED
    record.refresh_from_db()
    assert (record.status, record.activity) == ("approved", activity)
    assert len(smtp_server.messages) == 1  # the coordinator was told once; approving sends nothing more

    client.post(reverse("admin:involvement_paymentrun_add"), {"note": "November"})
    run = PaymentRun.objects.get()
    assert list(run.items.values_list("activity", flat=True)) == [activity.pk]


def test_returned_time_emails_the_reason_and_can_be_corrected_and_sent_again(
    client, member, coordinator, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.COORDINATOR_EMAIL = "coordinator@iau.example"
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        _record_time(client)
    record = TimeRecord.objects.get()

    sign_in(client, coordinator)
    asked = client.post(TIME_LIST, {"action": "return_time_records", "_selected_action": [record.pk]})
    assert asked.status_code == 200
    assert "What should the member correct?" in asked.content.decode()
    empty = client.post(
        TIME_LIST, {"action": "return_time_records", "_selected_action": [record.pk], "reason": " "}
    )
    assert "Say what the member should correct" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            TIME_LIST,
            {
                "action": "return_time_records",
                "_selected_action": [record.pk],
                "reason": "Which study was the leaflet for?",
            },
        )

    record.refresh_from_db()
    assert (record.status, record.return_reason) == ("returned", "Which study was the leaflet for?")
    to_member = [m for m in smtp_server.messages if m["To"] == member.email]
    assert len(to_member) == 1
    assert to_member[0]["Subject"] == "Please check the time you recorded"
    text, html = _bodies(to_member[0])
    assert "Which study was the leaflet for?" in text
    assert "Which study was the leaflet for?" in html
    assert record.get_absolute_url() in text

    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            record.get_absolute_url(),
            {"date": "2026-11-18", "description": "Read the sleep study leaflet", "hours": "1.5"},
        )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.description, record.submission) == (
        "waiting",
        "Read the sleep study leaflet",
        2,
    )
    to_coordinator = [m for m in smtp_server.messages if m["To"] == "coordinator@iau.example"]
    assert len(to_coordinator) == 2  # the first sending and the corrected one, once each
    assert "(corrected)" in to_coordinator[1]["Subject"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2026-11-21"}, "date", "this date is in the future"),
        ({"hours": "0"}, "hours", "at least a quarter of an hour"),
        ({"hours": "13"}, "hours", "at most 12 hours"),
        ({"hours": "lots"}, "hours", "as a number"),
        ({"description": ""}, "description", "Say what you did"),
    ],
)
def test_time_that_cannot_be_right_is_refused_next_to_its_field(client, member, changes, field, message):
    sign_in(client, member)

    response = _record_time(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'aria-describedby="id_{field}_' in response.content.decode()
    assert TimeRecord.objects.count() == 0


def test_time_may_be_linked_only_to_an_opportunity_taken_part_in(client, member, link_group):
    taken = OpportunityFactory(groups=[link_group], title="Leaflet review")
    InterestFactory(opportunity=taken, user=member, status=InterestStatus.SELECTED)
    other = OpportunityFactory(groups=[link_group], title="Interview panel")
    sign_in(client, member)

    refused = _record_time(client, opportunity=other.pk)
    accepted = _record_time(client, opportunity=taken.pk)

    assert refused.status_code == 200
    assert "Choose an opportunity from the list" in refused.content.decode()
    assert accepted.status_code == 302
    assert TimeRecord.objects.get().opportunity == taken


def test_only_link_and_rug_members_record_time(client):
    sign_in(client, UserFactory())

    assert client.get(TIME).status_code == 404
    assert _record_time(client).status_code == 404


# Activities from a meeting's attendance -----------------------------------------------------------------


def test_a_meetings_attendance_makes_each_members_activity_once(client, member, other_member, coordinator):
    meeting = MeetingFactory(
        title="Falls prevention",
        start=datetime(2026, 11, 10, 14, 0, tzinfo=LONDON),
        end=datetime(2026, 11, 10, 16, 30, tzinfo=LONDON),
    )
    outsider = UserFactory(display_name="Not In A Group")
    for person in (member, other_member, outsider):
        Attendance.objects.create(meeting=meeting, user=person)
    sign_in(client, coordinator)

    page = client.get(FROM_MEETING, {"meeting": meeting.pk}).content.decode()
    assert "Mo Member" in page and "Olu Other" in page
    assert "Not In A Group" not in page  # only Link group and RUG members are paid for meetings
    assert 'value="2.50"' in page  # the meeting's length
    assert "£26.00 an hour" in page  # the rate in force on 10 November 2026

    response = client.post(
        FROM_MEETING,
        {
            "meeting": meeting.pk,
            f"make_{member.pk}": "on",
            f"hours_{member.pk}": "2.5",
            f"make_{other_member.pk}": "on",
            f"hours_{other_member.pk}": "2",
        },
    )
    assert response.status_code == 302
    made = {a.user: a for a in Activity.objects.filter(meeting=meeting)}
    assert set(made) == {member, other_member}
    assert made[member].amount_due == Decimal("65.00")  # 2.5 × £26
    assert made[other_member].amount_due == Decimal("52.00")  # 2 × £26
    assert made[member].date == date(2026, 11, 10)
    assert made[member].source == ActivitySource.ATTENDANCE

    again = client.post(
        FROM_MEETING,
        {"meeting": meeting.pk, f"make_{member.pk}": "on", f"hours_{member.pk}": "2.5"},
    )
    assert Activity.objects.filter(meeting=meeting).count() == 2
    assert again.status_code == 200  # nothing left to make: the ticks are gone
    page = client.get(FROM_MEETING, {"meeting": meeting.pk}).content.decode()
    assert page.count("Already has an activity for this meeting") == 2


def test_making_activities_from_attendance_needs_personal_details(client, staff_without_permission):
    sign_in(client, staff_without_permission)

    assert client.get(FROM_MEETING).status_code == 403


def test_an_unknown_meeting_is_explained_not_an_error(client, coordinator):
    sign_in(client, coordinator)

    response = client.get(FROM_MEETING, {"meeting": "999999999999999999999"})

    assert response.status_code == 200
    assert "Choose one of the meetings in the list" in response.content.decode()


# Remittance emails ------------------------------------------------------------------------------------


def test_marking_a_run_paid_sends_each_member_one_remittance(
    client, member, other_member, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    ActivityFactory(
        user=member,
        description="Link group meeting",
        date=date(2026, 10, 1),
        hours=Decimal("2"),
        rate=Rate.objects.get(effective_from=date(2025, 4, 1)),
        amount_due=Decimal("52.00"),
        payment_status=PaymentStatus.APPROVED,
    )
    ActivityFactory(
        user=member,
        description="Read the papers",
        date=date(2026, 10, 8),
        hours=Decimal("1.5"),
        rate=Rate.objects.get(effective_from=date(2025, 4, 1)),
        amount_due=Decimal("39.00"),
        payment_status=PaymentStatus.APPROVED,
    )
    ExpenseFactory(user=member, description="Bus fare", amount=Decimal("6.40"), status=ExpenseStatus.APPROVED)
    ExpenseFactory(
        user=other_member,
        kind="carer",
        description="Carer",
        amount=Decimal("48.00"),
        status=ExpenseStatus.APPROVED,
    )
    run = payment_run_create(by=coordinator)
    finance = StaffFactory()
    finance.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="involvement",
            codename__in=["view_paymentrun", "change_paymentrun", "change_activity", "change_expense"],
        )
    )
    sign_in(client, finance)
    mark_paid = reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(mark_paid, {"paid_on": "2026-11-20"})

    received = {m["To"]: m for m in smtp_server.messages}
    assert sorted(received) == sorted([member.email, other_member.email])
    assert received[member.email]["Subject"] == "We have paid you £97.40"  # 52.00 + 39.00 + 6.40
    text, html = _bodies(received[member.email])
    assert "Link group meeting, 1 October 2026: 2 hours at £26.00 an hour = £52.00" in text
    assert "Read the papers, 8 October 2026: 1.50 hours at £26.00 an hour = £39.00" in text
    assert "Payments for your time: £91.00" in text
    assert "Travel: Bus fare, 1 May 2025: £6.40" in text
    assert "Total paid: £97.40" in text
    assert "on 20 November 2026" in text
    assert "£97.40" in html
    assert received[other_member.email]["Subject"] == "We have paid you £48.00"
    assert "Your time" not in _bodies(received[other_member.email])[0]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(mark_paid, {"paid_on": "2026-11-20"})
    assert len(smtp_server.messages) == 2


# Payroll or supplier reference ---------------------------------------------------------------------------


def test_the_payroll_reference_is_seen_only_with_the_payment_details_permission(client, member, coordinator):
    profile = MemberProfile.objects.create(user=member, payroll_reference="SUP-10482")
    url = reverse("admin:involvement_memberprofile_change", args=[profile.pk])
    without = StaffFactory()
    without.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="involvement",
            codename__in=["view_memberprofile", "change_memberprofile", "view_personal_details"],
        )
    )

    sign_in(client, without)
    hidden = client.get(url).content.decode()
    sign_in(client, coordinator)
    shown = client.get(url).content.decode()

    assert "SUP-10482" not in hidden and "payroll" not in hidden.lower()
    assert "SUP-10482" in shown


def test_the_finance_file_carries_each_members_payroll_reference(client, member, coordinator):
    MemberProfile.objects.create(user=member, payroll_reference="SUP-10482")
    ActivityFactory(
        user=member, date=date(2026, 10, 1), amount_due=Decimal("52.00"), payment_status="approved"
    )
    run = payment_run_create(by=coordinator)
    sign_in(client, coordinator)
    confirm_identity(client)

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["Payroll or supplier reference"], row["Amount (£)"]) for row in rows] == [
        ("SUP-10482", "52.00")
    ]


# Money -------------------------------------------------------------------------------------------------


def test_money_shows_as_pounds_and_pence_in_the_lists(client, member, coordinator):
    ActivityFactory(
        user=member, date=date(2026, 10, 1), amount_due=Decimal("250.00"), payment_status="approved"
    )
    ExpenseFactory(user=member, amount=Decimal("47.80"), status=ExpenseStatus.APPROVED)
    payment_run_create(by=coordinator)
    sign_in(client, coordinator)

    runs = client.get(reverse("admin:involvement_paymentrun_changelist")).content.decode()
    activities = client.get(reverse("admin:involvement_activity_changelist")).content.decode()
    expenses = client.get(reverse("admin:involvement_expense_changelist")).content.decode()

    assert "£297.80" in runs
    assert "297.8000" not in runs
    assert "£250.00" in activities
    assert "£47.80" in expenses


# Bulk approval -------------------------------------------------------------------------------------------


def test_many_expense_claims_are_approved_at_once_with_a_summary(
    client, member, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    first = ExpenseFactory(user=member, description="Bus fare")
    second = ExpenseFactory(user=member, description="Train fare")
    decided = ExpenseFactory(user=member, description="Taxi", status=ExpenseStatus.APPROVED)
    sign_in(client, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:involvement_expense_changelist"),
            {"action": "approve_expenses", "_selected_action": [first.pk, second.pk, decided.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "2 claim(s) approved" in page
    assert "1 skipped" in page and "already approved" in page
    assert set(Expense.objects.values_list("status", flat=True)) == {"approved"}
    assert len(smtp_server.messages) == 2  # each member hears of each claim once


def test_many_payments_are_approved_at_once_and_those_not_due_are_named(client, member, coordinator):
    due = ActivityFactory(user=member, date=date(2026, 10, 1), payment_status=PaymentStatus.DUE)
    planned = ActivityFactory(user=member, description="Panel", date=date(2026, 12, 1), payment_status="due")
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activity_changelist"),
        {"action": "approve_payments", "_selected_action": [due.pk, planned.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 payment(s) approved" in page
    assert "1 skipped" in page and "has not happened yet" in page
