"""Staff never become someone else: nobody sets another person's password or email address in the admin,
the superuser's account is out of reach through email addresses as through the user form, and a change
to someone's authenticators by someone else asks who is doing it and tells the person."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from apps.accounts.models import User
from tests.auth import give_totp, sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_lead(db):
    lead = StaffFactory(email="lead@iau.example")
    lead.groups.add(Group.objects.get(name="Unit lead"))
    return lead


def test_the_unit_lead_cannot_set_anyones_password(client, unit_lead):
    member = UserFactory(email="member@example.org")
    root = StaffFactory(email="root@iau.example", is_superuser=True)
    sign_in(client, unit_lead)

    for person in (member, root, unit_lead):
        url = f"/admin/accounts/user/{person.pk}/password/"
        assert client.get(url).status_code == 403
        posted = client.post(url, {"password1": "taken-over-123", "password2": "taken-over-123"})
        assert posted.status_code == 403
        person.refresh_from_db()
        assert not person.check_password("taken-over-123")


def test_the_unit_lead_cannot_change_a_members_email_address(client, unit_lead):
    member = UserFactory(email="member@example.org", display_name="Mo Member")
    sign_in(client, unit_lead)

    response = client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {"email": "attacker@evil.example", "display_name": "Mo Member", "is_active": "on"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "member@example.org"


def test_no_one_adds_or_verifies_an_address_on_the_superusers_account(client, unit_lead):
    """The way in that was found: add a verified address to the superuser, then reset its password."""
    root = StaffFactory(email="root@iau.example", is_superuser=True)
    member = UserFactory(email="member@example.org")
    sign_in(client, unit_lead)

    assert client.get("/admin/account/emailaddress/add/").status_code == 403
    added = client.post(
        "/admin/account/emailaddress/add/",
        {"user": root.pk, "email": "lead-private@evil.example", "verified": "on", "primary": "on"},
    )
    assert added.status_code == 403
    address = EmailAddress.objects.get(user=member)
    changed = client.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": root.pk, "email": address.email, "verified": "on", "primary": "on"},
    )
    assert changed.status_code == 403
    addresses = EmailAddress.objects.filter(user=root).values_list("email", flat=True)
    assert list(addresses) == ["root@iau.example"]
    # The list still opens for those with the view permission.
    assert client.get("/admin/account/emailaddress/").status_code == 200


def test_staff_send_a_reset_link_that_only_the_person_receives(
    client, unit_lead, smtp_server, django_capture_on_commit_callbacks
):
    member = UserFactory(email="member@example.org")
    sign_in(client, unit_lead)
    smtp_server.messages.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/",
            {"action": "send_password_reset", "_selected_action": [member.pk], "index": 0},
            follow=True,
        )

    assert response.status_code == 200
    assert "A password reset link was sent to 1 account" in response.content.decode()
    letters = [message for message in smtp_server.messages if message["To"] == "member@example.org"]
    assert len(letters) == 1
    body = letters[0].get_body(preferencelist=("plain",)).get_content()
    assert "/accounts/password/reset/key/" in body
    # The page the unit lead saw does not carry the link.
    assert "/accounts/password/reset/key/" not in response.content.decode()


def test_removing_someones_authenticator_asks_who_you_are_and_tells_them(
    client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    root = StaffFactory(email="root@iau.example", is_superuser=True)
    lead = StaffFactory(email="lead@iau.example")
    authenticator = give_totp(lead)
    sign_in(client, root)
    smtp_server.messages.clear()
    url = f"/admin/mfa/authenticator/{authenticator.pk}/delete/"

    asked = client.post(url, {"post": "yes"})

    assert asked.status_code == 302 and asked.url.startswith("/accounts/reauthenticate/")
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    # Confirmed with the password: the removal waiting for it is carried out, and the person is told.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(asked.url, {"password": "a-long-test-password"})
    assert done.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
    letters = [message for message in smtp_server.messages if message["To"] == "lead@iau.example"]
    assert [letter["Subject"] for letter in letters] == ["Two-factor sign-in was removed from your account"]
    # Nobody adds or edits an authenticator in the admin (its secret would be someone else's).
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
    assert User.objects.get(email="lead@iau.example").is_staff
