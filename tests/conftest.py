import pytest

from tests.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files from one test never leak into another or into the developer's media folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")


@pytest.fixture(autouse=True)
def _fresh_limits():
    # Abuse-limit counters live in the cache: one test's registrations never count against the next.
    from django.core.cache import cache

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


@pytest.fixture
def reauthenticated():
    """Confirm the password again on allauth's page, as a member does before downloading their data."""

    def confirm(client, password="a-long-test-password"):
        response = client.post("/accounts/reauthenticate/", {"password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return response

    return confirm
