"""The letter for the Jobcentre (or another benefits office): staff with the permission make it from the
admin; it says what the involvement is, that it is not employment, and the member's dates, hours and fees
in the period, signed by the person named; it is kept, and the member downloads theirs from /me/."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.involvement.benefits_models import BenefitsLetter
from apps.involvement.enums import PaymentStatus
from apps.involvement.letters import letter_make
from apps.involvement.payment_models import Charity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.involvement import ActivityFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)
ADD = reverse("admin:involvement_benefitsletter_add")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def records(member, other_member):
    """The member's activities in October and November 2026, and around them."""
    ActivityFactory(
        user=member,
        date=date(2026, 10, 1),
        hours=Decimal("2"),
        amount_due=Decimal("40.00"),
        payment_status=PaymentStatus.PAID,
        description="Panel on hip care",
    )
    ActivityFactory(
        user=member,
        date=date(2026, 11, 3),
        hours=Decimal("1.5"),
        amount_due=Decimal("30.00"),
        description="Read a leaflet",
    )
    ActivityFactory(  # declined: hours count, no fee
        user=member,
        date=date(2026, 11, 4),
        hours=Decimal("1"),
        amount_due=Decimal("0.00"),
        payment_preference="declined",
        payment_status=PaymentStatus.NOT_DUE,
        description="Steering group",
    )
    ActivityFactory(  # given to a charity: hours count, the fee is not theirs
        user=member,
        date=date(2026, 11, 5),
        hours=Decimal("3"),
        amount_due=Decimal("60.00"),
        payment_preference="donated",
        donation_charity=Charity.objects.create(name="Hospice"),
        description="Workshop",
    )
    ActivityFactory(user=member, date=date(2026, 9, 30), amount_due=Decimal("99.00"), description="Before")
    ActivityFactory(user=member, date=date(2026, 11, 25), amount_due=Decimal("99.00"), description="Planned")
    ActivityFactory(
        user=other_member, date=date(2026, 10, 10), amount_due=Decimal("99.00"), description="Theirs"
    )
    return member


def _make(client, member, **extra):
    return client.post(
        ADD,
        {
            "user": member.pk,
            "starts": "2026-10-01",
            "ends": "2026-11-30",
            "office": "Jobcentre Plus, Leeds",
            "signed_by_name": "Cora Coordinator",
            "signed_by_role": "Involvement coordinator",
            **extra,
        },
    )


def test_a_coordinator_makes_a_letter_whose_figures_equal_the_members_records(client, coordinator, records):
    sign_in(client, coordinator)
    assert client.get(ADD).status_code == 200
    response = _make(client, records)
    letter = BenefitsLetter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:involvement_benefitsletter_letter", args=[letter.pk])
    assert (letter.made_by, letter.made_at, letter.user) == (coordinator, NOW, records)
    # By hand, 1 October to today (18 November): 2 + 1.5 + 1 + 3 = 7.5 hours; fees to them £40 + £30 = £70.
    assert letter.content["total_hours"] == "7.5"
    assert letter.content["total_fees"] == "70.00"
    assert [row["what"] for row in letter.content["rows"]] == [
        "Panel on hip care",
        "Read a leaflet",
        "Steering group",
        "Workshop",
    ]
    text = client.get(response["Location"]).content.decode()
    assert "It is not employment" in text
    assert "To: Jobcentre Plus, Leeds" in text
    assert "<strong>7.5</strong>" in text and "<strong>£70.00</strong>" in text
    assert "Given to a charity: not paid to them" in text
    assert "Cora Coordinator<br>Involvement coordinator" in text
    assert "Counted up to 18 November 2026" in text
    assert "Theirs" not in text and "Planned" not in text and "Before" not in text


def test_the_member_downloads_their_letter_and_another_member_gets_404(
    client, coordinator, records, other_member
):
    letter = letter_make(
        user=records,
        starts=date(2026, 10, 1),
        ends=date(2026, 10, 31),
        by=coordinator,
        signed_by_name="Cora Coordinator",
        signed_by_role="Involvement coordinator",
    )
    address = reverse("my_involvement:benefits_letter", args=[letter.pk])
    sign_in(client, records)
    page = client.get(reverse("my_involvement:benefits")).content.decode()
    assert address in page
    text = client.get(address).content.decode()
    assert "Panel on hip care" in text and "<strong>£40.00</strong>" in text
    client.logout()
    sign_in(client, other_member)
    assert client.get(address).status_code == 404


def test_the_letter_reads_the_same_later_as_on_the_day_it_was_made(client, coordinator, records):
    letter = letter_make(
        user=records,
        starts=date(2026, 10, 1),
        ends=date(2026, 10, 31),
        by=coordinator,
        signed_by_name="Cora Coordinator",
        signed_by_role="Involvement coordinator",
    )
    records.involvement_activities.filter(description="Panel on hip care").update(amount_due=Decimal("1.00"))
    sign_in(client, records)
    text = client.get(reverse("my_involvement:benefits_letter", args=[letter.pk])).content.decode()
    assert "<strong>£40.00</strong>" in text


def test_staff_without_the_permission_get_403(client, records, coordinator):
    letter = letter_make(
        user=records,
        starts=date(2026, 10, 1),
        ends=date(2026, 10, 31),
        by=coordinator,
        signed_by_name="Cora Coordinator",
        signed_by_role="Involvement coordinator",
    )
    staff = StaffFactory()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_activity", "view_opportunity"]))
    sign_in(client, staff)
    assert client.get(ADD).status_code == 403
    assert client.get(reverse("admin:involvement_benefitsletter_letter", args=[letter.pk])).status_code == 403
    assert _make(client, records).status_code == 403
    assert BenefitsLetter.objects.count() == 1


def test_dates_that_cannot_be_used_get_a_message_next_to_the_field(client, coordinator, records):
    sign_in(client, coordinator)
    response = _make(client, records, starts="2026-11-30", ends="2026-10-01")
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.content.decode()
    response = _make(client, records, starts="2027-01-01", ends="2027-02-01")
    assert "choose a first day up to today" in response.content.decode()
    assert not BenefitsLetter.objects.exists()


def test_the_members_benefits_page_asks_the_same_queries_for_one_letter_or_many(
    client, coordinator, records, django_assert_num_queries
):
    def make():
        letter_make(
            user=records,
            starts=date(2026, 10, 1),
            ends=date(2026, 10, 31),
            by=coordinator,
            signed_by_name="Cora Coordinator",
            signed_by_role="Involvement coordinator",
        )

    make()
    sign_in(client, records)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("my_involvement:benefits"))
    for _ in range(4):
        make()
    with django_assert_num_queries(len(one)):
        assert (
            client.get(reverse("my_involvement:benefits")).content.decode().count("Letter for Jobcentre") == 5
        )


def test_the_letter_is_made_from_the_members_admin_page(client, coordinator, records):
    from apps.involvement.services import profile_for

    profile = profile_for(records)
    sign_in(client, coordinator)
    page = client.get(reverse("admin:involvement_memberprofile_change", args=[profile.pk])).content.decode()
    link = f"{ADD}?user={records.pk}"
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert f'<option value="{records.pk}" selected>' in form


def test_staff_who_may_not_make_letters_see_no_link_on_the_members_page(client, records, coordinator):
    from apps.involvement.services import profile_for

    coordinator.user_permissions.remove(Permission.objects.get(codename="add_benefitsletter"))
    profile = profile_for(records)
    sign_in(client, coordinator)
    page = client.get(reverse("admin:involvement_memberprofile_change", args=[profile.pk])).content.decode()
    assert "Make a letter for the Jobcentre" not in page
