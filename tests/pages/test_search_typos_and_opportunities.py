"""Site search forgives a misspelt word (PostgreSQL trigram similarity) and finds the opportunities a
signed-in member may see, and only those."""

import re

import pytest

from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import GroupFactory, MembershipFactory, OpportunityFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db


def _result_titles(response) -> list[str]:
    lists = re.findall(r'<ul class="search-results">(.*?)</ul>', response.content.decode(), re.DOTALL)
    return [title for found in lists for title in re.findall(r'<li><a href="[^"]*">([^<]+)</a>', found)]


def test_a_misspelt_word_finds_the_knee_osteoarthritis_publication(client):
    PublicationFactory(title="Exercise therapy for knee osteoarthritis in primary care")
    PublicationFactory(title="Back pain at work")

    response = client.get("/search/", {"q": "osteoarthritus"})

    assert _result_titles(response) == ["Exercise therapy for knee osteoarthritis in primary care"]


def test_a_misspelt_word_finds_seminars_and_library_entries_too(client):
    SeminarFactory(title="Living well with rheumatoid arthritis")
    PublicationFactory(title="Physiotherapy for knee osteoarthritis")

    site = client.get("/search/", {"q": "rheumatiod"})
    library = client.get("/publications/", {"q": "knee osteoarthritus"})

    assert _result_titles(site) == ["Living well with rheumatoid arthritis"]
    assert "Physiotherapy for knee osteoarthritis" in library.content.decode()


def test_words_spelt_right_are_found_on_every_database(client):
    PublicationFactory(title="Exercise therapy for knee osteoarthritis")

    response = client.get("/search/", {"q": "knee osteoarthritis"})

    assert _result_titles(response) == ["Exercise therapy for knee osteoarthritis"]


@pytest.fixture
def opportunity():
    link = GroupFactory(slug="link", name="Link group")
    rug = GroupFactory(slug="rug", name="Research User Group")
    member = UserFactory(email="member@example.org")
    MembershipFactory(user=member, group=link)
    outsider = UserFactory(email="outsider@example.org")
    MembershipFactory(user=outsider, group=rug)
    OpportunityFactory(title="Review a leaflet about hip replacement", groups=[link])
    return member, outsider


def test_a_member_finds_an_opportunity_of_their_group(client, opportunity):
    member, _ = opportunity
    sign_in(client, member)

    response = client.get("/search/", {"q": "leaflet hip"})

    assert _result_titles(response) == ["Review a leaflet about hip replacement"]
    assert "Opportunities to get involved" in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "member of another group"])
def test_opportunities_stay_hidden_from_visitors_and_other_groups(client, opportunity, who):
    _, outsider = opportunity
    if who != "visitor":
        sign_in(client, outsider)

    response = client.get("/search/", {"q": "leaflet hip"})

    assert _result_titles(response) == []
    assert "hip replacement" not in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "finds"), [("osteoarthritus", "Osteoarthritis"), ("knowlege", "Knowledge")]
)
def test_search_forgives_a_slip_of_the_keyboard_on_every_database(client, typed, finds):
    from tests.factories.publications import PublicationFactory

    PublicationFactory(title=f"{finds} in primary care: what changed", is_public=True)
    PublicationFactory(title="Falls prevention in care homes", is_public=True)

    page = client.get("/search/", {"q": typed}).content.decode()

    assert f"{finds} in primary care" in page
    assert "Falls prevention" not in page


def test_an_authors_surname_in_the_search_finds_their_publications(client):
    from apps.publications.models import PublicationAuthor
    from tests.factories.publications import PublicationFactory

    hers = PublicationFactory(title="Knee pain in general practice", is_public=True)
    other = PublicationFactory(title="Knee pain after surgery", is_public=True)
    PublicationAuthor.objects.create(publication=hers, position=9, family_name="Hill", given_name="J")
    PublicationAuthor.objects.create(publication=other, position=9, family_name="Dunn", given_name="K")

    both = client.get("/publications/", {"q": "Hill knee"}).content.decode()
    alone = client.get("/publications/", {"q": "hill"}).content.decode()

    assert "Knee pain in general practice" in both and "Knee pain after surgery" not in both
    assert "Knee pain in general practice" in alone and "Knee pain after surgery" not in alone
