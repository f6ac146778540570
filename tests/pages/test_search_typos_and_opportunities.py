"""Site search forgives a misspelt word (PostgreSQL trigram similarity) and finds the opportunities a
signed-in member may see, and only those."""

import re

import pytest
from django.db import connection

from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import GroupFactory, MembershipFactory, OpportunityFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search is PostgreSQL's")


def _result_titles(response) -> list[str]:
    lists = re.findall(r'<ul class="search-results">(.*?)</ul>', response.content.decode(), re.DOTALL)
    return [title for found in lists for title in re.findall(r'<li><a href="[^"]*">([^<]+)</a>', found)]


@on_postgresql
def test_a_misspelt_word_finds_the_knee_osteoarthritis_publication(client):
    PublicationFactory(title="Exercise therapy for knee osteoarthritis in primary care")
    PublicationFactory(title="Back pain at work")

    response = client.get("/search/", {"q": "osteoarthritus"})

    assert _result_titles(response) == ["Exercise therapy for knee osteoarthritis in primary care"]


@on_postgresql
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
