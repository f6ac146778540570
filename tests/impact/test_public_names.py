"""A member who chose to be named is named by their name, never by their email address."""

import pytest

from tests.factories.accounts import UserFactory
from tests.factories.impact import ContributionFactory, ImpactEntryFactory
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_named_member_without_a_display_name_is_counted_not_shown_by_address(client):
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=UserFactory(display_name="", email="link@demo.example"), named=True)
    ContributionFactory(entry=entry, user=UserFactory(display_name="Mo Member"), named=True)

    page = client.get(entry.get_absolute_url()).content.decode()
    log = client.get("/involvement/impact/").content.decode()

    assert "link@demo.example" not in page and "link@demo.example" not in log
    assert "2 members of our patient and public groups took part, including Mo Member." in page


def test_a_display_name_that_is_an_address_is_not_shown(client):
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=UserFactory(display_name="mo@example.org"), named=True)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert "mo@example.org" not in page
    assert "1 member of our patient and public groups took part." in page


def test_a_named_member_without_a_display_name_is_shown_by_their_listed_profile_name(client):
    user = UserFactory(display_name="", email="champion@demo.example")
    ProfileFactory(user=user, name="Dr Chris Champion", is_listed=True)
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=user, named=True)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert "including Dr Chris Champion." in page
    assert "champion@demo.example" not in page
