"""The dashboard on a day inside the financial year: what has happened is counted, what is planned is shown
apart, and what was cancelled is neither.

Time stands still at noon on Monday 7 December 2026 (London, GMT), inside the financial year 1 April 2026
to 31 March 2027, the one the dashboard opens on. The records are counted by hand in the comments.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from apps.communities.enums import MemberRole
from apps.communities.models import Attendance
from apps.involvement.enums import PaymentStatus
from apps.publications.enums import PublicationStatus, PublicationType
from apps.seminars.enums import RegistrantRole, RegistrationStatus
from apps.seminars.models import Feedback
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory
from tests.factories.communities import MembershipFactory as CommunityMembershipFactory
from tests.factories.impact import ImpactEntryFactory
from tests.factories.involvement import ActivityFactory, GroupFactory
from tests.factories.involvement import MembershipFactory as GroupMembershipFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory
from tests.staff.conftest import london
from tests.staff.test_brokering_figures import request_
from tests.staff.test_dashboard import csv_of

pytestmark = pytest.mark.django_db

THIS_YEAR = "start=2026-04-01&end=2027-03-31"
day = datetime.date


@pytest.fixture
def today():
    with time_machine.travel(london(2026, 12, 7, 12, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def this_year(today, db):
    # ---- involvement
    link = GroupFactory(slug="link", name="Link group", order=1)
    rug = GroupFactory(slug="rug", name="Research User Group", order=2)
    alice, bob, cat, dan = (UserFactory(display_name=name) for name in ["Alice", "Bob", "Cat", "Dan"])
    GroupMembershipFactory(user=alice, group=link, joined_on=day(2026, 5, 1))  # new in link
    GroupMembershipFactory(user=alice, group=rug, joined_on=day(2026, 5, 1))  # new in rug: one person
    GroupMembershipFactory(user=bob, group=rug, joined_on=day(2025, 1, 1))  # before
    GroupMembershipFactory(user=cat, group=link, joined_on=day(2024, 1, 1))  # before
    GroupMembershipFactory(user=dan, group=link, joined_on=day(2027, 1, 5))  # not yet: not new
    ActivityFactory(user=alice, date=day(2026, 6, 10), hours=Decimal("1"), amount_due=Decimal("26"))  # done
    ActivityFactory(
        user=alice,
        date=day(2026, 12, 7),
        hours=Decimal("0.5"),
        amount_due=Decimal("13"),
        payment_status=PaymentStatus.APPROVED,
    )  # done: today
    ActivityFactory(user=bob, date=day(2026, 12, 8), hours=Decimal("2"), amount_due=Decimal("52"))  # planned
    ActivityFactory(user=bob, date=day(2027, 2, 1), hours=Decimal("1.5"), amount_due=Decimal("39"))  # planned
    ActivityFactory(
        user=cat,
        date=day(2027, 3, 31),
        hours=Decimal("1"),
        amount_due=Decimal("0"),
        payment_status=PaymentStatus.NOT_DUE,
    )  # planned, unpaid
    # Done: 2 activities, 1.5 hours, £39, 1 member. Planned: 3 activities, 4.5 hours, £91.

    # ---- communities: a meeting is held once it has ended
    falls = CommunityFactory(name="Falls prevention")
    knees = CommunityFactory(name="Knee pain")

    def meeting(community, start, hours=2, **fields):
        return MeetingFactory(
            community=community, start=start, end=start + datetime.timedelta(hours=hours), **fields
        )

    may = meeting(falls, london(2026, 5, 1, 10, 0))  # held
    for person in (UserFactory(), UserFactory()):
        Attendance.objects.create(meeting=may, user=person)
    this_morning = meeting(falls, london(2026, 12, 7, 9, 0))  # held: over at 11:00
    Attendance.objects.create(meeting=this_morning, user=UserFactory())
    meeting(falls, london(2026, 12, 7, 18, 0))  # planned: later today
    meeting(falls, london(2027, 1, 15, 10, 0))  # planned
    called_off = meeting(falls, london(2026, 9, 1, 10, 0), cancelled=True)  # past, cancelled: not held
    Attendance.objects.create(meeting=called_off, user=UserFactory())
    meeting(falls, london(2027, 2, 2, 10, 0), cancelled=True)  # to come, cancelled: not planned
    meeting(knees, london(2027, 3, 31, 19, 0))  # planned
    # Held: falls 2 (attendance 3), knees 0. Planned: falls 2, knees 1.
    CommunityMembershipFactory(community=falls, user=alice, decided_at=london(2026, 6, 1, 9, 0))  # new
    CommunityMembershipFactory(
        community=knees, user=alice, role=MemberRole.PATIENT_OR_PUBLIC, decided_at=london(2026, 7, 1, 9, 0)
    )  # new: the same person
    CommunityMembershipFactory(community=falls, decided_at=london(2024, 1, 1, 9, 0))  # earlier

    # ---- seminars: held once ended; cancelled ones are neither held nor planned
    spring = SeminarFactory(title="Spring seminar", starts_at=london(2026, 5, 20, 10, 0), capacity=3)
    held_registrations = [
        RegistrationFactory(seminar=spring, attended=True, role=RegistrantRole.CLINICIAN),
        RegistrationFactory(seminar=spring, attended=True, role=RegistrantRole.RESEARCHER),
    ]
    RegistrationFactory(seminar=spring, attended=False, role=RegistrantRole.CLINICIAN)
    RegistrationFactory(
        seminar=spring, status=RegistrationStatus.WAITLISTED, role=RegistrantRole.PATIENT_PUBLIC
    )
    RegistrationFactory(seminar=spring, status=RegistrationStatus.CANCELLED, role=RegistrantRole.COMMISSIONER)
    Feedback.objects.create(registration=held_registrations[0], rating=5)
    Feedback.objects.create(registration=held_registrations[1], rating=3)
    winter = SeminarFactory(title="Winter seminar", starts_at=london(2027, 1, 20, 10, 0), capacity=10)
    RegistrationFactory(seminar=winter, role=RegistrantRole.CLINICIAN)
    RegistrationFactory(seminar=winter, role=RegistrantRole.STUDENT)
    RegistrationFactory(seminar=winter, status=RegistrationStatus.WAITLISTED, role=RegistrantRole.OTHER)
    autumn = SeminarFactory(
        title="Called-off autumn seminar", starts_at=london(2026, 10, 1, 10, 0), cancelled=True
    )
    RegistrationFactory(seminar=autumn, role=RegistrantRole.CLINICIAN)
    SeminarFactory(title="Called-off February seminar", starts_at=london(2027, 2, 10, 10, 0), cancelled=True)

    # ---- impact log: an entry dated after today has not happened
    ImpactEntryFactory(title="Shorter consent form", happened_on=day(2026, 6, 1), standards=["impact"])
    ImpactEntryFactory(title="Plainer letters", happened_on=day(2026, 12, 7), standards=["working-together"])
    ImpactEntryFactory(title="Evening meetings", happened_on=day(2027, 1, 10), standards=["impact"])

    # ---- publications: one conference abstract, at the conference abstract stage; one article
    PublicationFactory(
        year=2026, type=PublicationType.CONFERENCE_ABSTRACT, status=PublicationStatus.CONFERENCE_ABSTRACT
    )
    PublicationFactory(year=2026, type=PublicationType.JOURNAL_ARTICLE, status=PublicationStatus.PUBLISHED)

    # ---- brokering: 3 of the 4 answered with a date were on time; nobody asked as a researcher
    for due in (day(2026, 5, 10), day(2026, 5, 10), day(2026, 5, 10), day(2026, 5, 2)):
        request_("clinician", london(2026, 5, 1, 9, 0), london(2026, 5, 5, 9, 0), due_on=due)


def _stats(html: str, pattern: str) -> dict[str, str]:
    return {label: value for label, value in re.findall(pattern, html)}


def dashboard_stats(html: str) -> dict[str, str]:
    return _stats(html, r'<dt>([^<]+)</dt>\s*<dd><span class="staff-stat__value">([^<]+)</span>')


def report_headlines(html: str) -> dict[str, str]:
    return _stats(html, r'<tr><th scope="row">([^<]+)</th><td class="staff-number">([^<]+)</td>')


# ------------------------------------------------------------------------------- the default period


def test_dashboard_opens_on_this_year_and_counts_only_what_has_happened(client, superuser, this_year):
    sign_in(client, superuser)
    response = client.get("/staff/impact/")
    assert response.status_code == 200
    assert response.context["period"].query == THIS_YEAR
    stats = dashboard_stats(response.content.decode())
    assert stats["Hours of involvement"] == "1.5"  # not 6: 4.5 hours are still to come
    assert stats["Payments"] == "£39.00"  # not £130
    assert stats["Active members"] == "1"  # Alice; Bob and Cat have only planned activities
    assert stats["Hours planned"] == "4.5"
    assert stats["Payments planned"] == "£91.00"
    assert stats["People who joined a group"] == "1"  # Alice joined two groups; Dan joins in January
    assert stats["Meetings held"] == "2"  # not 5: three are still to come, two were cancelled
    assert stats["Attendance at meetings"] == "3"
    assert stats["Meetings planned"] == "3"
    assert stats["People who joined a community"] == "1"  # Alice, in two communities
    assert stats["Seminars held"] == "1"  # not 4: one to come, two cancelled
    assert stats["Registered"] == "3"
    assert stats["Attended"] == "2"
    assert stats["Seminars planned"] == "1"
    assert stats["Registered for seminars planned"] == "2"
    assert stats["Registrants"] == "4"
    assert stats["Feedback answers"] == "2"
    assert stats["Entries showing Impact"] == "1"  # the January entry has not happened
    assert stats["Answered on time (of those with a date)"] == "75.0%"


# -------------------------------------------------------------------------------------------- the CSVs


def test_involvement_csvs_keep_planned_activities_apart(client, superuser, this_year):
    sign_in(client, superuser)
    by_month = {row[0]: row[1:] for row in csv_of(client, "involvement-by-month", THIS_YEAR)[1:]}
    assert by_month["June 2026"] == ["1", "1.00", "26.00", "1", "0", "0.00", "0.00"]
    assert by_month["December 2026"] == ["1", "0.50", "13.00", "1", "1", "2.00", "52.00"]  # today is done
    assert by_month["February 2027"] == ["0", "0.00", "0.00", "0", "1", "1.50", "39.00"]
    assert by_month["March 2027"] == ["0", "0.00", "0.00", "0", "1", "1.00", "0.00"]
    assert by_month["Whole period"] == ["2", "1.50", "39.00", "1", "3", "4.50", "91.00"]
    assert csv_of(client, "involvement-by-group", THIS_YEAR)[1:] == [
        ["Link group", "1.50", "39.00", "1", "1", "1.00"],
        ["Research User Group", "1.50", "39.00", "1", "1", "3.50"],
    ]


def test_communities_csvs_count_meetings_held_and_planned_apart(client, superuser, this_year):
    sign_in(client, superuser)
    assert csv_of(client, "communities", THIS_YEAR)[1:] == [
        ["Falls prevention", "2", "3", "2", "1", "2"],
        ["Knee pain", "0", "0", "1", "1", "1"],
    ]
    by_role = dict(csv_of(client, "communities-new-members-by-role", THIS_YEAR)[1:])
    assert (by_role["Clinician"], by_role["Patient or public member"]) == ("1", "1")


def test_seminar_csvs_count_held_seminars_and_leave_out_cancelled_ones(client, superuser, this_year):
    sign_in(client, superuser)
    assert csv_of(client, "seminars", THIS_YEAR)[1:] == [
        ["Spring seminar", "2026-05-20", "Held", "3", "3", "2", "1", "0", "2", "4.00"],
        ["Winter seminar", "2027-01-20", "Planned", "10", "2", "0", "1", "0", "0", ""],
    ]
    registrants = {row[0]: row[1:] for row in csv_of(client, "seminars-registrants", THIS_YEAR)[1:]}
    assert registrants == {
        "Clinician or health professional": ["2", "1"],  # not the cancelled seminar's clinician
        "Researcher": ["1", "0"],
        "Commissioner or manager": ["0", "0"],  # cancelled their place
        "Patient, carer or member of the public": ["1", "0"],
        "Student": ["0", "1"],
        "Other": ["0", "1"],
    }
    answers = {row[1]: row[2] for row in csv_of(client, "seminars-feedback", THIS_YEAR)[1:]}
    assert answers == {"5": "1", "4": "0", "3": "1", "2": "0", "1": "0"}


def test_impact_log_csv_leaves_out_entries_dated_after_today(client, superuser, this_year):
    sign_in(client, superuser)
    counts = dict(csv_of(client, "impact-log", THIS_YEAR)[1:])
    assert (counts["Impact"], counts["Working together"]) == ("1", "1")


def test_publications_csv_counts_an_abstract_once_as_a_type_and_once_as_a_stage(client, superuser, this_year):
    sign_in(client, superuser)
    rows = csv_of(client, "publications", THIS_YEAR)
    row_2026 = dict(zip(rows[0], rows[[row[0] for row in rows].index("2026")], strict=True))
    assert row_2026["Journal article"] == "1"
    assert row_2026["Conference abstract"] == "1"
    assert row_2026["Stage: Conference abstract"] == "1"
    assert row_2026["Stage: Published"] == "1"
    assert row_2026["Total"] == "2"


def test_zip_has_the_same_held_and_planned_figures(client, superuser, this_year):
    import io
    import zipfile

    sign_in(client, superuser)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/staff/impact/csv.zip").content))
    single = client.get(f"/staff/impact/communities.csv?{THIS_YEAR}").content
    assert archive.read("impact-communities-2026-04-01-to-2027-03-31.csv") == single


# ------------------------------------------------------------------------------ the report and charts


def test_report_headlines_are_the_totals_they_name(client, superuser, this_year):
    sign_in(client, superuser)
    page = client.get("/staff/impact/report/").content.decode()
    headlines = report_headlines(page)
    assert headlines["Hours of involvement"] == "1.5"
    assert headlines["Payments"] == "£39.00"
    assert headlines["Hours planned"] == "4.5"
    assert headlines["People who joined a group"] == "1"
    assert headlines["Meetings held"] == "2"
    assert headlines["Meetings planned"] == "3"
    assert headlines["Seminars held"] == "1"
    assert headlines["Seminars planned"] == "1"
    assert headlines["Answered on time (of those with a date)"] == "75.0%"
    # Highlights are changes that happened: not the entry dated in January.
    assert "Shorter consent form" in page and "Plainer letters" in page
    assert "Evening meetings" not in page


def test_chart_draws_no_zero_where_the_table_has_no_figure(client, superuser, this_year):
    sign_in(client, superuser)
    page = client.get("/staff/impact/").content.decode()
    section = page[page.index('id="brokering-time-to-answer"') :]
    chart = section[section.index("<svg") : section.index("</svg>")]
    table = section[section.index("<table>") : section.index("</table>")]
    assert (
        '<th scope="row">Researcher</th><td class="staff-number">0</td><td class="staff-number">–</td>'
        in table
    )
    # Every role but clinicians has no answer: "–" beside an empty bar, as in the table, never "0.0".
    assert ">0.0<" not in chart
    assert chart.count(">–<") == 5
    assert chart.count(">4.0<") == 2  # clinicians and everyone: 4 days each


def test_percentage_change_is_in_percentage_points(client, superuser, this_year):
    # Last year: 1 of 2 answered on time (50.0%); this year 75.0%.
    request_("manager", london(2025, 6, 1, 9, 0), london(2025, 6, 3, 9, 0), due_on=day(2025, 6, 5))
    request_("manager", london(2025, 6, 1, 9, 0), london(2025, 6, 9, 9, 0), due_on=day(2025, 6, 5))
    sign_in(client, superuser)
    page = client.get("/staff/impact/").content.decode()
    assert "up 25.0 percentage points on the previous period (50.0%)" in page


# ------------------------------------------------------------------------------------- the London day


@time_machine.travel("2026-06-10 00:30 +01:00", tick=False)
def test_today_is_the_london_day_not_the_utc_one(client, superuser):
    # 00:30 on 10 June in London is still 9 June in UTC: an activity of 10 June has happened.
    ActivityFactory(date=day(2026, 6, 10), hours=Decimal("3"), amount_due=Decimal("78"))
    ActivityFactory(date=day(2026, 6, 11), hours=Decimal("2"), amount_due=Decimal("52"))
    sign_in(client, superuser)
    by_month = {
        row[0]: row[1:]
        for row in csv_of(client, "involvement-by-month", "start=2026-06-01&end=2026-06-30")[1:]
    }
    assert by_month["June 2026"] == ["1", "3.00", "78.00", "1", "1", "2.00", "52.00"]
