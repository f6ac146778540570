"""Two-factor sign-in through the pages, as staff and members meet it, with real TOTP codes."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.auth import give_totp, sign_in_without_second_factor, totp_code
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "a-long-test-password"


@pytest.fixture
def staff_with_app(db):
    user = StaffFactory(email="lead@iau.example")
    give_totp(user, SECRET)
    return user


def _sign_in_with_password(client, email):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def _confirm_by_emailed_code(client, email, captured):
    """The "we have emailed you a code" step before a first authenticator app: ask for the code, read it
    in the email the person receives, enter it. Returns where allauth sends them next."""
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked.status_code == 302
    assert asked.url.startswith("/accounts/reauthenticate/code/"), asked.url
    with captured(execute=True):
        sent = client.post(asked.url, {"recipient": email})
    assert sent.status_code == 302 and sent.url.startswith("/accounts/reauthenticate/code/confirm/")
    letter = [message for message in mail.outbox if message.to == [email]][-1]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", letter.body, re.MULTILINE).group(1)
    confirmed = client.post(sent.url, {"code": code})
    assert confirmed.status_code == 302
    return confirmed.url


def _admin_opens(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_staff_password_alone_never_opens_the_admin(client, staff_with_app):
    response = _sign_in_with_password(client, "lead@iau.example")

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    admin = client.get("/admin/", follow=True)
    # The admin sends them to sign in, which is still waiting for the authenticator code.
    assert admin.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert admin.context["user"].is_anonymous


def test_staff_password_and_authenticator_code_open_the_admin(client, staff_with_app):
    _sign_in_with_password(client, "lead@iau.example")

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})

    assert response.status_code == 302
    assert _admin_opens(client)


def test_wrong_authenticator_code_is_refused_with_a_message_next_to_the_field(client, staff_with_app):
    _sign_in_with_password(client, "lead@iau.example")
    wrong = f"{(int(totp_code(SECRET)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert "That code was not accepted" in response.content.decode()
    assert 'aria-describedby="id_code_error' in response.content.decode().replace("_errors", "_error")
    assert client.get("/admin/").status_code == 302


def test_a_used_code_cannot_be_used_again(client, staff_with_app):
    code = totp_code(SECRET)
    _sign_in_with_password(client, "lead@iau.example")
    client.post("/accounts/2fa/authenticate/", {"code": code})
    client.post("/accounts/logout/")

    _sign_in_with_password(client, "lead@iau.example")
    response = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert not _admin_opens(client)


def test_staff_sign_in_code_alone_never_opens_the_admin(
    client, staff_with_app, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": "lead@iau.example"})
    emailed = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)

    response = client.post("/accounts/login/code/confirm/", {"code": emailed})

    # allauth asks for the authenticator code after the emailed code.
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})
    assert _admin_opens(client)


def test_a_recovery_code_works_once_instead_of_the_app(client, staff_with_app):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    recovery = RecoveryCodes.activate(staff_with_app).get_unused_codes()[0]
    _sign_in_with_password(client, "lead@iau.example")
    client.post("/accounts/2fa/authenticate/", {"code": recovery})
    assert _admin_opens(client)
    client.post("/accounts/logout/")

    _sign_in_with_password(client, "lead@iau.example")
    response = client.post("/accounts/2fa/authenticate/", {"code": recovery})

    assert response.status_code == 200
    assert not _admin_opens(client)


def test_staff_without_an_authenticator_are_sent_to_set_one_up_before_admin_and_staff_pages(client):
    staff = StaffFactory(is_superuser=True)
    sign_in_without_second_factor(client, staff)

    staff_pages = ["/admin/", "/admin/accounts/user/", "/staff/", "/staff/impact/"]
    staff_pages += ["/involvement/finance/export/", "/publications/import/"]
    for path in staff_pages:
        response = client.get(path)
        assert (response.status_code, response.url) == (302, "/accounts/2fa/totp/activate/"), path
    # Their own area and the public site stay open.
    assert client.get("/me/").status_code == 200
    assert client.get("/").status_code == 200


def test_staff_set_up_an_authenticator_app_and_then_reach_the_admin(
    client, django_capture_on_commit_callbacks
):
    staff = StaffFactory(email="new@iau.example", is_superuser=True)
    _sign_in_with_password(client, "new@iau.example")
    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/"

    # Setting up two-factor sign-in asks first for a code emailed to the account's address: a password
    # alone never enrols an authenticator app.
    assert _confirm_by_emailed_code(client, "new@iau.example", django_capture_on_commit_callbacks) == (
        "/accounts/2fa/totp/activate/"
    )
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})

    assert response.url == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    told = [message for message in mail.outbox if message.to == ["new@iau.example"]]
    assert [message.subject for message in told][-1] == "IAU Portal: Two-factor sign-in is now on"
    assert "from now on we ask for a code from your authenticator app" in told[-1].body
    assert "If you did not, someone else may have got into your account" in told[-1].body
    assert _admin_opens(client)
    codes = client.get("/accounts/2fa/recovery-codes/")
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10


def test_setting_up_refuses_a_wrong_code(client, django_capture_on_commit_callbacks):
    member = UserFactory(email="member@example.org")
    _sign_in_with_password(client, "member@example.org")
    _confirm_by_emailed_code(client, "member@example.org", django_capture_on_commit_callbacks)
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/2fa/totp/activate/", {"code": wrong})

    assert response.status_code == 200
    assert "That code was not accepted" in response.content.decode()
    assert not Authenticator.objects.filter(user=member).exists()


def test_staff_with_an_app_but_no_code_in_this_session_are_asked_for_one(client, staff_with_app):
    sign_in_without_second_factor(client, staff_with_app)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    response = client.post(response.url, {"code": totp_code(SECRET)})
    assert response.url == "/admin/"
    assert _admin_opens(client)


def test_members_are_never_asked_for_a_second_factor_but_may_turn_it_on(client):
    member = UserFactory(email="member@example.org")
    response = _sign_in_with_password(client, "member@example.org")
    assert response.url == "/me/"

    me = client.get("/me/")
    assert me.status_code == 200
    assert 'href="/accounts/2fa/"' in me.content.decode()
    overview = client.get("/accounts/2fa/")
    assert overview.status_code == 200
    assert "Two-factor sign-in is <strong>off</strong>" in overview.content.decode()
    # A member is no staff: the admin stays closed whatever their second factor.
    assert client.get("/admin/").status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()


def test_staff_cannot_turn_off_their_only_authenticator_app(client, staff_with_app):
    _sign_in_with_password(client, "lead@iau.example")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(SECRET, at=time.time() + 30)})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert "Staff accounts must keep two-factor sign-in" in response.content.decode()
    assert Authenticator.objects.filter(user=staff_with_app, type="totp").exists()


def test_a_member_can_turn_their_authenticator_app_off_again(client):
    member = UserFactory(email="member@example.org")
    give_totp(member, SECRET)
    _sign_in_with_password(client, "member@example.org")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(SECRET, at=time.time() + 30)})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type="totp").exists()


def test_staff_confirm_it_is_them_with_password_or_app_never_with_an_emailed_code(client, staff_with_app):
    _sign_in_with_password(client, "lead@iau.example")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)})

    page = client.get("/accounts/reauthenticate/")

    alternatives = page.context["reauthentication_alternatives"]
    descriptions = [alternative["description"] for alternative in alternatives]
    assert "Send me a sign-in code" not in descriptions
    assert client.get("/accounts/reauthenticate/code/").status_code == 302


def test_a_password_alone_never_enrols_an_authenticator_app(client, django_capture_on_commit_callbacks):
    """Whoever learns a staff password (of an account with no authenticator yet, or whose authenticator
    was removed) must not enrol their own: the set-up page waits for a code sent to the account's email."""
    staff = StaffFactory(email="new@iau.example")
    _sign_in_with_password(client, "new@iau.example")
    # Confirming with the password again does not count as the emailed code.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 302 and page.url.startswith("/accounts/reauthenticate/code/")
    posted = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(SECRET)})
    assert posted.status_code == 302 and posted.url.startswith("/accounts/reauthenticate/code/")
    # A wrong emailed code does not open it either.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/accounts/reauthenticate/code/?next=/accounts/2fa/totp/activate/",
            {"recipient": "new@iau.example"},
        )
    refused = client.post(sent.url, {"code": "WRONG1"})
    assert refused.status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    assert not Authenticator.objects.filter(user=staff).exists()
    # Without the second factor, no staff power works anywhere.
    assert client.get("/admin/").status_code == 302


def test_authenticator_secrets_are_stored_encrypted_and_still_work(client):
    from django.db import connection

    staff = StaffFactory(email="lead@iau.example")
    give_totp(staff, SECRET)

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [staff.pk])
        stored = cursor.fetchone()[0]
    assert SECRET not in str(stored)
    assert "fernet:" in str(stored)
    _sign_in_with_password(client, "lead@iau.example")
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)}).status_code == 302
    assert _admin_opens(client)


def test_the_migration_encrypts_secrets_stored_before_it(client):
    from importlib import import_module

    from django.apps import apps as django_apps

    staff = StaffFactory(email="lead@iau.example")
    Authenticator.objects.create(user=staff, type="totp", data={"secret": SECRET})
    migration = import_module("apps.accounts.migrations.0006_authenticator_secrets_encrypted")

    migration.encrypt(django_apps, None)

    stored = Authenticator.objects.get(user=staff).data["secret"]
    assert stored.startswith("fernet:") and SECRET not in stored
    _sign_in_with_password(client, "lead@iau.example")
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(SECRET)}).status_code == 302
    migration.decrypt(django_apps, None)
    assert Authenticator.objects.get(user=staff).data["secret"] == SECRET
