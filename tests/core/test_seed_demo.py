import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_creates_one_account_per_role_with_the_demo_password(settings):
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"

    call_command("seed_demo", verbosity=0)

    for role in ("staff", "facilitator", "link", "rug", "champion"):
        user = User.objects.get(email=f"{role}@demo.example")
        assert user.check_password("a-demo-password-for-tests")
    assert User.objects.get(email="staff@demo.example").is_staff is True
    assert User.objects.get(email="link@demo.example").is_staff is False


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    first = _row_counts()

    call_command("seed_demo", verbosity=0)

    assert _row_counts() == first
    assert first["accounts.User"] == 8


def test_seed_demo_refuses_production_settings(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="--i-know-this-is-production"):
        call_command("seed_demo", verbosity=0)

    assert not User.objects.filter(email__endswith="@demo.example").exists()


def test_seed_demo_runs_on_production_settings_only_when_told_so(settings):
    settings.PRODUCTION = True

    call_command("seed_demo", "--i-know-this-is-production", verbosity=0)

    assert User.objects.filter(email="staff@demo.example").exists()


def test_seed_demo_refuses_the_real_production_settings_module(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iau_portal.settings.production",
            "DJANGO_SECRET_KEY": "a-long-random-enough-secret-for-this-test-only-0123456789",
            "DJANGO_ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "These are production settings" in result.stderr
