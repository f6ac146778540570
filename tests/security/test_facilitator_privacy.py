"""A facilitator is a member, not staff: they see members' names and roles, never their email addresses."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from apps.communities.enums import MemberRole, MembershipStatus
from apps.communities.models import Membership
from apps.communities.services import membership_request
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def facilitator(community):
    return MembershipFactory(community=community, role=MemberRole.FACILITATOR).user


@pytest.fixture
def patient(community):
    user = UserFactory(email="patient.private@example.org", display_name="Pat Jones")
    MembershipFactory(community=community, user=user, role=MemberRole.PATIENT_OR_PUBLIC)
    return user


@pytest.fixture
def unnamed_patient(community):
    user = UserFactory(email="no.name.given@example.org", display_name="")
    MembershipFactory(community=community, user=user, role=MemberRole.PATIENT_OR_PUBLIC)
    return user


def test_manage_page_shows_a_facilitator_names_and_roles_but_no_email_addresses(
    client, community, facilitator, patient, unnamed_patient
):
    UserFactory(email="asking.to.join@example.org", display_name="")
    Membership.objects.create(
        community=community,
        user=UserFactory(email="requester.private@example.org", display_name=""),
        role=MemberRole.PATIENT_OR_PUBLIC,
        status=MembershipStatus.REQUESTED,
    )
    sign_in(client, facilitator)

    html = client.get(reverse("communities:manage", args=[community.slug])).content.decode()

    assert "Pat Jones" in html
    assert "A member who has not given a name" in html
    assert "@example.org" not in html


def test_manage_page_shows_staff_with_the_permission_the_email_addresses(client, community, patient):
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="change_community"))
    sign_in(client, staff)

    html = client.get(reverse("communities:manage", args=[community.slug])).content.decode()

    assert "patient.private@example.org" in html


def test_attendance_page_never_shows_a_facilitator_an_unnamed_members_email(
    client, community, facilitator, unnamed_patient
):
    meeting = MeetingFactory(community=community)
    meeting.rsvps.create(user=unnamed_patient, answer="going")
    sign_in(client, facilitator)

    html = client.get(reverse("communities:attendance", args=[community.slug, meeting.pk])).content.decode()

    assert "no.name.given@example.org" not in html
    assert "A member who has not given a name" in html


def test_join_request_email_to_facilitators_does_not_carry_the_requesters_email(
    community, facilitator, django_capture_on_commit_callbacks
):
    requester = UserFactory(email="quiet.requester@example.org", display_name="")

    with django_capture_on_commit_callbacks(execute=True):
        membership_request(community=community, user=requester, role=MemberRole.PATIENT_OR_PUBLIC)

    assert [message.to for message in mail.outbox] == [[facilitator.email]]
    assert "quiet.requester@example.org" not in mail.outbox[0].body
