import pytest
from django.contrib.auth.models import Permission

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import GroupFactory, MembershipFactory


@pytest.fixture
def link_group(db):
    return GroupFactory(slug="link", name="Link group")


@pytest.fixture
def rug_group(db):
    return GroupFactory(slug="rug", name="Research User Group")


@pytest.fixture
def member(link_group):
    user = UserFactory(display_name="Mo Member")
    MembershipFactory(user=user, group=link_group)
    return user


@pytest.fixture
def other_member(link_group):
    user = UserFactory(display_name="Olu Other")
    MembershipFactory(user=user, group=link_group)
    return user


@pytest.fixture
def staff_without_permission(db):
    user = StaffFactory()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="involvement").exclude(
            codename__in=["view_personal_details", "export_finance", "view_payment_details"]
        )
    )
    return user


@pytest.fixture
def coordinator(db):
    user = StaffFactory(display_name="Cora Coordinator")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="involvement"))
    return user
