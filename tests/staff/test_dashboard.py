"""The impact dashboard through HTTP: who may open it, and CSV numbers that equal hand-counted records."""

import csv
import io
import re
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.staff.figures import FIGURES
from apps.staff.periods import financial_year_starting
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.staff.conftest import PERIOD, staff_with

pytestmark = pytest.mark.django_db


def csv_of(client, slug, query=PERIOD):
    response = client.get(f"/staff/impact/{slug}.csv?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


# ---------------------------------------------------------------------------------------------- access


def test_staff_area_visitor_is_sent_to_sign_in(client):
    for url in [
        "/staff/",
        "/staff/impact/",
        "/staff/impact/report/",
        "/staff/impact/csv.zip",
        "/staff/impact/email.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_staff_area_member_is_refused(client):
    sign_in(client, UserFactory())
    for url in [
        "/staff/",
        "/staff/impact/",
        "/staff/impact/report/",
        "/staff/impact/csv.zip",
        "/staff/impact/email.csv",
    ]:
        assert client.get(url).status_code == 403


def test_staff_without_figure_permissions_sees_landing_but_not_dashboard(client):
    sign_in(client, StaffFactory())
    landing = client.get("/staff/")
    assert landing.status_code == 200
    assert "does not include any figures" in landing.content.decode()
    assert client.get("/staff/impact/").status_code == 403
    assert client.get("/staff/impact/csv.zip").status_code == 403
    assert client.get("/staff/impact/publications.csv").status_code == 403


def test_editor_sees_publications_and_seminars_but_not_involvement_money(client, year):
    editor = staff_with(
        "publications.view_publication", "seminars.view_registration", "seminars.view_feedback"
    )
    sign_in(client, editor)
    page = client.get(f"/staff/impact/?{PERIOD}").content.decode()
    assert 'id="publications"' in page
    assert 'id="seminars"' in page
    assert 'id="involvement-by-month"' not in page
    assert "Payments" not in page
    assert "£" not in page
    assert client.get(f"/staff/impact/involvement-by-month.csv?{PERIOD}").status_code == 403
    assert client.get(f"/staff/impact/publications.csv?{PERIOD}").status_code == 200
    names = zipfile.ZipFile(io.BytesIO(client.get(f"/staff/impact/csv.zip?{PERIOD}").content)).namelist()
    assert sorted(names) == sorted(
        f"impact-{slug}-2025-04-01-to-2026-03-31.csv"
        for slug in ["publications", "seminars", "seminars-feedback", "seminars-registrants"]
    )
    landing = client.get("/staff/").content.decode()
    assert "Seminar feedback" in landing
    assert "Involvement by month" not in landing


def test_unknown_figure_is_404(client, superuser):
    sign_in(client, superuser)
    assert client.get("/staff/impact/nothing-here.csv").status_code == 404


# ---------------------------------------------------------------------------------------------- period


@time_machine.travel("2026-03-31 23:30 +01:00", tick=False)
def test_dashboard_defaults_to_the_financial_year_on_the_london_clock(client, superuser):
    sign_in(client, superuser)
    response = client.get("/staff/impact/")
    assert response.status_code == 200
    assert response.context["period"] == financial_year_starting(2025)
    assert response.context["previous_period"] == financial_year_starting(2024)
    page = response.content.decode()
    assert "financial year 2025 to 2026, compared with the financial year 2024 to 2025" in page
    assert "?start=2024-04-01&amp;end=2025-03-31" in page  # quick link to last year


@time_machine.travel("2026-04-01 00:30 +01:00", tick=False)
def test_dashboard_moves_to_the_new_financial_year_on_1_april(client, superuser):
    sign_in(client, superuser)
    assert client.get("/staff/impact/").context["period"] == financial_year_starting(2026)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2025-13-01&end=2026-01-01", "Enter the first day as a date"),
        ("start=2026-01-01&end=2025-01-01", "The last day must be on or after the first day."),
        ("start=2025-01-01", "Enter the last day of the period as well."),
        ("start=2000-01-01&end=2025-01-01", "Choose a period of ten years or less."),
        ("start=%00&end=x", "Enter the first day as a date"),
    ],
)
def test_bad_period_is_explained_never_a_500(client, superuser, query, message):
    sign_in(client, superuser)
    response = client.get(f"/staff/impact/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Those dates could not be used" in page
    csv_response = client.get(f"/staff/impact/email.csv?{query}")
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_custom_period_compares_with_the_same_number_of_months_before(client, superuser):
    sign_in(client, superuser)
    response = client.get("/staff/impact/?start=2025-07-01&end=2025-09-30")
    previous = response.context["previous_period"]
    assert (previous.start.isoformat(), previous.end.isoformat()) == ("2025-04-01", "2025-06-30")


# -------------------------------------------------------------------------------- numbers = the records


def test_involvement_by_month_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    rows = csv_of(client, "involvement-by-month")
    assert rows[0] == [
        "Month",
        "Activities",
        "Hours",
        "Payments",
        "Members taking part",
        "Activities planned",
        "Hours planned",
        "Payments planned",
    ]
    by_month = {row[0]: row[1:] for row in rows[1:]}
    assert len(rows) == 1 + 12 + 1
    nothing_planned = ["0", "0.00", "0.00"]  # the whole period is past
    assert by_month["April 2025"] == ["2", "5.00", "75.00", "2", *nothing_planned]
    assert by_month["May 2025"] == ["0", "0.00", "0.00", "0", *nothing_planned]
    assert by_month["October 2025"] == ["1", "6.00", "160.00", "1", *nothing_planned]
    assert by_month["March 2026"] == ["1", "1.50", "39.00", "1", *nothing_planned]
    assert by_month["Whole period"] == ["4", "12.50", "274.00", "3", *nothing_planned]


def test_involvement_by_group_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    assert csv_of(client, "involvement-by-group") == [
        ["Group", "Hours", "Payments", "Active members", "New members", "Hours planned"],
        ["Link group", "11.00", "235.00", "2", "1", "0.00"],
        ["Research User Group", "9.50", "199.00", "2", "1", "0.00"],
    ]


def test_opportunities_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    assert csv_of(client, "involvement-opportunities") == [
        ["Group", "Opportunities offered", "Places offered", "Places filled", "Opportunities filled"],
        ["Link group", "2", "5", "3", "1"],
        ["Research User Group", "1", "3", "1", "0"],
        ["All groups", "2", "5", "3", "1"],
    ]


def test_communities_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    assert csv_of(client, "communities") == [
        ["Community", "Meetings held", "Attendance", "Members", "New members", "Meetings planned"],
        ["Falls prevention", "1", "3", "2", "1", "0"],
        ["Knee pain", "1", "3", "1", "1", "0"],
    ]
    assert csv_of(client, "communities-new-members-by-role") == [
        ["Role", "New members"],
        ["Clinician", "1"],
        ["Academic", "0"],
        ["Commissioner", "1"],
        ["Patient or public member", "0"],
        ["Knowledge broker", "0"],
        ["Facilitator", "0"],
        ["Other", "0"],
    ]


def test_seminars_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    assert csv_of(client, "seminars") == [
        [
            "Seminar",
            "Date",
            "Held or planned",
            "Places",
            "Registered",
            "Attended",
            "Still waiting",
            "Moved off waiting list",
            "Feedback answers",
            "Average score out of 5",
        ],
        ["Evidence into practice", "2025-04-01", "Held", "3", "3", "2", "1", "1", "2", "4.50"],
    ]
    assert csv_of(client, "seminars-feedback")[1:] == [
        ["Very good", "5", "1"],
        ["Good", "4", "1"],
        ["All right", "3", "0"],
        ["Poor", "2", "0"],
        ["Very poor", "1", "0"],
    ]
    registrants = {row[0]: row[1:] for row in csv_of(client, "seminars-registrants")[1:]}
    assert registrants == {
        "Clinician or health professional": ["2", "0"],
        "Researcher": ["1", "0"],
        "Commissioner or manager": ["0", "0"],
        "Patient, carer or member of the public": ["1", "0"],
        "Student": ["0", "0"],
        "Other": ["0", "0"],
    }


def test_publications_csv_equals_the_records(client, superuser, year):
    from apps.publications.enums import PublicationStatus
    from tests.factories.publications import PublicationFactory

    PublicationFactory(year=2024, status=PublicationStatus.PREPRINT)
    PublicationFactory(year=2024, status=PublicationStatus.FINAL_REPORT, type="nihr_final_report")
    sign_in(client, superuser)
    rows = csv_of(client, "publications")
    assert rows[0] == [
        "Year",
        "Journal article",
        "Conference abstract",
        "Report",
        "NIHR final report",
        "Book chapter",
        "Other",
        "Stage: Conference abstract",
        "Stage: Preprint",
        "Stage: In press",
        "Stage: Published",
        "Stage: Final report",
        "Total",
    ]
    assert rows[1:] == [
        ["2026", "1", "0", "1", "0", "0", "0", "0", "0", "1", "1", "0", "2"],
        ["2025", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "1"],
        ["2024", "1", "0", "0", "1", "0", "0", "0", "1", "0", "0", "1", "2"],
        ["2023", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["2022", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
    ]


def test_email_csv_equals_the_records(client, superuser, year):
    sign_in(client, superuser)
    rows = {row[0]: row[1:] for row in csv_of(client, "email")[1:]}
    assert rows["April 2025"] == ["1", "0", "0"]
    assert rows["May 2025"] == ["0", "1", "0"]
    assert rows["December 2025"] == ["0", "0", "1"]
    assert rows["March 2026"] == ["1", "0", "0"]
    assert rows["Whole period"] == ["2", "1", "1"]


def test_impact_log_csv_counts_published_entries_by_standard(client, superuser, year):
    sign_in(client, superuser)
    assert csv_of(client, "impact-log") == [
        ["UK Standard for Public Involvement", "Entries"],
        ["Inclusive opportunities", "0"],
        ["Working together", "1"],
        ["Support and learning", "0"],
        ["Communications", "0"],
        ["Impact", "2"],
        ["Governance", "0"],
    ]


def test_dashboard_shows_the_same_numbers_with_charts_and_comparison(client, superuser, year):
    sign_in(client, superuser)
    response = client.get(f"/staff/impact/?{PERIOD}")
    page = response.content.decode()
    assert page.count('role="img"') == len(FIGURES)
    assert page.count("<desc id=") == len(FIGURES)
    assert "12.5" in page and "£274.00" in page
    # The previous year had Alice's 2 hours on 31 March 2025: up 10.5.
    hours = response.context["figures"][0].summary[0]
    assert (hours.text, hours.previous_text, hours.change_text) == ("12.5", "2", "up 10.5")
    assert 'style="' not in page and "<script" not in page
    for spec in FIGURES:
        assert f"/staff/impact/{spec.slug}.csv?{PERIOD.replace('&', '&amp;')}" in page


def test_csv_cells_are_spreadsheet_safe(client, superuser, year):
    from tests.factories.communities import CommunityFactory

    CommunityFactory(name='=HYPERLINK("http://bad.example")')
    sign_in(client, superuser)
    names = [row[0] for row in csv_of(client, "communities")[1:]]
    assert '\'=HYPERLINK("http://bad.example")' in names


def test_zip_holds_every_figure_with_the_same_numbers(client, superuser, year):
    sign_in(client, superuser)
    response = client.get(f"/staff/impact/csv.zip?{PERIOD}")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert len(archive.namelist()) == len(FIGURES)
    single = client.get(f"/staff/impact/communities.csv?{PERIOD}").content
    assert archive.read("impact-communities-2025-04-01-to-2026-03-31.csv") == single


def test_report_has_figures_and_highlights(client, superuser, year):
    sign_in(client, superuser)
    page = client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    assert "Our impact: financial year 2025 to 2026" in page
    assert "You said, we did: highlights" in page
    assert page.count("Clearer invitation letters") == 2  # the two published entries of the period
    # A figure with nothing to show is one sentence, not a chart and a table of zeros: the hand-counted
    # year has no requests for evidence.
    empty = re.findall(r'class="staff-figure staff-figure--empty" id="([^"]+)"', page)
    assert {"brokering-requesters", "brokering-time-to-answer", "brokering-on-time"} <= set(empty)
    assert "No requests for evidence came in during this period." in page
    assert page.count('role="img"') == len(FIGURES) - len(empty)


# ---------------------------------------------------------------------------------------- query counts


def _queries(build, period):
    with CaptureQueriesContext(connection) as captured:
        build(period)
    return len(captured)


@pytest.mark.parametrize("spec", FIGURES, ids=lambda spec: spec.slug)
def test_each_figure_is_a_few_queries_however_many_records(spec, year):
    period = financial_year_starting(2025)
    few = _queries(spec.build, period)
    from tests.factories.communities import CommunityFactory, MeetingFactory
    from tests.factories.impact import ImpactEntryFactory
    from tests.factories.involvement import ActivityFactory, OpportunityFactory
    from tests.factories.publications import PublicationFactory
    from tests.factories.seminars import RegistrationFactory, SeminarFactory
    from tests.staff.conftest import london

    for day in range(1, 21):
        ActivityFactory(date=f"2025-05-{day:02d}")
        MeetingFactory(community=CommunityFactory(), start=london(2025, 5, day, 10, 0))
        seminar = SeminarFactory(starts_at=london(2025, 6, day, 10, 0))
        RegistrationFactory(seminar=seminar)
        OpportunityFactory(published_at=london(2025, 7, day, 10, 0))
        ImpactEntryFactory(happened_on=f"2025-08-{day:02d}", standards=["governance", "impact"])
        PublicationFactory(year=2024)
    many = _queries(spec.build, period)
    assert few == many
    # Opportunities count by group and in all (an opportunity of two groups counts once in all).
    assert many <= (7 if spec.slug == "involvement-opportunities" else 4)


def test_dashboard_queries_do_not_grow_with_records(client, superuser, year, django_assert_num_queries):
    from tests.factories.communities import CommunityFactory, MeetingFactory
    from tests.factories.involvement import ActivityFactory
    from tests.factories.seminars import RegistrationFactory, SeminarFactory
    from tests.staff.conftest import london

    sign_in(client, superuser)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/staff/impact/?{PERIOD}")
    for day in range(1, 16):
        ActivityFactory(date=f"2025-09-{day:02d}")
        MeetingFactory(community=CommunityFactory(), start=london(2025, 9, day, 10, 0))
        RegistrationFactory(seminar=SeminarFactory(starts_at=london(2025, 9, day, 10, 0)))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(f"/staff/impact/?{PERIOD}")


@pytest.mark.parametrize("spec", [spec for spec in FIGURES if spec.summarise], ids=lambda spec: spec.slug)
def test_quick_summary_equals_the_figures_own_headline(spec, year):
    for period in (financial_year_starting(2025), financial_year_starting(2024)):
        quick = [(stat.label, stat.value) for stat in spec.summarise(period)]
        assert quick == [(stat.label, stat.value) for stat in spec.build(period).summary]
