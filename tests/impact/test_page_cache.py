"""The impact log's public pages come from the anonymous page cache, and every published change shows
on the next anonymous request: through the admin, its actions, and a member's own choice to be named."""

import pytest
from django.test import Client

from apps.impact.enums import EntryStatus
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.impact import ContributionFactory, ImpactEntryFactory, standard

from .test_impact_log import admin_action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _cached(client, url) -> str:
    """The page as an anonymous visitor gets it, after checking it now comes from the cache."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_admin_edit_of_a_published_entry_is_visible_on_the_next_anonymous_request(
    client, coordinator, member
):
    entry = ImpactEntryFactory(title="Clearer invitation letters", slug="clearer-letters")
    ContributionFactory(entry=entry, user=member)
    assert "Clearer invitation letters" in _cached(client, "/involvement/impact/")
    assert "Clearer invitation letters" in _cached(client, entry.get_absolute_url())
    staff = Client()
    sign_in(staff, coordinator)

    response = staff.post(
        f"/admin/impact/impactentry/{entry.pk}/change/",
        {
            "title": "Invitation letters in everyday words",
            "slug": "clearer-letters",
            "happened_on": "2025-06-01",
            "you_said": "The letter used words many people would not know.",
            "we_did": "We rewrote it with members.",
            "standards": [standard("communications").pk],
            "members": [member.pk],
            "contributions-TOTAL_FORMS": "0",
            "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0",
            "contributions-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Invitation letters in everyday words" in client.get("/involvement/impact/").content.decode()
    assert "We rewrote it with members." in client.get(entry.get_absolute_url()).content.decode()


def test_admin_unpublish_action_takes_the_entry_off_at_once(client):
    entry = ImpactEntryFactory(title="Meetings after the school run")
    staff = Client()
    sign_in(staff, StaffFactory(is_superuser=True))
    assert "Meetings after the school run" in _cached(client, "/involvement/impact/")
    _cached(client, entry.get_absolute_url())

    admin_action(staff, "unpublish", [entry])

    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    assert "Meetings after the school run" not in client.get("/involvement/impact/").content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_member_choosing_to_be_named_shows_on_the_next_anonymous_request(client, member):
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=member)
    assert "Mo Member" not in _cached(client, entry.get_absolute_url())
    signed_in = Client()
    sign_in(signed_in, member)

    assert signed_in.post(f"{entry.get_absolute_url()}name/", {"named": "yes"}).status_code == 302

    assert "Mo Member" in client.get(entry.get_absolute_url()).content.decode()


def test_signed_in_member_gets_their_own_entry_page_not_the_cached_one(client, member):
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=member)
    _cached(client, entry.get_absolute_url())
    signed_in = Client()
    sign_in(signed_in, member)

    page = signed_in.get(entry.get_absolute_url())

    assert "X-Page-Cache" not in page
    assert "Show my name" in page.content.decode()
