import pytest
from django.contrib.auth.models import Group

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import GroupFactory, MembershipFactory


def staff_with_role(role: str, **kwargs):
    user = StaffFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def link_group(db):
    return GroupFactory(slug="link", name="Link group", short_name="Link group")


@pytest.fixture
def rug(db):
    return GroupFactory(slug="rug", name="Research User Group", short_name="RUG")


@pytest.fixture
def link_members(link_group):
    members = [UserFactory(email=f"link{n}@example.org", display_name=f"Link Member {n}") for n in range(3)]
    for member in members:
        MembershipFactory(user=member, group=link_group)
    return members


@pytest.fixture
def rug_member(rug):
    member = UserFactory(email="rug@example.org", display_name="Rue Member")
    MembershipFactory(user=member, group=rug)
    return member


@pytest.fixture
def coordinator(db):
    return staff_with_role("Involvement coordinator", email="coordinator@example.org", display_name="Cora")


@pytest.fixture
def unit_lead(db):
    return staff_with_role("Unit lead", email="lead@example.org", display_name="Lee Lead")


@pytest.fixture
def editor(db):
    return staff_with_role("Communications editor", email="editor@example.org")
