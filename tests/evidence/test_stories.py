"""Public impact stories at /impact/: only public impacts staff chose to tell, in search, the sitemap,
the page cache and on the pages of the publications and communities they came from."""

import re
from datetime import date

import pytest
from django.test import Client

from apps.evidence.enums import Confidentiality, ImpactStatus
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.people import ProfileFactory
from tests.factories.publications import PublicationFactory

from .conftest import CONTACT, make_impact

pytestmark = pytest.mark.django_db

STORY = (
    "Physiotherapists at 41 practices now use the same short form when they first see someone with "
    "joint pain. People get the same advice wherever they go."
)


def told(title="Practices use one form for joint pain", *, slug="one-form-for-joint-pain", **fields):
    values = {
        "confidentiality": Confidentiality.PUBLIC,
        "slug": slug,
        "story": STORY,
        "tell_publicly": True,
        "places": "North Staffordshire",
        "reach": "People seeing a physiotherapist first",
        "people_reached": 5200,
        **fields,
    }
    return make_impact(title, **values)


def _story_titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/impact/[^"]+/">([^<]+)</a></h2>', page)


def test_a_public_story_is_listed_and_has_its_page(client):
    impact = told(
        evidence=[CONTACT], status=ImpactStatus.VERIFIED, organisations="The Hidden Practice Network"
    )

    listing = client.get("/impact/")
    page = client.get("/impact/one-form-for-joint-pain/")

    assert listing.status_code == 200
    assert _story_titles(listing.content.decode()) == [impact.title]
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<h1>") == 1
    assert f"<h1>{impact.title}</h1>" in body
    assert "Physiotherapists at 41 practices now use the same short form" in body
    assert "Confirmed by someone outside the unit" in body
    assert "about 5,200 people" in body
    # Staff-only parts of the impact never show: its summary, organisations, evidence and contacts.
    assert impact.summary not in body
    assert "Hidden Practice Network" not in body
    assert "Quentin" not in body
    assert "quentin@practice.example" not in body
    assert "/staff/impacts/" not in body


@pytest.mark.parametrize(
    "fields",
    [
        {"confidentiality": Confidentiality.STAFF_ONLY},  # ticked, but the impact is staff only
        {"tell_publicly": False},  # public, but staff have not chosen to tell it
    ],
)
def test_a_story_not_told_publicly_is_a_404_to_everyone(client, unit_lead, fields):
    told(**fields)

    assert client.get("/impact/one-form-for-joint-pain/").status_code == 404
    assert _story_titles(client.get("/impact/").content.decode()) == []
    staff = Client()
    sign_in(staff, unit_lead)
    assert staff.get("/impact/one-form-for-joint-pain/").status_code == 404


def test_the_staff_page_of_an_impact_links_its_story_only_while_it_is_told(client, unit_lead):
    impact = told()
    sign_in(client, unit_lead)
    link = 'href="/impact/one-form-for-joint-pain/"'

    assert link in client.get(impact.get_absolute_url()).content.decode()

    impact.confidentiality = Confidentiality.STAFF_ONLY
    impact.save()
    page = client.get(impact.get_absolute_url()).content.decode()
    assert link not in page
    assert "Not told publicly yet" in page


def test_making_an_impact_staff_only_takes_its_story_down_at_once(client):
    impact = told()
    assert client.get(impact.get_story_url()).status_code == 200
    assert client.get(impact.get_story_url())["X-Page-Cache"] == "hit"

    impact.confidentiality = Confidentiality.STAFF_ONLY
    impact.save()

    assert client.get(impact.get_story_url()).status_code == 404
    assert _story_titles(client.get("/impact/").content.decode()) == []


def test_stories_come_from_the_page_cache_for_visitors(client, django_assert_num_queries):
    told()
    first = client.get("/impact/")
    with django_assert_num_queries(0):
        second = client.get("/impact/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_the_search_box_finds_stories_by_their_words(client):
    told()
    told("Knee pain leaflet in everyday words", slug="knee-leaflet", story="A leaflet people understand.")
    told("Staff only one", slug="hidden", story="Joint pain secret.", confidentiality="staff_only")

    assert _story_titles(client.get("/impact/?q=joint+pain").content.decode()) == [
        "Practices use one form for joint pain"
    ]
    assert _story_titles(client.get("/impact/?q=leaflet").content.decode()) == [
        "Knee pain leaflet in everyday words"
    ]
    nothing = client.get("/impact/?q=hip+replacement").content.decode()
    assert "No story matches that" in nothing


def test_site_search_finds_a_public_story_and_never_a_staff_only_one(client):
    told()
    told("Secret pathway change", slug="secret-pathway", confidentiality=Confidentiality.STAFF_ONLY)

    found = client.get("/search/?q=joint+pain").content.decode()
    hidden = client.get("/search/?q=secret+pathway").content.decode()

    assert 'href="/impact/one-form-for-joint-pain/"' in found
    assert "Stories of what changed" in found
    assert "/impact/secret-pathway/" not in hidden
    assert "Secret pathway change" not in hidden


def test_the_sitemap_lists_public_stories_only(client):
    told()
    told("Secret pathway change", slug="secret-pathway", confidentiality=Confidentiality.STAFF_ONLY)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/impact/</loc>" in sitemap
    assert "/impact/one-form-for-joint-pain/</loc>" in sitemap
    assert "secret-pathway" not in sitemap


def test_the_publication_and_community_pages_link_the_story_they_led_to(client):
    publication = PublicationFactory(title="First contact physiotherapy")
    community = CommunityFactory(name="Physiotherapy community", slug="physio")
    other = PublicationFactory(title="Unrelated work")
    impact = told()
    impact.publications.add(publication)
    impact.communities.add(community)
    hidden = told("Secret pathway change", slug="secret-pathway", confidentiality=Confidentiality.STAFF_ONLY)
    hidden.publications.add(publication)
    hidden.communities.add(community)

    for page in (client.get(publication.get_absolute_url()), client.get(community.get_absolute_url())):
        body = page.content.decode()
        assert page.status_code == 200
        assert "<h2" in body and "What changed because of this work</h2>" in body
        assert f'<a href="/impact/one-form-for-joint-pain/">{impact.title}</a>' in body
        assert "Secret pathway change" not in body
    assert "What changed because of this work" not in client.get(other.get_absolute_url()).content.decode()
    # And the story links back to both.
    story = client.get(impact.get_story_url()).content.decode()
    assert f'href="{publication.get_absolute_url()}"' in story
    assert f'href="{community.get_absolute_url()}"' in story


def test_people_are_named_only_through_their_public_name_and_listed_profile(client):
    from apps.evidence.models import ImpactPerson

    impact = told()
    named = ProfileFactory(name="Chris Champion", user=UserFactory(display_name="Chris Champion"))
    no_display_name = ProfileFactory(
        name="Fran Facilitator", user=UserFactory(display_name="fran@practice.example")
    )
    unlisted = ProfileFactory(name="Uma Unlisted", is_listed=False)
    for profile in (named, no_display_name, unlisted):
        ImpactPerson.objects.create(impact=impact, profile=profile, role="Helped")

    body = client.get(impact.get_story_url()).content.decode()

    assert f'<a href="{named.get_absolute_url()}">Chris Champion</a>' in body
    assert f'<a href="{no_display_name.get_absolute_url()}">Fran Facilitator</a>' in body
    assert "fran@practice.example" not in body
    assert "Uma Unlisted" not in body


def test_the_story_list_keeps_constant_queries(client, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_VIEWS = []
    told()
    with django_assert_num_queries(2) as one:
        client.get("/impact/")
    for number in range(5):
        told(f"Another change {number}", slug=f"another-{number}", started_on=date(2024, 1, number + 1))
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/impact/")
    assert len(_story_titles(page.content.decode())) == 6


def test_the_editor_sees_the_reading_age_and_must_tick_to_tell_a_hard_story(client, unit_lead):
    impact = make_impact("Pathway adopted", confidentiality=Confidentiality.PUBLIC)
    sign_in(client, unit_lead)
    hard = (
        "Implementation of the standardised musculoskeletal assessment documentation template "
        "facilitated harmonisation of interprofessional communication across organisational boundaries "
        "notwithstanding considerable heterogeneity in pre-existing institutional documentation practices."
    )
    form = {
        "title": impact.title,
        "summary": impact.summary,
        "level": impact.level,
        "status": impact.status,
        "confidentiality": impact.confidentiality,
        "started_on": impact.started_on.isoformat(),
        "slug": "pathway-adopted",
        "story": hard,
        "tell_publicly": "on",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "evidence_items-TOTAL_FORMS": "0",
        "evidence_items-INITIAL_FORMS": "0",
    }

    page = client.get(f"/admin/evidence/impact/{impact.pk}/change/").content.decode()
    refused = client.post(f"/admin/evidence/impact/{impact.pk}/change/", form)
    assert "Reading age" in page
    assert refused.status_code == 200
    assert "above the aim of 12" in refused.content.decode()
    assert Client().get("/impact/pathway-adopted/").status_code == 404

    saved = client.post(
        f"/admin/evidence/impact/{impact.pk}/change/", {**form, "publish_above_reading_age": "on"}
    )
    assert saved.status_code == 302
    assert Client().get("/impact/pathway-adopted/").status_code == 200


def test_telling_a_story_needs_its_words_and_address(client, unit_lead):
    impact = make_impact("Pathway adopted", confidentiality=Confidentiality.PUBLIC)
    sign_in(client, unit_lead)

    response = client.post(
        f"/admin/evidence/impact/{impact.pk}/change/",
        {
            "title": impact.title,
            "summary": impact.summary,
            "level": impact.level,
            "status": impact.status,
            "confidentiality": impact.confidentiality,
            "started_on": impact.started_on.isoformat(),
            "slug": "",
            "story": "",
            "tell_publicly": "on",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "evidence_items-TOTAL_FORMS": "0",
            "evidence_items-INITIAL_FORMS": "0",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Write the story in everyday words before telling it publicly." in body
    assert "Give the story a web address before telling it publicly." in body


def test_a_too_long_search_is_explained_next_to_the_box_never_a_500(client):
    told()

    response = client.get("/impact/?q=" + "knee" * 60 + "&page=99")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in body
    assert 'aria-describedby="id_q_error"' in body or 'aria-invalid="true"' in body
    assert _story_titles(body) == ["Practices use one form for joint pain"]


def test_the_home_page_shows_the_newest_public_stories(client):
    told()
    told("Secret pathway change", slug="secret-pathway", confidentiality=Confidentiality.STAFF_ONLY)

    home = client.get("/").content.decode()

    assert "What changed because of our work</h2>" in home
    assert '<a href="/impact/one-form-for-joint-pain/">Practices use one form for joint pain</a>' in home
    assert "Secret pathway change" not in home
    assert '<a href="/impact/">All stories of what changed</a>' in home
