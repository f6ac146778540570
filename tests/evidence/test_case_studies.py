"""Impact case studies at /staff/impacts/case-studies/, through HTTP as staff meet them: started from an
impact (references and sources filled in), edited with word counts, every save kept as a version,
downloaded as Word (opened with python-docx) and printed."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from apps.evidence.case_studies.models import CaseStudy
from apps.evidence.enums import Confidentiality, EvidenceKind, ImpactStatus
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.publications import PublicationFactory

from .conftest import CONTACT, FIGURE, make_impact, staff_in

pytestmark = pytest.mark.django_db

LETTER = (
    EvidenceKind.TESTIMONIAL,
    date(2025, 11, 3),
    "Letter from a practice manager",
    {"description": "The template made handovers clearer."},
)
CONTACT_WITH_ROLE = (
    EvidenceKind.CONTACT,
    date(2025, 12, 1),
    "Lead who can confirm it",
    {
        "contact_name": "Rowan Private",
        "contact_role": "Clinical lead, a practice network",
        "contact_email": "rowan@practice.example",
    },
)


@pytest.fixture
def impact(db):
    first = PublicationFactory(
        title="First contact physiotherapy in general practice",
        venue="BMJ Open",
        year=2021,
        volume="11",
        issue="4",
        pages="e045678",
        doi="10.1136/bmjopen-2021-045678",
        authors=[("Okafor", "Ngozi"), ("Hill", "Jonathan C")],
    )
    second = PublicationFactory(
        title="Physiotherapists seeing patients first: a cohort study",
        venue="Physiotherapy",
        year=2019,
        authors=[("Shaw", "Ann")],
    )
    impact = make_impact(
        "Practices adopted the first contact template",
        evidence=[FIGURE, CONTACT_WITH_ROLE, LETTER],
        status=ImpactStatus.VERIFIED,
        confidentiality=Confidentiality.PUBLIC,
        places="North Staffordshire",
    )
    impact.publications.add(first, second)
    return impact


def _start(client, impact, title="First contact physiotherapy in practices"):
    response = client.post(
        "/staff/impacts/case-studies/new/", {"title": title, "impacts": [impact.pk]}, follow=False
    )
    assert response.status_code == 302, response.content.decode()
    return CaseStudy.objects.get(title=title)


def _edit_data(case_study, **changes) -> dict:
    data = {
        "title": case_study.title,
        "status": case_study.status,
        "summary": case_study.summary,
        "underpinning_research": case_study.underpinning_research,
        "references": case_study.references,
        "details": case_study.details,
        "sources": case_study.sources,
        "impacts": [impact.pk for impact in case_study.impacts.all()],
    }
    data.update(changes)
    return data


def test_starting_from_an_impact_fills_references_in_vancouver_style_and_sources_by_role(
    client, unit_lead, impact
):
    sign_in(client, unit_lead)
    form = client.get(f"/staff/impacts/case-studies/new/?impact={impact.pk}").content.decode()
    assert 'value="Practices adopted the first contact template"' in form  # the title starts as the impact's
    assert re.search(rf'value="{impact.pk}"[^>]*checked', form)

    case_study = _start(client, impact)

    assert list(case_study.impacts.all()) == [impact]
    assert case_study.references.splitlines() == [
        "Shaw A. Physiotherapists seeing patients first: a cohort study. Physiotherapy; 2019.",
        "Okafor N, Hill JC. First contact physiotherapy in general practice. BMJ Open. 2021;11(4):e045678. "
        "doi:10.1136/bmjopen-2021-045678",
    ]


def test_sources_come_from_the_evidence_and_never_carry_a_contacts_name_or_email(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    # Confirmation from outside the unit first (the letter, the contact), oldest first; then the figure.
    assert case_study.sources.splitlines() == [
        "Letter from a practice manager, 3 November 2025.",
        "Clinical lead, a practice network: can confirm the change (contact details held by the unit).",
        "41 practices, counted 30 September 2025.",
    ]
    page = client.get(f"/staff/impacts/case-studies/{case_study.pk}/").content.decode()
    document = client.get(f"/staff/impacts/case-studies/{case_study.pk}.docx").content
    for text in (case_study.sources, page):
        assert "Rowan" not in text and "rowan@practice.example" not in text
    assert b"rowan@practice.example" not in document


def test_a_contact_without_a_job_is_described_without_their_name(client, unit_lead):
    impact = make_impact("Guideline cites the paper", evidence=[CONTACT], status=ImpactStatus.VERIFIED)
    sign_in(client, unit_lead)
    case_study = _start(client, impact, title="Guideline")
    assert case_study.sources == (
        "A contact outside the unit: can confirm the change (contact details held by the unit)."
    )
    assert "Quentin" not in case_study.sources


def test_editing_keeps_every_version_and_staff_can_read_an_earlier_one(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    response = client.post(
        f"/staff/impacts/case-studies/{case_study.pk}/edit/",
        _edit_data(case_study, summary="Practices now see people with joint pain the same way."),
    )
    assert response.status_code == 302
    client.post(
        f"/staff/impacts/case-studies/{case_study.pk}/edit/",
        _edit_data(CaseStudy.objects.get(pk=case_study.pk), summary="A second summary.", status="final"),
    )
    case_study.refresh_from_db()
    assert case_study.summary == "A second summary."
    assert case_study.status == "final"
    versions = list(case_study.history.order_by("history_date"))
    assert [version.summary for version in versions][1:] == [
        "Practices now see people with joint pain the same way.",
        "A second summary.",
    ]
    assert {version.history_user for version in versions} == {unit_lead}

    listing = client.get(f"/staff/impacts/case-studies/{case_study.pk}/versions/").content.decode()
    assert len(re.findall(rf'href="/staff/impacts/case-studies/{case_study.pk}/versions/\d+/"', listing)) == 3
    # The words of the summary ("A second summary.": 3), the research and the details, per version.
    assert case_study.word_counts_text.startswith("3, ")
    assert f'<td class="staff-number">{case_study.word_counts_text}</td>' in listing
    earlier = client.get(
        f"/staff/impacts/case-studies/{case_study.pk}/versions/{versions[1].history_id}/"
    ).content.decode()
    assert "Practices now see people with joint pain the same way." in earlier
    assert "A second summary." not in earlier
    assert client.get(f"/staff/impacts/case-studies/{case_study.pk}/versions/999999/").status_code == 404


def test_word_counts_are_shown_and_going_over_warns_without_stopping_the_save(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    page = client.get(f"/staff/impacts/case-studies/{case_study.pk}/edit/").content.decode()
    assert 'id="id_summary_count"' in page
    assert 'aria-describedby="id_summary_helptext id_summary_count"' in page
    assert "js/word-count" in page
    assert "2 references of up to 6" in page
    assert "3 sources of up to 10" in page

    long_summary = " ".join(["word"] * 112)
    response = client.post(
        f"/staff/impacts/case-studies/{case_study.pk}/edit/",
        _edit_data(case_study, summary=long_summary),
        follow=True,
    )
    page = response.content.decode()
    case_study.refresh_from_db()
    assert case_study.summary == long_summary  # saved all the same
    assert "Summary of the impact is 12 words over the 100 advised." in page
    assert "112 words of about 100" in page


def test_more_than_ten_sources_are_refused_next_to_the_field(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    sources = "\n".join(f"{number}. Source number {number}" for number in range(1, 13))
    response = client.post(
        f"/staff/impacts/case-studies/{case_study.pk}/edit/", _edit_data(case_study, sources=sources)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A case study can list up to 10 sources. Remove 2" in page
    assert "Source number 12" in page  # their text comes back to them
    case_study.refresh_from_db()
    assert "Source number" not in case_study.sources


def test_a_start_without_an_impact_or_title_says_what_is_missing(client, unit_lead):
    sign_in(client, unit_lead)
    response = client.post("/staff/impacts/case-studies/new/", {"title": "", "impacts": ["999999"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the case study a title." in page
    assert "Select a valid choice" in page or "Choose at least one impact." in page
    assert not CaseStudy.objects.exists()


def test_the_word_document_has_a_title_heading_styles_and_numbered_references(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    client.post(
        f"/staff/impacts/case-studies/{case_study.pk}/edit/",
        _edit_data(case_study, details="First paragraph.\n\nSecond paragraph."),
    )
    detail = client.get(f"/staff/impacts/case-studies/{case_study.pk}/").content.decode()
    assert f'href="/staff/impacts/case-studies/{case_study.pk}.docx"' in detail

    response = client.get(f"/staff/impacts/case-studies/{case_study.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment;" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styled[0] == ("Title", "First contact physiotherapy in practices")
    # The outline is the title and the five sections, nothing else.
    assert [style for style, _ in styled if style.startswith("Heading")] == ["Heading 1"] * 5
    assert [text for style, text in styled if style == "Heading 1"] == [
        "1. Summary of the impact",
        "2. Underpinning research",
        "3. References to the research",
        "4. Details of the impact",
        "5. Sources to corroborate the impact",
    ]
    references = [text for style, text in styled if style == "List Number"]
    assert references[0].startswith("Shaw A. Physiotherapists seeing patients first")
    assert references[1].endswith("doi:10.1136/bmjopen-2021-045678")
    assert len(references) == 2 + 3  # the references, then the sources, each its own list
    details = styled.index(("Heading 1", "4. Details of the impact"))
    assert styled[details + 1 : details + 3] == [
        ("Normal", "First paragraph."),
        ("Normal", "Second paragraph."),
    ]
    # Each list starts again at 1: the references and the sources have their own numbering.
    number_ids = {
        paragraph._p.pPr.numPr.numId.val
        for paragraph in document.paragraphs
        if paragraph.style.name == "List Number"
    }
    assert len(number_ids) == 2
    assert document.core_properties.title == "First contact physiotherapy in practices"


def test_the_printable_page_holds_every_section_and_is_marked(client, unit_lead, impact):
    sign_in(client, unit_lead)
    case_study = _start(client, impact)
    page = client.get(f"/staff/impacts/case-studies/{case_study.pk}/print/").content.decode()
    for heading in (
        "1. Summary of the impact",
        "2. Underpinning research",
        "3. References to the research",
        "4. Details of the impact",
        "5. Sources to corroborate the impact",
    ):
        assert f">{heading}</h2>" in page
    assert "case-study--print" in page
    assert ">Public</span>" in page  # every impact it is about is public


def test_a_case_study_about_a_staff_only_impact_is_marked_staff_only(client, unit_lead, impact):
    secret = make_impact("Staff only change")
    sign_in(client, unit_lead)
    response = client.post(
        "/staff/impacts/case-studies/new/", {"title": "Both", "impacts": [impact.pk, secret.pk]}
    )
    case_study = CaseStudy.objects.get(title="Both")
    assert response["Location"] == f"/staff/impacts/case-studies/{case_study.pk}/edit/"
    page = client.get(f"/staff/impacts/case-studies/{case_study.pk}/").content.decode()
    assert "Staff only: not for publication" in page


@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [
        ("Involvement coordinator", 200, 200),
        ("Knowledge broker", 200, 200),
        ("Finance", 403, 403),
        ("Communications editor", 403, 403),
    ],
)
def test_each_role_meets_the_case_studies_as_its_impact_permissions_say(client, impact, role, reads, writes):
    lead = staff_in("Unit lead", "lead@iau.example")
    case_study = _start(sign_in(type(client)(), lead), impact)
    sign_in(client, staff_in(role, "someone@iau.example"))
    base = f"/staff/impacts/case-studies/{case_study.pk}"
    for url in (
        "/staff/impacts/case-studies/",
        f"{base}/",
        f"{base}.docx",
        f"{base}/print/",
        f"{base}/versions/",
    ):
        assert client.get(url).status_code == reads, url
    for url in ("/staff/impacts/case-studies/new/", f"{base}/edit/"):
        assert client.get(url).status_code == writes, url
    if writes == 403:
        assert client.post(f"{base}/edit/", _edit_data(case_study, summary="Changed")).status_code == 403
        case_study.refresh_from_db()
        assert case_study.summary != "Changed"


def test_a_member_is_refused_and_a_visitor_is_sent_to_sign_in(client, impact):
    lead = staff_in("Unit lead", "lead@iau.example")
    case_study = _start(sign_in(type(client)(), lead), impact)
    assert client.get(f"/staff/impacts/case-studies/{case_study.pk}.docx").status_code == 302
    sign_in(client, UserFactory(email="member@example.org"))
    assert client.get(f"/staff/impacts/case-studies/{case_study.pk}.docx").status_code == 403
    assert client.get("/staff/impacts/case-studies/").status_code == 403


def test_the_list_query_count_does_not_grow_with_case_studies(
    client, unit_lead, impact, django_assert_num_queries
):
    sign_in(client, unit_lead)
    _start(client, impact, title="One")
    client.get("/staff/impacts/case-studies/")
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/impacts/case-studies/")
    queries = len(one.captured_queries)  # read now: the next request empties Django's query log
    for number in range(8):
        _start(client, make_impact(f"Impact {number}"), title=f"Case study {number}")
    with django_assert_num_queries(queries):
        page = client.get("/staff/impacts/case-studies/").content.decode()
    assert page.count('<th scope="row"><a href="/staff/impacts/case-studies/') == 9
