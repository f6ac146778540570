import pytest
from django.contrib.auth.models import Permission

from apps.communities.enums import MemberRole, MembershipStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory, MembershipFactory


@pytest.fixture
def community(db):
    return CommunityFactory(name="Physiotherapy across Staffordshire", slug="staffordshire-physiotherapy")


@pytest.fixture
def meeting(community):
    return MeetingFactory(community=community, title="Evidence review")


@pytest.fixture
def member(community):
    return MembershipFactory(community=community, role=MemberRole.PATIENT_OR_PUBLIC).user


@pytest.fixture
def facilitator(community):
    return MembershipFactory(community=community, role=MemberRole.FACILITATOR).user


@pytest.fixture
def other_facilitator(db):
    """Facilitates a different community: no rights here."""
    return MembershipFactory(role=MemberRole.FACILITATOR).user


@pytest.fixture
def requester(community):
    return MembershipFactory(community=community, status=MembershipStatus.REQUESTED).user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def staff_without_permission(db):
    return StaffFactory()


@pytest.fixture
def staff_manager(db):
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="change_community"))
    return staff
