"""/staff/impacts/: the list with its filters, and each impact with its pathway, through HTTP."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.evidence import services
from apps.evidence.enums import Confidentiality, EvidenceKind, ImpactLevel, ImpactStatus
from apps.evidence.models import EvidenceItem
from apps.evidence.selectors import impact_for_staff, impact_pathway
from apps.impact.models import ImpactEntry
from tests.auth import sign_in, sign_in_without_second_factor
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

from .conftest import CONTACT, FIGURE, make_impact, staff_in

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(
        r'<th scope="row"><a href="/staff/impacts/\d+/">([^<]+)</a></th>', response.content.decode()
    )


def test_impact_list_filters_by_level_status_confidentiality_period_and_community(client, unit_lead):
    community = CommunityFactory(slug="osteoarthritis")
    adopted = make_impact("Template adopted", evidence=[FIGURE], status=ImpactStatus.EVIDENCED)
    adopted.communities.add(community)
    make_impact(
        "Staff trained",
        level=ImpactLevel.ENGAGEMENT,
        confidentiality=Confidentiality.PUBLIC,
        started_on=date(2023, 1, 10),
        ended_on=date(2023, 2, 1),
    )
    make_impact("Guideline cites the paper", level=ImpactLevel.BENEFIT, evidence=[CONTACT], status="verified")
    sign_in(client, unit_lead)

    assert sorted(_titles(client.get("/staff/impacts/"))) == [
        "Guideline cites the paper",
        "Staff trained",
        "Template adopted",
    ]
    assert _titles(client.get("/staff/impacts/?level=engagement")) == ["Staff trained"]
    assert _titles(client.get("/staff/impacts/?status=verified")) == ["Guideline cites the paper"]
    assert _titles(client.get("/staff/impacts/?confidentiality=public")) == ["Staff trained"]
    assert _titles(client.get("/staff/impacts/?community=osteoarthritis")) == ["Template adopted"]
    # The period: going on after 1 January 2024 (the 2023 training had ended), started by then.
    assert sorted(_titles(client.get("/staff/impacts/?since=2024-01-01"))) == [
        "Guideline cites the paper",
        "Template adopted",
    ]
    assert _titles(client.get("/staff/impacts/?until=2024-01-01")) == ["Staff trained"]
    # A value the list does not know is dropped and named, never a 500.
    response = client.get("/staff/impacts/?level=enormous")
    assert response.status_code == 200
    assert len(_titles(response)) == 3
    assert "We did not recognise the level" in response.content.decode()


def test_impact_list_query_count_does_not_grow_with_rows(client, unit_lead, django_assert_num_queries):
    make_impact("One", evidence=[FIGURE], status=ImpactStatus.EVIDENCED)
    sign_in(client, unit_lead)
    client.get("/staff/impacts/")  # the session and permissions are warm
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/impacts/")
    for number in range(12):
        make_impact(f"Impact {number}", evidence=[FIGURE, CONTACT], status=ImpactStatus.VERIFIED)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/staff/impacts/")
    assert len(_titles(response)) == 13


def _linked_impact():
    community = CommunityFactory(name="Knee pain community")
    MeetingFactory(community=community, title="First meeting", start=timezone.now() - timedelta(days=400))
    meeting = MeetingFactory(
        community=community, title="Evidence review", start=timezone.now() - timedelta(days=300)
    )
    impact = make_impact("Knee pathway adopted", evidence=[FIGURE, CONTACT], status=ImpactStatus.VERIFIED)
    impact.publications.add(PublicationFactory(title="Knee trial", year=2019), PublicationFactory(year=2021))
    impact.communities.add(community)
    impact.meetings.add(meeting)
    impact.seminars.add(SeminarFactory(title="Knee seminar", starts_at=timezone.now() - timedelta(days=200)))
    return impact


def test_the_pathway_svg_has_a_title_a_description_and_the_table_holds_the_same_events(client, unit_lead):
    impact = _linked_impact()
    sign_in(client, unit_lead)

    response = client.get(f"/staff/impacts/{impact.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    svg = re.search(r"<svg[^>]*pathway.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="pathway-title pathway-desc"' in svg
    assert '<title id="pathway-title">How it happened: Knee pathway adopted</title>' in svg
    assert "<script" not in html.lower().split("<svg", 1)[1].split("</svg>", 1)[0]
    # 2 publications + 1 community + 1 meeting + 1 seminar + the change + 2 evidence items = 8 events,
    # once in the drawing (one marker each) and once in the table.
    assert html.count('<tr class="pathway-event">') == 8
    assert svg.count('<use href="#pathway-') == 4 + 8  # the stages' key, then one marker per event
    assert "A timeline of 8 events" in svg
    rows = re.findall(r'<tr class="pathway-event"><th scope="row">([^<]+)</th><td>([^<]+)</td>', html)
    assert [stage for _, stage in rows][:2] == ["Research", "Research"]
    assert rows[0][0] == "2019"
    assert [stage for _, stage in rows].count("Evidence") == 2


def test_the_pathway_is_ordered_by_date_and_reads_no_more_than_the_page_loaded(django_assert_num_queries):
    impact = _linked_impact()
    impact.impact_entries.add(
        ImpactEntry.objects.create(
            title="Leaflet rewritten",
            slug="leaflet",
            you_said="Too hard.",
            we_did="Rewrote it.",
            happened_on=date(2020, 6, 1),
        )
    )
    loaded = impact_for_staff(impact.pk)
    with django_assert_num_queries(0):
        events = impact_pathway(loaded)
    assert [event.on for event in events] == sorted(event.on for event in events)
    assert [event.kind for event in events].count("You said, we did") == 1


def _roles():
    return {
        "coordinator": staff_in("Involvement coordinator", "coord@iau.example"),
        "broker": staff_in("Knowledge broker", "broker@iau.example"),
        "finance": staff_in("Finance", "finance@iau.example"),
        "editor": staff_in("Communications editor", "editor@iau.example"),
    }


@pytest.mark.parametrize(
    ("role", "wanted"), [("coordinator", 200), ("broker", 200), ("finance", 403), ("editor", 403)]
)
def test_each_role_meets_the_impact_pages_as_its_permissions_say(client, role, wanted):
    impact = make_impact()
    sign_in(client, _roles()[role])

    assert client.get("/staff/impacts/").status_code == wanted
    assert client.get(f"/staff/impacts/{impact.pk}/").status_code == wanted


def test_a_member_is_refused_and_a_visitor_is_sent_to_sign_in(client):
    impact = make_impact()
    assert client.get(f"/staff/impacts/{impact.pk}/").status_code == 302
    sign_in(client, UserFactory(email="member@example.org"))
    assert client.get("/staff/impacts/").status_code == 403
    assert client.get(f"/staff/impacts/{impact.pk}/").status_code == 403


def test_staff_without_the_second_factor_meet_what_a_member_meets(client, unit_lead):
    impact = make_impact()
    sign_in_without_second_factor(client, unit_lead)
    member_client = sign_in(type(client)(), UserFactory(email="member@example.org"))
    for url in ("/staff/impacts/", f"/staff/impacts/{impact.pk}/"):
        staff_answer = client.get(url)
        # The staff area sends staff to enter their code; never the page itself.
        assert staff_answer.status_code in (302, 403)
        assert staff_answer.status_code != 200
        assert member_client.get(url).status_code == 403


LETTER = b"%PDF-1.4 a letter from the practice manager\n"


def _testimonial(impact):
    item = EvidenceItem(
        impact=impact, kind=EvidenceKind.TESTIMONIAL, dated_on=date(2025, 5, 1), title="Letter from a manager"
    )
    item.file = SimpleUploadedFile("letter.pdf", LETTER, content_type="application/pdf")
    return services.evidence_item_save(item=item)


def test_a_testimonial_file_is_served_only_with_the_permission_to_see_impacts(client, unit_lead):
    impact = make_impact()
    item = _testimonial(impact)
    url = f"/staff/impacts/{impact.pk}/evidence/{item.pk}/file/"
    assert item.file.storage.base_url is None  # private storage: no public URL

    assert client.get(url).status_code == 302  # a visitor is sent to sign in
    sign_in(client, _roles()["finance"])
    assert client.get(url).status_code == 403
    sign_in(client, unit_lead)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == LETTER
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    # Another impact's number does not open it.
    other = make_impact("Another")
    assert client.get(f"/staff/impacts/{other.pk}/evidence/{item.pk}/file/").status_code == 404


def test_a_corroborating_contact_is_shown_to_staff_and_never_on_a_public_page(client, unit_lead):
    community = CommunityFactory(slug="knee-community")
    publication = PublicationFactory(slug="knee-paper", is_public=True)
    impact = make_impact("Public change", confidentiality=Confidentiality.PUBLIC, evidence=[CONTACT])
    impact.communities.add(community)
    impact.publications.add(publication)

    public_pages = [
        "/",
        "/communities/knee-community/",
        "/publications/knee-paper/",
        "/search/?q=clinical+lead+confirm",
    ]
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Quentin" not in response.content, url
        assert b"quentin@practice.example" not in response.content, url

    sign_in(client, unit_lead)
    assert b"Quentin Corroborator" in client.get(f"/staff/impacts/{impact.pk}/").content
