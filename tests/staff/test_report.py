"""The annual report a funder reads (/staff/impact/report/): a cover, contents, the staff's narrative for
exactly the period, final case studies and the impacts of the period (marked public or staff only), and
figures, where a figure with nothing to show is one sentence. Through HTTP as staff."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import staff_roles_ensure
from apps.evidence import services as evidence_services
from apps.evidence.case_studies import services as case_study_services
from apps.evidence.enums import Confidentiality, ImpactLevel
from apps.evidence.models import Impact
from apps.staff.models import ReportNarrative
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PERIOD = "start=2025-04-01&end=2026-03-31"


def _impact(title, *, started_on, ended_on=None, public=False) -> Impact:
    return evidence_services.impact_save(
        impact=Impact(
            title=title,
            summary=f"What changed: {title.lower()}.",
            level=ImpactLevel.ADOPTION,
            confidentiality=Confidentiality.PUBLIC if public else Confidentiality.STAFF_ONLY,
            started_on=started_on,
            ended_on=ended_on,
        )
    )


def _case_study(title, impacts, *, final=True):
    case_study = case_study_services.case_study_create(title=title, impact_ids=[i.pk for i in impacts])
    case_study.summary = f"The summary of {title}."
    case_study.status = "final" if final else "draft"
    return case_study_services.case_study_save(case_study=case_study)


def _staff(role: str):
    staff_roles_ensure()
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def lead(db):
    return _staff("Unit lead")


@pytest.fixture
def period_records(db):
    """Impacts and case studies in and around the financial year 2025 to 2026, counted by hand."""
    in_public = _impact("Template adopted", started_on=date(2025, 6, 1), public=True)  # in
    in_staff = _impact("Pathway piloted", started_on=date(2024, 1, 1))  # in: began before, goes on
    ended = _impact("Training given", started_on=date(2023, 1, 1), ended_on=date(2025, 3, 31))  # out
    later = _impact("Guideline to come", started_on=date(2026, 4, 1))  # out: after the period
    _case_study("The template story", [in_public])  # in: final, public
    _case_study("Two changes together", [in_public, in_staff])  # in: final, staff only (one impact is)
    _case_study("A draft story", [in_staff], final=False)  # out: a draft
    _case_study("The old training", [ended])  # out: its impact ended before the period
    _case_study("The guideline", [later])  # out: its impact starts after the period
    ReportNarrative.objects.create(
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 3, 31),
        narrative="This year the communities of practice changed how practices see knee pain.\n\n"
        "Next year we will take the template to two more areas.",
        highlights="41 practices use the template\nA guideline now cites our work",
    )
    ReportNarrative.objects.create(
        starts_on=date(2025, 4, 1), ends_on=date(2025, 9, 30), narrative="Only the first half of the year."
    )


def _ids(page, pattern):
    return re.findall(pattern, page)


def test_the_report_has_a_cover_contents_and_the_narrative_of_exactly_its_period(
    client, lead, period_records, settings
):
    sign_in(client, lead)
    page = client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    cover = page[
        page.index('<header class="report-cover">') : page.index("</header>", page.index("report-cover"))
    ]
    assert '<p class="report-cover__unit">Impact Accelerator Unit</p>' in cover
    assert "<h1>Our impact: financial year 2025 to 2026</h1>" in cover
    assert "Annual report, 1 April 2025 to 31 March 2026" in cover
    assert settings.SITE_NAME in cover

    contents = page[
        page.index('aria-labelledby="contents-heading"') : page.index("</nav>", page.index("contents"))
    ]
    anchors = _ids(contents, r'href="#([^"]+)"')
    assert anchors[:4] == [
        "story-heading",
        "headlines-heading",
        "case-studies-heading",
        "case-study-" + str(_case_study_pk("The template story")),
    ]
    for anchor in anchors:  # every entry leads somewhere on the page
        assert f'id="{anchor}"' in page, anchor

    assert "This year the communities of practice changed how practices see knee pain." in page
    assert "<li>41 practices use the template</li>" in page
    assert "Only the first half of the year." not in page  # another period's narrative


def _case_study_pk(title):
    from apps.evidence.case_studies.models import CaseStudy

    return CaseStudy.objects.get(title=title).pk


def test_the_report_holds_the_final_case_studies_and_the_impacts_of_the_period_marked(
    client, lead, period_records
):
    sign_in(client, lead)
    page = client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    case_studies = _ids(page, r'<h3 id="case-study-\d+-heading">([^<]+)</h3>')
    assert case_studies == ["The template story", "Two changes together"]
    assert "The summary of The template story." in page
    first = page[page.index("The template story</h3>") : page.index("Two changes together</h3>")]
    assert '<span class="tag">Public</span>' in first
    second = page[page.index("Two changes together</h3>") : page.index('id="impacts-heading"')]
    assert "Staff only: not for publication" in second

    impacts = _ids(page, r'<h3 id="impact-\d+-heading">([^<]+)</h3>')
    assert impacts == ["Pathway piloted", "Template adopted"]  # oldest first; each once
    assert "2 changes outside the unit were going on in this period" in page


def test_a_period_without_a_narrative_says_so_and_offers_the_unit_lead_to_write_it(client, lead):
    sign_in(client, lead)
    page = client.get("/staff/impact/report/?start=2024-04-01&end=2025-03-31").content.decode()
    assert "No story has been written for this period yet." in page
    assert "/admin/staff/reportnarrative/add/?starts_on=2024-04-01&amp;ends_on=2025-03-31" in page
    assert "No case study about this period is final yet." in page
    response = client.get("/admin/staff/reportnarrative/add/?starts_on=2024-04-01&ends_on=2025-03-31")
    assert response.status_code == 200
    assert 'value="2024-04-01"' in response.content.decode()


def test_a_figure_with_nothing_to_show_is_one_sentence(client, lead):
    sign_in(client, lead)
    page = client.get("/staff/impact/report/?start=2010-04-01&end=2011-03-31").content.decode()
    section = page[page.index('id="seminars"') :]
    section = section[: section.index("</section>")]
    assert "No seminars were held in this period." in section
    assert "<table" not in section and "<svg" not in section
    # The feedback figure lists the scores 5 to 1 in every row: a label, not something that happened.
    feedback = page[page.index('id="seminars-feedback"') :]
    assert "No feedback on seminars was given in this period." in feedback[: feedback.index("</section>")]
    # Nothing in both periods: no headline rows of zeros either.
    assert '<tr><th scope="row">Seminars held</th>' not in page


def test_the_coordinator_sees_case_studies_and_the_editor_does_not(client, period_records):
    coordinator = _staff("Involvement coordinator")
    sign_in(client, coordinator)
    page = client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    assert "The template story" in page
    assert "Write the story of this period" not in page and "Change the story" not in page

    editor = _staff("Communications editor")
    editor_client = sign_in(type(client)(), editor)
    page = editor_client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    assert "The template story" not in page and "Template adopted" not in page
    assert 'id="case-studies-heading"' not in page
    assert "This year the communities of practice" in page  # the story is the report's, for every reader


def test_finance_and_members_get_no_report_and_only_the_unit_lead_edits_the_narrative(client, period_records):
    sign_in(client, _staff("Finance"))
    assert client.get(f"/staff/impact/report/?{PERIOD}").status_code == 403
    member = sign_in(type(client)(), UserFactory())
    assert member.get(f"/staff/impact/report/?{PERIOD}").status_code == 403
    coordinator = sign_in(type(client)(), _staff("Involvement coordinator"))
    assert coordinator.get("/admin/staff/reportnarrative/add/").status_code == 403


def test_the_report_asks_the_same_number_of_queries_however_many_case_studies_and_impacts(
    client, lead, period_records, django_assert_num_queries
):
    sign_in(client, lead)
    client.get(f"/staff/impact/report/?{PERIOD}")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/staff/impact/report/?{PERIOD}")
    queries = len(few.captured_queries)  # read now: the next request empties Django's query log
    for number in range(6):
        impact = _impact(f"Another change {number}", started_on=date(2025, 7, 1), public=number % 2 == 0)
        _case_study(f"Another story {number}", [impact])
    with django_assert_num_queries(queries):
        page = client.get(f"/staff/impact/report/?{PERIOD}").content.decode()
    assert len(_ids(page, r'<h3 id="case-study-\d+-heading">')) == 8
