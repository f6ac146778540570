import re

import pytest
from django.core import mail

from apps.accounts.models import User
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_signs_in_with_email_and_password_and_lands_in_their_area(client):
    UserFactory(email="member@example.org")

    response = client.post(
        "/accounts/login/", {"login": "Member@Example.org", "password": "a-long-test-password"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/me/"
    assert response.context["user"].email == "member@example.org"


def test_wrong_password_explains_the_problem_next_to_the_form(client):
    UserFactory(email="member@example.org")

    response = client.post("/accounts/login/", {"login": "member@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["user"].is_anonymous
    assert "not correct" in response.content.decode()


def test_member_signs_in_with_a_code_sent_by_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": "member@example.org"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)

    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)

    assert response.context["user"].email == "member@example.org"


def test_login_code_email_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    from apps.core.models import OutboxMessage

    UserFactory(email="member@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": "member@example.org"})

    message = OutboxMessage.objects.get()
    assert message.kind == "account-login-code"
    assert message.status == "sent"
    assert message.body_text.strip() != ""


def test_password_reset_email_arrives_with_a_working_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "member@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    assert client.login(username="member@example.org", password="a-new-long-password") is True


def test_public_sign_up_is_closed(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )

    assert User.objects.filter(email="new@example.org").exists() is False
    assert "closed" in response.content.decode().lower()


def test_member_area_requires_sign_in(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_member_area_shows_only_the_members_own_details(client):
    member = UserFactory(email="member@example.org", display_name="Ada Member")
    UserFactory(email="other@example.org", display_name="Bea Other")
    sign_in(client, member)

    page = client.get("/me/").content.decode()

    assert "member@example.org" in page
    assert "other@example.org" not in page


def test_member_changes_their_name_and_a_blank_name_is_allowed(client):
    member = UserFactory(display_name="Old Name")
    sign_in(client, member)

    response = client.post("/me/account/", {"display_name": "  New Name "})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "New Name"


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_staff_reach_the_admin(client):
    sign_in(client, StaffFactory(is_superuser=True))

    assert client.get("/admin/").status_code == 200


def test_a_change_to_personal_details_is_audited_with_who_and_when(client):
    member = UserFactory(display_name="Old Name")
    sign_in(client, member)

    client.post("/me/account/", {"display_name": "New Name"})

    latest = member.history.latest()
    assert latest.display_name == "New Name"
    assert latest.history_user == member
    assert latest.history_type == "~"
    assert not hasattr(latest, "password")


def test_a_new_email_address_must_be_verified_by_a_link_sent_to_it(
    client, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    member = UserFactory(email="member@example.org")
    sign_in(client, member)

    response = client.post("/accounts/email/", {"action_add": "", "email": "new-address@example.org"})
    # Changing how one signs in asks for the password again first; the change then goes ahead.
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="new-address@example.org").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"password": "a-long-test-password"})

    added = EmailAddress.objects.get(email="new-address@example.org")
    assert added.verified is False
    assert [message.to for message in mail.outbox] == [["new-address@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.post(path)
    added.refresh_from_db()
    assert added.verified is True


def test_sign_out_ends_the_session(client):
    sign_in(client, UserFactory())

    client.post("/accounts/logout/")

    assert client.get("/me/").status_code == 302
