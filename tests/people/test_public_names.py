"""`public_name`: how public pages name a person with an account. Never an email address."""

import pytest

from apps.people.names import public_name
from tests.factories.accounts import UserFactory
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("display_name", "profile", "expected"),
    [
        ("Mo Member", None, "Mo Member"),
        ("  Mo Member ", "Dr Mo Member", "Mo Member"),
        ("", "Dr Mo Member", "Dr Mo Member"),
        ("", None, "A member"),
        ("mo@example.org", None, "A member"),
        ("Mo <mo@example.org>", "Dr Mo Member", "Dr Mo Member"),
    ],
)
def test_public_name_is_a_name_or_the_default_never_an_address(display_name, profile, expected):
    user = UserFactory(display_name=display_name, email="mo@example.org")
    if profile:
        ProfileFactory(user=user, name=profile, is_listed=True)

    assert public_name(user) == expected
    assert str(user) == (display_name or "mo@example.org")  # what staff see in the admin is unchanged


def test_public_name_skips_a_profile_that_is_not_listed():
    user = UserFactory(display_name="", email="mo@example.org")
    ProfileFactory(user=user, name="Dr Mo Member", is_listed=False)

    assert public_name(user, "A member of the unit") == "A member of the unit"
