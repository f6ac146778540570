import pytest
from django.apps import apps
from django.core.management import call_command

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_creates_one_account_per_role_with_the_demo_password(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")

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
