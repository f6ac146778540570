import pytest

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


# Signing in: tests/auth.py. Staff pass the second factor through allauth's own page there; no fixture
# patches the test client, so a test that forgets to sign staff in properly gets no staff powers.


@pytest.fixture
def staff_client(client):
    """`staff_client(user)`: the test client signed in as `user`, the second factor passed on its page."""
    from tests.auth import sign_in

    def signed_in(user):
        return sign_in(client, user)

    return signed_in
