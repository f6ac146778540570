import pytest
from django.test import Client

from tests.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files from one test never leak into another or into the developer's media folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Abuse-limit counters, the page cache, cached sessions and allauth's used codes live in the cache:
    # each test starts with nothing in it, so one test's forms never count against the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; the portal's mail goes to it over SMTP."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


# Two-factor sign-in in tests ------------------------------------------------------------------------
# Staff reach the admin and staff pages only after a second factor (apps.accounts.middleware). A test
# that calls `client.force_login(staff_user)` means "a member of staff who signed in properly", so the
# autouse fixture below gives that user an authenticator app and marks the session as having used it.
# Tests of two-factor sign-in itself opt out with `@pytest.mark.real_second_factor` and sign in through
# the pages, with real codes from `totp_code(secret)`.


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for this secret now (RFC 6238, as allauth checks)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def give_totp(user, secret: str | None = None):
    """Give `user` an authenticator app with this secret (default: settings.DEMO_TOTP_SECRET)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret or settings.DEMO_TOTP_SECRET).instance


def mark_second_factor_passed(client, user) -> None:
    """Record in the client's session that `user` entered a code from their authenticator app."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    authenticator = give_totp(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def sign_in_with_second_factor(client, user) -> None:
    """A staff client signed in with two-factor sign-in completed (and an authenticator app)."""
    force_login_without_second_factor(client, user)
    mark_second_factor_passed(client, user)


# Django's own force_login: a session with no record of any second factor.
force_login_without_second_factor = Client.force_login


@pytest.fixture(autouse=True)
def _staff_force_login_passes_second_factor(request, monkeypatch):
    if request.node.get_closest_marker("real_second_factor"):
        return

    def force_login(self, user, backend=None):
        force_login_without_second_factor(self, user, backend)
        if user.is_staff:
            mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def staff_client(client):
    """`staff_client(user)`: the test client signed in as `user` with two-factor sign-in completed."""

    def sign_in(user):
        sign_in_with_second_factor(client, user)
        return client

    return sign_in
