"""The certificate of involvement on /me/involvement/certificate/: what the member did in a period, hours
they can count by hand, their groups, meetings and projects, signed by the unit; no money, only their own."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group as Role
from django.urls import reverse

from apps.communities.models import Attendance
from apps.involvement.enums import InterestStatus
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.communities import MeetingFactory
from tests.factories.involvement import ActivityFactory, InterestFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
CERTIFICATE = reverse("my_involvement:certificate")


def _meeting(member, start, *, hours=2, cancelled=False):
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=hours), cancelled=cancelled)
    Attendance.objects.create(meeting=meeting, user=member)
    return meeting


@pytest.fixture
def record(member, other_member):
    """The member's record in the tax year 2026 to 2027 (today is 20 November 2026), and around it."""
    with time_machine.travel(NOW, tick=False):
        leaflet = OpportunityFactory(
            title="Leaflet about hip replacements", starts_at=datetime(2026, 5, 10, 10, tzinfo=LONDON)
        )
        InterestFactory(opportunity=leaflet, user=member, status=InterestStatus.SELECTED)
        ActivityFactory(
            user=member,
            date=date(2026, 5, 10),
            hours=Decimal("2.5"),
            opportunity=leaflet,
            description="Read and commented on the leaflet",
        )
        ActivityFactory(
            user=member, date=date(2026, 9, 1), hours=Decimal("1.25"), description="Panel interview"
        )
        ActivityFactory(
            user=member, date=date(2026, 12, 1), hours=Decimal("3"), description="Planned workshop"
        )
        ActivityFactory(
            user=member, date=date(2026, 3, 1), hours=Decimal("4"), description="Last year's review"
        )
        # Attended, not an activity: its length (1.5 hours) counts.
        _meeting(member, datetime(2026, 10, 14, 14, 0, tzinfo=LONDON), hours=1.5)
        # Attended and already an activity: counted once, as the activity (2 hours).
        paid_meeting = _meeting(member, datetime(2026, 10, 20, 10, 0, tzinfo=LONDON), hours=3)
        ActivityFactory(
            user=member,
            date=date(2026, 10, 20),
            hours=Decimal("2"),
            meeting=paid_meeting,
            description="Community meeting on falls",
        )
        _meeting(member, datetime(2026, 10, 28, 10, 0, tzinfo=LONDON), cancelled=True)
        _meeting(member, datetime(2026, 12, 2, 10, 0, tzinfo=LONDON))  # still to come
        ActivityFactory(
            user=other_member, date=date(2026, 6, 1), hours=Decimal("9"), description="Olu's secret"
        )
        _meeting(other_member, datetime(2026, 10, 15, 10, 0, tzinfo=LONDON))


def test_certificate_counts_what_happened_in_the_tax_year(client, member, record):
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False):
        response = client.get(CERTIFICATE)
    assert response.status_code == 200
    certificate = response.context["certificate"]
    # 2.5 + 1.25 + 2 (activities up to today) + 1.5 (a meeting attended that is not an activity)
    assert certificate["total_hours"] == Decimal("7.25")
    assert (certificate["starts"], certificate["ends"]) == (date(2026, 4, 6), date(2027, 4, 5))
    html = response.content.decode()
    assert '<dd class="certificate__hours">7.25</dd>' in html
    assert "Read and commented on the leaflet" in html
    assert "Leaflet about hip replacements" in html
    assert "Member of the Link group since January 2024" in html
    assert "Planned workshop" not in html
    assert "Last year&#x27;s review" not in html
    assert [row["hours"] for row in certificate["meetings"]] == [Decimal("1.5"), Decimal("3")]
    assert [row["counted_as_activity"] for row in certificate["meetings"]] == [False, True]
    assert "50.00" not in html and "£" not in html


def test_certificate_for_chosen_dates(client, member, record):
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False):
        response = client.get(CERTIFICATE, {"from": "2026-01-01", "to": "2026-03-31"})
    assert response.status_code == 200
    assert response.context["certificate"]["total_hours"] == Decimal("4")
    assert "Last year&#x27;s review" in response.content.decode()


def test_certificate_never_shows_another_members_record(client, member, other_member, record):
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False):
        html = client.get(CERTIFICATE).content.decode()
    assert "Olu" not in html
    assert "secret" not in html


def test_certificate_is_signed_by_the_involvement_coordinator(client, member, record):
    coordinator = StaffFactory(display_name="Cora Coordinator")
    coordinator.groups.add(Role.objects.get(name="Involvement coordinator"))
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False):
        html = client.get(CERTIFICATE).content.decode()
    assert "Cora Coordinator<br>Involvement coordinator, Impact Accelerator Unit" in html
    assert "Date issued: 20 November 2026" in html


def test_certificate_without_a_coordinator_is_signed_by_the_role(client, member, record):
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False):
        html = client.get(CERTIFICATE).content.decode()
    assert (
        '<p class="certificate__signature-line">Involvement coordinator, Impact Accelerator Unit</p>' in html
    )


def test_visitor_is_sent_to_sign_in(client):
    response = client.get(CERTIFICATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"from": "2026-13-01", "to": "2027-04-05"}, "from", "Enter the first day as a date"),
        ({"from": "2026-04-06", "to": "next week"}, "to", "Enter the last day as a date"),
        ({"from": "2026-10-01", "to": "2026-04-06"}, "to", "The last day must be on or after the first day."),
        ({"from": "2026-04-06"}, "to", "Enter the last day of the period."),
    ],
)
def test_bad_dates_are_explained_next_to_the_field(client, member, query, field, message):
    sign_in(client, member)
    response = client.get(CERTIFICATE, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert "certificate" not in response.context


def test_certificate_is_linked_from_the_member_area_and_the_record(client, member, record):
    sign_in(client, member)
    for page in (reverse("accounts:me"), reverse("my_involvement:record")):
        assert f'href="{CERTIFICATE}"' in client.get(page).content.decode()


def test_certificate_queries_do_not_grow_with_the_record(
    client, member, record, django_assert_max_num_queries
):
    sign_in(client, member)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(12):
        client.get(CERTIFICATE)
