import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _run_with_production_settings(extra_env: dict) -> subprocess.CompletedProcess:
    # Not the test run's own switches: the browser tests allow database calls beside Playwright's event
    # loop for this process (DJANGO_ALLOW_ASYNC_UNSAFE), which a deployment never sets.
    own = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in own}
    env.update({"DJANGO_SETTINGS_MODULE": "iau_portal.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_with_production_settings({"DJANGO_ALLOWED_HOSTS": "portal.example.org"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _run_with_production_settings(
        {
            "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-enough-production-secret-value-1234",
            "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        }
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
