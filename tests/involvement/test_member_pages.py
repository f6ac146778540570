import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from apps.core.contracts import AccessNeeds
from apps.core.models import Topic
from apps.involvement.access_needs import access_needs_for
from apps.involvement.member_area import panels
from apps.involvement.models import MemberProfile, TimeRecord
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import (
    ActivityFactory,
    ExpenseFactory,
    InterestFactory,
    MemberProfileFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "/me/involvement/",
    "/me/involvement/print/",
    "/me/involvement/record.csv",
    "/me/involvement/expenses/new/",
    "/me/opportunities/",
    "/me/profile/",
]


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_pages_ask_a_visitor_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_pages_open_for_a_member(client, member, path):
    sign_in(client, member)

    assert client.get(path).status_code == 200


def test_record_shows_only_the_members_own_activities_and_yearly_totals(client, member, other_member):
    ActivityFactory(user=member, date=date(2024, 6, 1), hours=Decimal("2"), amount_due=Decimal("50.00"))
    ActivityFactory(user=member, date=date(2025, 6, 1), hours=Decimal("3"), amount_due=Decimal("78.00"))
    ActivityFactory(
        user=member,
        date=date(2025, 7, 1),
        hours=Decimal("1"),
        amount_due=Decimal("0"),
        payment_status="not_due",
    )
    ExpenseFactory(user=member, incurred_on=date(2025, 6, 1), amount=Decimal("6.40"), status="approved")
    ExpenseFactory(user=member, incurred_on=date(2025, 6, 1), amount=Decimal("9.00"), status="pending")
    ActivityFactory(user=other_member, description="Someone else's meeting")
    sign_in(client, member)

    response = client.get("/me/involvement/")

    assert [a.user for a in response.context["activities"]] == [member] * 3
    assert _totals(response) == [
        ("2025 to 2026", Decimal("4"), Decimal("78.00"), Decimal("6.40")),
        ("2024 to 2025", Decimal("2"), Decimal("50.00"), Decimal("0")),
    ]
    assert "Someone else" not in response.content.decode()


def _totals(response) -> list[tuple]:
    return [
        (row["label"], row["hours"], row["payments"], row["expenses"]) for row in response.context["totals"]
    ]


def test_yearly_totals_count_only_what_has_happened(client, member):
    ActivityFactory(user=member, date=date(2026, 3, 1), hours=Decimal("2"), amount_due=Decimal("50.00"))
    ActivityFactory(user=member, date=date(2026, 12, 10), hours=Decimal("2"), amount_due=Decimal("52.00"))
    sign_in(client, member)

    with time_machine.travel(date(2026, 11, 26)):
        response = client.get("/me/involvement/")

    assert _totals(response) == [("2025 to 2026", Decimal("2"), Decimal("50.00"), Decimal("0"))]


def test_record_csv_lists_activities_expenses_and_totals(client, member):
    ActivityFactory(user=member, date=date(2025, 6, 1), description="RUG meeting", hours=Decimal("2"))
    ExpenseFactory(user=member, incurred_on=date(2025, 6, 1), description="Bus", status="approved")
    sign_in(client, member)

    response = client.get("/me/involvement/record.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Type", "Date", "What", "Hours", "Amount (£)", "Status"]
    assert rows[1][:4] == ["Activity", "2025-06-01", "RUG meeting", "2.00"]
    assert rows[2][:3] == ["Expense (Travel)", "2025-06-01", "Bus"]
    assert rows[3][:2] == ["Total, tax year 2025 to 2026", "2025-04-06 to 2026-04-05"]


@pytest.fixture
def around_the_tax_year_end(member):
    """Activities and claims on 5 April 2025 (the last day of a tax year) and 6 April (the first)."""
    ActivityFactory(user=member, date=date(2025, 4, 5), hours=Decimal("2"), amount_due=Decimal("50.00"))
    ActivityFactory(user=member, date=date(2025, 4, 6), hours=Decimal("3"), amount_due=Decimal("78.00"))
    ExpenseFactory(user=member, incurred_on=date(2025, 4, 5), amount=Decimal("6.40"), status="approved")
    ExpenseFactory(user=member, incurred_on=date(2025, 4, 6), amount=Decimal("9.00"), status="paid")
    return member


def test_record_counts_by_tax_year_from_6_april_by_default(client, around_the_tax_year_end):
    sign_in(client, around_the_tax_year_end)

    with time_machine.travel(date(2025, 6, 1)):
        response = client.get("/me/involvement/")

    assert _totals(response) == [
        ("2025 to 2026", Decimal("3"), Decimal("78.00"), Decimal("9.00")),
        ("2024 to 2025", Decimal("2"), Decimal("50.00"), Decimal("6.40")),
    ]
    html = response.content.decode()
    assert "Totals by tax year" in html
    assert "(6 April 2025 to 5 April 2026)" in html
    assert 'value="tax" required id="id_years_0" checked' in html


def test_record_counts_by_calendar_year_when_asked(client, around_the_tax_year_end):
    sign_in(client, around_the_tax_year_end)

    with time_machine.travel(date(2025, 6, 1)):
        response = client.get("/me/involvement/", {"years": "calendar"})

    assert _totals(response) == [("2025", Decimal("5"), Decimal("128.00"), Decimal("15.40"))]
    html = response.content.decode()
    assert "Totals by calendar year" in html
    assert 'href="/me/involvement/record.csv?years=calendar"' in html


@pytest.mark.parametrize("value", ["bogus", "", "TAX", "calendar'--", "2025"])
def test_an_unknown_choice_of_years_is_ignored(client, around_the_tax_year_end, value):
    sign_in(client, around_the_tax_year_end)

    with time_machine.travel(date(2025, 6, 1)):
        response = client.get("/me/involvement/", {"years": value})

    assert response.status_code == 200
    assert [row[0] for row in _totals(response)] == ["2025 to 2026", "2024 to 2025"]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (
            "tax",
            [
                ["Total, tax year 2025 to 2026", "2025-04-06 to 2026-04-05", "87.00"],
                ["Total, tax year 2024 to 2025", "2024-04-06 to 2025-04-05", "56.40"],
            ],
        ),
        ("calendar", [["Total, calendar year 2025", "2025-01-01 to 2025-12-31", "143.40"]]),
    ],
)
def test_record_csv_totals_follow_the_choice_of_years(client, around_the_tax_year_end, years, expected):
    sign_in(client, around_the_tax_year_end)

    with time_machine.travel(date(2025, 6, 1)):
        response = client.get("/me/involvement/record.csv", {"years": years})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [[row[0], row[1], row[4]] for row in rows if row[0].startswith("Total")] == expected


def test_printable_record_follows_the_choice_of_years(client, around_the_tax_year_end):
    sign_in(client, around_the_tax_year_end)

    with time_machine.travel(date(2025, 6, 1)):
        tax = client.get("/me/involvement/print/").content.decode()
        calendar = client.get("/me/involvement/print/", {"years": "calendar"}).content.decode()

    assert "Totals by tax year" in tax and "2024 to 2025" in tax
    assert "Totals by calendar year" in calendar and "2024 to 2025" not in calendar


def test_an_activity_still_to_come_is_planned_not_due(client, member):
    activity = ActivityFactory(user=member, date=date(2026, 12, 10), description="RUG meeting")
    sign_in(client, member)

    with time_machine.travel(date(2026, 11, 26)):
        record = client.get("/me/involvement/").content.decode()
        detail = client.get(activity.get_absolute_url()).content.decode()
        sheet = client.get("/me/involvement/record.csv").content.decode()
    with time_machine.travel(date(2026, 12, 11)):
        afterwards = client.get("/me/involvement/").content.decode()

    assert '<td data-label="Status">Planned</td>' in record
    assert "Due, waiting for approval" not in record
    assert "<dd>Planned</dd>" in detail
    assert sheet.splitlines()[1].endswith(",Planned")
    assert '<td data-label="Status">Due, waiting for approval</td>' in afterwards


def test_expense_form_offers_no_activity_as_a_plain_first_choice(client, member):
    ActivityFactory(user=member, description="RUG meeting")
    sign_in(client, member)

    response = client.get("/me/involvement/expenses/new/")

    choices = list(response.context["form"].fields["activity"].choices)
    assert choices[0] == ("", "Not linked to an activity")
    assert '<option value="" selected>Not linked to an activity</option>' in response.content.decode()


def test_printable_record_uses_the_print_layout(client, member):
    sign_in(client, member)

    response = client.get("/me/involvement/print/")

    assert 'class="involvement-print"' in response.content.decode()


@pytest.mark.parametrize("kind", ["activity", "expense"])
def test_another_members_record_answers_404(client, member, other_member, kind):
    theirs = (ActivityFactory if kind == "activity" else ExpenseFactory)(user=other_member)
    sign_in(client, member)

    assert client.get(theirs.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["activity", "expense"])
def test_own_record_opens(client, member, kind):
    mine = (ActivityFactory if kind == "activity" else ExpenseFactory)(user=member)
    sign_in(client, member)

    assert client.get(mine.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_record_queries_do_not_grow(client, member, count, django_assert_num_queries):
    for _ in range(count):
        ActivityFactory(user=member)
        ExpenseFactory(user=member)
        TimeRecord.objects.create(user=member, date=date(2025, 5, 1), description="Reading", hours=1)
    sign_in(client, member)
    client.get("/me/involvement/")

    # The session comes from the cache (cached_db sessions); the time they recorded and whether they may
    # record time are one query each.
    with django_assert_num_queries(6):
        client.get("/me/involvement/")


def _profile_form(**overrides):
    data = {
        "preferred_name": "Mo",
        "contact_by_email": "on",
        "phone": "",
        "postal_address": "",
        "carer_email": "",
        "other_access_needs": "",
    }
    data.update(overrides)
    return data


def test_member_saves_profile_with_access_needs_and_interests(client, member):
    topic = Topic.objects.create(name="Mental health", slug="mental-health")
    sign_in(client, member)

    response = client.post(
        "/me/profile/",
        _profile_form(
            large_print="on", carer_copied="on", carer_email="carer@example.org", interests=[topic.pk]
        ),
    )

    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=member)
    assert (profile.large_print, profile.carer_email) == (True, "carer@example.org")
    assert list(profile.interests.all()) == [topic]


def test_carer_copied_in_needs_their_email(client, member):
    sign_in(client, member)

    response = client.post("/me/profile/", _profile_form(carer_copied="on"))

    assert response.status_code == 200
    assert response.context["form"].errors["carer_email"] == [
        "Give your carer's email address so we can copy them in."
    ]


def test_phone_contact_needs_a_number(client, member):
    sign_in(client, member)

    response = client.post("/me/profile/", _profile_form(contact_by_phone="on"))

    assert "phone" in response.context["form"].errors


def test_access_needs_for_members_in_one_query(django_assert_num_queries):
    carer = MemberProfileFactory(large_print=True, carer_copied=True, carer_email="carer@example.org")
    plain = MemberProfileFactory(easy_read=True, carer_email="not-copied@example.org")
    nobody = UserFactory()

    with django_assert_num_queries(1):
        needs = access_needs_for([carer.user_id, plain.user_id, nobody.pk])

    assert needs == {
        carer.user_id: AccessNeeds(large_print=True, easy_read=False, carer_email="carer@example.org"),
        plain.user_id: AccessNeeds(large_print=False, easy_read=True, carer_email=""),
    }


def test_member_panel_shows_upcoming_activity_opportunities_and_what_they_applied_for(member, link_group):
    coming = ActivityFactory(user=member, date=timezone.localdate() + timedelta(days=3))
    ActivityFactory(user=member, date=date(2024, 1, 1))
    opportunity = OpportunityFactory(groups=[link_group])
    interest = InterestFactory(user=member, opportunity=opportunity)

    # A group member also gets the benefits panel (tests/involvement/test_benefits.py).
    panel, benefits = panels(member)
    assert benefits.title == "Benefits"

    assert panel.context["upcoming"] == [coming]
    assert panel.context["opportunities"] == [opportunity]
    assert list(panel.context["applied"]) == [interest]


def test_member_panel_puts_opportunities_on_their_interests_first(member, link_group):
    topic = Topic.objects.create(name="Mental health", slug="mental-health")
    MemberProfileFactory(user=member).interests.add(topic)
    other = OpportunityFactory(groups=[link_group], deadline=timezone.now() + timedelta(days=1))
    matching = OpportunityFactory(groups=[link_group], deadline=timezone.now() + timedelta(days=5))
    matching.topics.add(topic)

    # A group member also gets the benefits panel (tests/involvement/test_benefits.py).
    panel, benefits = panels(member)
    assert benefits.title == "Benefits"

    assert panel.context["opportunities"] == [matching, other]


def test_dashboard_shows_the_involvement_panel(client, member):
    sign_in(client, member)

    response = client.get("/me/")

    assert "Your involvement" in response.content.decode()


def test_no_panel_for_someone_not_in_a_group():
    assert panels(UserFactory()) == []
