"""/staff/readability/: published texts harder to read than the aim, worst first, for their editors."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.brokering.enums import RequestStatus
from apps.evidence.enums import Confidentiality
from apps.pages.enums import PageStatus
from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.evidence.conftest import make_impact
from tests.factories.accounts import UserFactory
from tests.factories.brokering import EvidenceRequestFactory
from tests.factories.impact import ImpactEntryFactory
from tests.factories.involvement import OpportunityFactory
from tests.factories.pages import PageFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

from .conftest import staff_with

pytestmark = pytest.mark.django_db

URL = "/staff/readability/"
# Reading age 24: long sentences, long words, but not as extreme as HARD (43).
MIDDLING = (
    "The programme supported general practices to introduce stratified care, matching the intensity of "
    "treatment offered to each patient with their estimated risk of developing persistent disability."
)


def _rows(html: str) -> list[tuple[str, str]]:
    """(title, reading age or 'Missing') for each row of the table, in order."""
    rows = []
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S):
        title = re.search(r'<a href="[^"]+">([^<]+)<span', row).group(1)
        age = re.search(r'<td class="staff-number">(\d+)</td>', row)
        rows.append((title, age.group(1) if age else "Missing"))
    return rows


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_lists_published_texts_above_the_aim_worst_first_with_edit_links(client, superuser):
    hard = PublicationFactory(title="Hard summary", plain_summary=HARD)
    PublicationFactory(title="Plain summary", plain_summary=PLAIN)
    missing = PublicationFactory(title="No summary", plain_summary="")
    PublicationFactory(title="Hidden draft", plain_summary=HARD, is_public=False)
    page = PageFactory(title="Middling page", body=MIDDLING)
    PageFactory(title="Draft page", body=HARD, status=PageStatus.DRAFT)
    OpportunityFactory(title="Hard opportunity", summary=HARD)
    SeminarFactory(title="Plain seminar", description=PLAIN)
    ImpactEntryFactory(title="Middling entry", you_said=MIDDLING, we_did=PLAIN)
    sign_in(client, superuser)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert _rows(html) == [
        ("No summary", "Missing"),
        ("Hard opportunity", "43"),
        ("Hard summary", "43"),
        ("Middling entry", "24"),
        ("Middling page", "24"),
    ]
    assert f'href="/admin/publications/publication/{hard.pk}/change/"' in html
    assert f'href="/admin/publications/publication/{missing.pk}/change/"' in html
    assert f'href="/admin/pages/page/{page.pk}/change/"' in html
    assert "5 texts to make easier to read" in html


def test_says_so_when_every_text_is_plain(client, superuser):
    PublicationFactory(plain_summary=PLAIN)
    sign_in(client, superuser)

    html = client.get(URL).content.decode()

    assert "Every published text you can change has a reading age of 12 or under." in html


def test_visitors_sign_in_and_members_and_staff_without_permission_are_refused(client):
    assert client.get(URL).status_code == 302
    sign_in(client, UserFactory())
    assert client.get(URL).status_code == 403
    sign_in(client, staff_with("publications.view_publication", "involvement.view_opportunity"))
    assert client.get(URL).status_code == 403


def test_staff_see_only_the_texts_they_may_change(client):
    PublicationFactory(title="Hard summary", plain_summary=HARD)
    OpportunityFactory(title="Hard opportunity", summary=HARD)
    sign_in(client, staff_with("involvement.change_opportunity"))

    response = client.get(URL)

    assert _rows(response.content.decode()) == [("Hard opportunity", "43")]
    assert "checks the opportunity texts your role lets you change" in response.content.decode()


def test_staff_home_links_to_the_page_only_for_those_who_may_use_it(client):
    sign_in(client, staff_with("involvement.change_opportunity"))
    assert 'href="/staff/readability/"' in client.get("/staff/").content.decode()

    sign_in(client, staff_with("involvement.view_opportunity"))
    assert 'href="/staff/readability/"' not in client.get("/staff/").content.decode()


def _texts(count: int):
    for number in range(count):
        PublicationFactory(title=f"Hard summary {number}", plain_summary=f"{HARD} Number {number}.")
        PageFactory(title=f"Hard page {number}", body=f"{HARD} Page {number}.")
        OpportunityFactory(title=f"Hard opportunity {number}", summary=HARD)
        SeminarFactory(title=f"Hard seminar {number}", description=HARD)
        ImpactEntryFactory(title=f"Hard entry {number}", you_said=HARD, we_did=HARD)
        _answered(public_question=f"Hard question {number}?", public_summary=HARD)
        make_impact(
            f"Hard story {number}",
            confidentiality=Confidentiality.PUBLIC,
            tell_publicly=True,
            slug=f"hard-story-{number}",
            story=HARD,
        )


def _answered(**fields):
    now = timezone.now()
    return EvidenceRequestFactory(
        status=RequestStatus.ANSWERED, answer="An answer.", answered_at=now, published_at=now, **fields
    )


@pytest.mark.parametrize("count", [1, 8])
def test_queries_do_not_grow_with_the_texts(client, superuser, django_assert_num_queries, count):
    _texts(count)
    sign_in(client, superuser)
    client.get(URL)  # the session and permissions are loaded and cached the same way each time

    # One query for each of the seven kinds of text; the other five read and refresh the session, the user
    # and their second factor. The same with one text of each kind or eight.
    with django_assert_num_queries(12):
        response = client.get(URL)

    assert len(_rows(response.content.decode())) == 8 * count


def test_hard_answered_question_summaries_are_listed_with_a_link_to_the_request_page(client):
    hard = _answered(public_question="Does group exercise help knee pain?", public_summary=HARD)
    _answered(public_question="Do splints help hand pain?", public_summary=PLAIN)
    unpublished = _answered(public_question="Not on the website?", public_summary=HARD)
    unpublished.published_at = None
    unpublished.save()
    sign_in(client, staff_with("brokering.view_evidencerequest", "brokering.publish_evidencerequest"))

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert _rows(html) == [(f"ASK-{hard.number:04d}: Does group exercise help knee pain?", "43")]
    assert f'href="/staff/requests/{hard.number}/"' in html
    assert "Plain-language evidence summary" in html
    assert "checks the answered question texts your role lets you change" in html
    # The link leads to where the summary is written, which shows the same reading age.
    request_page = client.get(f"/staff/requests/{hard.number}/").content.decode()
    assert "Reading age: 43 (aim for 12 or under)" in request_page


def test_seeing_requests_without_publishing_them_does_not_open_the_page(client):
    _answered(public_summary=HARD)
    sign_in(client, staff_with("brokering.view_evidencerequest", "brokering.change_evidencerequest"))

    assert client.get(URL).status_code == 403
