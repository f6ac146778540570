"""While PostgreSQL cannot be reached, pages answer a friendly 503: no stack trace, no database query.

Runs the portal with production settings in a child process whose DATABASE_URL points at a closed port
(cheap: nothing listens there, so every connection is refused at once). The full stop-and-start check
against a real PostgreSQL and gunicorn is scripts/database_restart_check.sh.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from django.test import Client
# As a browser meets it: an error raised outside a view (a middleware reading the session) is answered
# by the error handler, not re-raised into the test.
client = Client(HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
client.cookies["sessionid"] = "a-session-that-would-need-the-database"
answers = {}
for path in ["/", "/publications/", "/seminars/", "/pages/privacy-notice/", "/healthz"]:
    response = client.get(path, secure=True)
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }
print("ANSWERS" + json.dumps(answers))
"""


# Production settings, except static files from the source folders (no collectstatic manifest here).
SETTINGS = """
from iau_portal.settings.production import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def test_pages_answer_a_friendly_503_while_the_database_is_unreachable(tmp_path):
    (tmp_path / "production_here.py").write_text(SETTINGS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "PYTHONPATH": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "production_here",
            "DJANGO_SECRET_KEY": "a-long-random-enough-secret-for-this-test-only-0123456789",
            "DJANGO_ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing_listens_here",
            "CACHE_URL": "locmemcache://",
            "MEDIA_ROOT": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.split("ANSWERS", 1)[1])
    for path in ["/", "/publications/", "/seminars/", "/pages/privacy-notice/"]:
        answer = answers[path]
        assert (path, answer["status"], answer["retry_after"]) == (path, 503, "30")
        assert "<h1>The website is taking a short break</h1>" in answer["body"]
        assert "Traceback" not in answer["body"]
        assert "OperationalError" not in answer["body"]
    assert answers["/healthz"]["status"] == 503
    assert json.loads(answers["/healthz"]["body"])["checks"]["database"] == "error: OperationalError"


class DatabaseGoneBeforeTheViewMiddleware:
    """Stands for any middleware that reads the database (a session, a user) and finds it gone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import OperationalError

        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_database_error_outside_a_view_gets_the_same_503_page(client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.core.test_database_unavailable.DatabaseGoneBeforeTheViewMiddleware",
    ]
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 503
    assert "The website is taking a short break" in response.content.decode()


@pytest.mark.django_db
def test_other_server_errors_still_get_the_500_page(client, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.core.test_database_unavailable.BrokenMiddleware"]
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


class BrokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("a bug, not the database")
