"""Only the unit's staff appoint facilitators, and a facilitator (or knowledge broker) is named on the
public community page, and on their profile, only when they have chosen to be."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.communities.enums import MemberRole
from apps.communities.models import Membership
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import MembershipFactory
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


def _role_url(membership) -> str:
    return reverse("communities:membership_role", args=[membership.community.slug, membership.pk])


def _name_url(community) -> str:
    return reverse("communities:named_publicly", args=[community.slug])


def _public_page(community) -> str:
    return Client().get(community.get_absolute_url()).content.decode()


def test_a_facilitator_cannot_make_a_member_a_facilitator(client, community, facilitator, member):
    membership = Membership.objects.get(user=member)
    sign_in(client, facilitator)

    response = client.post(_role_url(membership), {"role": "facilitator"}, follow=True)

    assert response.status_code == 200
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.PATIENT_OR_PUBLIC
    assert "Choose one of the roles." in response.content.decode()


def test_a_facilitators_manage_page_offers_no_facilitator_role_to_give(
    client, community, facilitator, member
):
    sign_in(client, facilitator)

    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()

    assert '<option value="academic"' in page
    assert '<option value="facilitator"' not in page
    assert "The unit's staff appoint facilitators." in page


def test_a_facilitator_cannot_change_another_facilitators_role(client, community, facilitator):
    colleague = MembershipFactory(community=community, role=MemberRole.FACILITATOR)
    sign_in(client, facilitator)

    response = client.post(_role_url(colleague), {"role": "clinician"}, follow=True)

    assert Membership.objects.get(pk=colleague.pk).role == MemberRole.FACILITATOR
    assert "Only the unit&#x27;s staff appoint facilitators" in response.content.decode()


def test_staff_who_manage_communities_appoint_a_facilitator_on_the_manage_page(client, community, member):
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="change_community"))
    membership = Membership.objects.get(user=member)
    sign_in(client, staff)
    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()

    response = client.post(_role_url(membership), {"role": "facilitator"})

    assert '<option value="facilitator"' in page
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.FACILITATOR


def test_a_new_facilitator_is_not_named_publicly_until_they_choose_to_be(client, community):
    appointed = MembershipFactory(
        community=community, role=MemberRole.FACILITATOR, user=UserFactory(display_name="Priya Facilitator")
    )

    assert appointed.named_publicly is False
    assert "Priya Facilitator" not in _public_page(community)
    assert "Facilitator: 1" in _public_page(community)  # the count of roles names no one


def test_a_facilitator_chooses_on_the_community_page_to_be_named_and_to_stop(client, community):
    facilitator = UserFactory(display_name="Priya Facilitator")
    MembershipFactory(community=community, role=MemberRole.FACILITATOR, user=facilitator)
    sign_in(client, facilitator)
    own_page = client.get(community.get_absolute_url()).content.decode()

    client.post(_name_url(community), {"named": "yes"})
    named_page = _public_page(community)
    client.post(_name_url(community), {"named": "no"})

    assert "<h3>Your name on this page</h3>" in own_page
    assert "Priya Facilitator, facilitator" in named_page
    assert "Priya Facilitator" not in _public_page(community)


def test_a_member_without_a_public_role_is_not_offered_the_choice_and_stays_unnamed(client, community):
    member = UserFactory(display_name="Pat Member")
    MembershipFactory(community=community, role=MemberRole.PATIENT_OR_PUBLIC, user=member)
    sign_in(client, member)

    own_page = client.get(community.get_absolute_url()).content.decode()
    client.post(_name_url(community), {"named": "yes"})

    assert "Your name on this page" not in own_page
    assert "Pat Member" not in _public_page(community)


def test_someone_who_is_not_a_member_cannot_choose_anything(client, community, outsider):
    sign_in(client, outsider)

    response = client.post(_name_url(community), {"named": "yes"})

    assert response.status_code == 404


def test_a_facilitators_profile_lists_the_community_only_with_their_consent(client, community):
    facilitator = UserFactory(display_name="Priya Facilitator")
    profile = ProfileFactory(user=facilitator, is_listed=True)
    membership = MembershipFactory(community=community, role=MemberRole.FACILITATOR, user=facilitator)

    before = Client().get(profile.get_absolute_url()).content.decode()
    sign_in(client, facilitator)
    client.post(_name_url(community), {"named": "yes"})
    after = Client().get(profile.get_absolute_url()).content.decode()

    assert membership.community.name not in before
    assert f'<a href="{community.get_absolute_url()}">{community.name}</a>: facilitator' in after


def test_a_named_facilitator_without_a_display_name_is_never_shown_by_email_address(client, community):
    facilitator = UserFactory(display_name="", email="quiet.facilitator@example.org")
    MembershipFactory(community=community, role=MemberRole.FACILITATOR, user=facilitator, named_publicly=True)

    page = _public_page(community)

    assert "quiet.facilitator" not in page
    assert "A member of the unit, facilitator" in page


def test_the_demos_facilitators_have_agreed_to_be_named(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", verbosity=0)

    facilitators = Membership.objects.filter(role__in=[MemberRole.FACILITATOR, MemberRole.KNOWLEDGE_BROKER])

    assert facilitators.exists()
    assert set(facilitators.values_list("named_publicly", flat=True)) == {True}
