"""Written offers: each opportunity says in plain words, before the member agrees, what is offered, how and
when it is paid, which expenses are covered, that it is their choice, and where to get benefits advice. A
member offered a place accepts on /me/; the exact words they saw are kept; coordinators see who accepted."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.involvement.benefits_models import OfferAcceptance
from apps.involvement.enums import InterestStatus
from apps.involvement.offers import offer_text
from apps.pages.models import Page
from tests.auth import sign_in
from tests.factories.involvement import InterestFactory, OpportunityFactory
from tests.involvement.benefits_helpers import offer_terms

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def opportunity(link_group):
    opportunity = OpportunityFactory(
        title="Hip leaflet panel",
        starts_at=datetime(2026, 11, 26, 14, tzinfo=LONDON),
        payment_offered="Paid at the hourly rate",
        groups=[link_group],
    )
    offer_terms(opportunity, fee="50.00")
    return opportunity


def _accept(client, opportunity, fingerprint):
    return client.post(
        reverse("my_involvement:offer_accept", args=[opportunity.slug]), {"fingerprint": fingerprint}
    )


def _fingerprint(page) -> str:
    text = page.content.decode()
    return text.split('name="fingerprint" value="', 1)[1].split('"', 1)[0]


def test_the_offer_is_written_before_the_member_says_they_are_interested(client, member, opportunity):
    sign_in(client, member)
    text = client.get(opportunity.get_absolute_url()).content.decode()
    assert "The offer, in writing" in text
    assert "a fee of £50.00 for taking part. Paid at the hourly rate." in text
    assert "By bank transfer, within 4 weeks of the meeting." in text
    assert "Bus or train fares, and a carer&#x27;s costs." in text
    assert "It is your choice" in text
    assert "/pages/benefits-advice/" in text
    assert "I accept my place" not in text  # not offered a place yet


def test_the_benefits_advice_page_exists_without_demo_data(client):
    page = Page.objects.get(slug="benefits-advice")
    assert page.status == "published"
    assert client.get("/pages/benefits-advice/").status_code == 200


def test_a_member_offered_a_place_accepts_and_the_exact_words_are_kept(client, member, opportunity):
    InterestFactory(opportunity=opportunity, user=member, status=InterestStatus.SELECTED)
    sign_in(client, member)
    page = client.get(opportunity.get_absolute_url())
    assert "I have read the offer and I accept my place" in page.content.decode()
    seen = offer_text(opportunity)
    response = _accept(client, opportunity, _fingerprint(page))
    assert response.status_code == 302
    acceptance = OfferAcceptance.objects.get(user=member, opportunity=opportunity)
    assert acceptance.text_seen == seen
    assert acceptance.accepted_at == NOW
    assert "a fee of £50.00 for taking part" in acceptance.text_seen
    assert "How and when it is paid: By bank transfer, within 4 weeks of the meeting." in acceptance.text_seen
    # Accepting again keeps the first acceptance; the page now shows what they saw.
    _accept(client, opportunity, _fingerprint(page))
    assert OfferAcceptance.objects.filter(user=member).count() == 1
    assert (
        "You accepted it on 18 November 2026, 10:00"
        in client.get(opportunity.get_absolute_url()).content.decode()
    )


def test_words_changed_after_the_page_was_opened_are_not_accepted_unseen(client, member, opportunity):
    InterestFactory(opportunity=opportunity, user=member, status=InterestStatus.SELECTED)
    sign_in(client, member)
    page = client.get(opportunity.get_absolute_url())
    opportunity.offer_terms.fee = 80
    opportunity.offer_terms.save()
    response = _accept(client, opportunity, _fingerprint(page))
    assert not OfferAcceptance.objects.exists()
    followed = client.get(response["Location"]).content.decode()
    assert "The offer has changed since you opened this page" in followed
    assert "a fee of £80.00" in followed


def test_only_a_member_offered_a_place_can_accept(client, member, other_member, opportunity):
    InterestFactory(opportunity=opportunity, user=member, status=InterestStatus.INTERESTED)
    sign_in(client, member)
    fingerprint = _fingerprint_of(opportunity)
    _accept(client, opportunity, fingerprint)
    assert not OfferAcceptance.objects.exists()


def _fingerprint_of(opportunity):
    from apps.involvement.offers import offer_fingerprint

    return offer_fingerprint(offer_text(opportunity))


def test_another_groups_member_gets_404(client, rug_group, opportunity):
    from tests.factories.accounts import UserFactory
    from tests.factories.involvement import MembershipFactory

    outsider = UserFactory()
    MembershipFactory(user=outsider, group=rug_group)
    sign_in(client, outsider)
    assert _accept(client, opportunity, _fingerprint_of(opportunity)).status_code == 404


def test_coordinators_see_who_accepted(client, coordinator, member, opportunity):
    InterestFactory(opportunity=opportunity, user=member, status=InterestStatus.SELECTED)
    sign_in(client, member)
    _accept(client, opportunity, _fingerprint_of(opportunity))
    client.logout()
    sign_in(client, coordinator)
    text = client.get(reverse("admin:involvement_opportunity_change", args=[opportunity.pk])).content.decode()
    assert "who accepted their place" in text.lower()
    assert "Mo Member" in text
    assert "18 Nov 2026" in text


def test_the_coordinator_writes_the_offer_in_the_opportunity(client, coordinator, link_group):
    opportunity = OpportunityFactory(title="New", groups=[link_group])
    sign_in(client, coordinator)
    page = client.get(reverse("admin:involvement_opportunity_change", args=[opportunity.pk]))
    text = page.content.decode()
    assert "offer_terms-0-fee" in text
    assert "how and when it is paid" in text.lower()
