"""Signing people in, in tests, through the same doors a person uses.

`sign_in(client, user)` starts a session for `user` (Django's `force_login`: the password is the first
factor and not what these tests are about). A staff account then passes the second factor **through the
real page**: it has an authenticator app (the demo secret) and posts the code its app shows now to
allauth's "enter your code" page, so the session holds allauth's own record of it. Nothing writes that
record by hand, and nothing patches the client: a test that wants staff powers signs in like this, and a
test of what staff *without* the second factor get uses `sign_in_without_second_factor`.
"""

import time

from django.test import Client
from django.urls import reverse


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for this secret now (RFC 6238, as allauth checks)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def give_totp(user, secret: str | None = None):
    """Give `user` an authenticator app with this secret (default: settings.DEMO_TOTP_SECRET)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret or settings.DEMO_TOTP_SECRET).instance


def sign_in_without_second_factor(client: Client, user) -> Client:
    """A session with no record of any second factor (a password only)."""
    client.force_login(user)
    return client


TEST_PASSWORD = "a-long-test-password"  # tests/factories/accounts.py gives every account this one


def enter_second_factor_code(client: Client, url: str, secret: str | None = None):
    """Post the code the authenticator app shows now to allauth's code page at `url`.

    allauth accepts each code once; with MFA_TOTP_TOLERANCE the codes of the windows either side are
    accepted too, so a test that signs the same account in twice still has a fresh one.
    """
    from django.conf import settings

    secret = secret or settings.DEMO_TOTP_SECRET
    for offset in (0, 30, -30):
        response = client.post(url, {"code": totp_code(secret, at=time.time() + offset)})
        if response.status_code == 302:
            return response
    raise AssertionError(f"The code page {url} refused every current code: {response.status_code}")


def sign_in(client: Client, user, password: str | None = None) -> Client:
    """`user` signed in as they would be.

    Members: a session (`force_login`). Staff and superusers: the sign-in page with their password, then
    the code of their authenticator app on allauth's "two-factor authentication" page, so the session
    holds exactly what a real sign-in leaves there (the code counts as a second factor, not as a recent
    "confirm it's you").
    """
    if not (user.is_staff or user.is_superuser):
        return sign_in_without_second_factor(client, user)
    if password is None:
        from django.conf import settings

        # Factory accounts have the test password; the seeded demo accounts have the demo one.
        password = settings.DEMO_PASSWORD if user.check_password(settings.DEMO_PASSWORD) else TEST_PASSWORD
    give_totp(user)
    client.logout()  # a client that was someone else a moment ago signs in afresh
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    code_page = reverse("mfa_authenticate")
    assert response.status_code == 302 and response["Location"].startswith(code_page), (
        f"Signing in {user.email} with a password did not lead to the code page: "
        f"{response.status_code} {response.get('Location', '')}"
    )
    enter_second_factor_code(client, code_page)
    assert client.session.get("_auth_user_id") == str(user.pk), f"{user.email} is not signed in"
    return client
