"""Plugin discovery is worked out once per process, not on every page view; every app's demo pages open."""

import pytest
from django.core.management import call_command
from django.test import Client

from apps.accounts.models import User
from apps.core.plugins import _app_modules, app_modules
from tests.auth import sign_in


def test_plugin_modules_are_looked_up_once_and_reused():
    _app_modules.cache_clear()
    first = app_modules("search")
    misses = _app_modules.cache_info().misses

    again = app_modules("search")

    assert again == first
    assert _app_modules.cache_info().misses == misses
    assert [module.__name__ for module in first][:2] == ["apps.people.search", "apps.communities.search"]


# --- every app's demo pages, for the accounts they are listed for -------------------------------------

# Where a listed page may send its account on purpose, and why (anything else that is not 200 fails).
DELIBERATE_REDIRECTS = {
    "/accounts/reauthenticate/": "changing how you sign in asks you to confirm it's you first",
}
MIN_LISTED_PAGES = 90


def listed_page_problem(path: str, response) -> str | None:
    """What is wrong with a listed page's answer: it must be 200 (the 404 page for `/no-such-`)."""
    expected = 404 if "/no-such-" in path else 200
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(tuple(DELIBERATE_REDIRECTS)):
        return None
    if response.status_code != expected:
        return f"{response.status_code} {location}".strip()
    return None


@pytest.mark.django_db
def test_every_apps_demo_pages_open_for_the_accounts_they_are_listed_for(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", verbosity=0)
    clients: dict[str | None, Client] = {}
    problems = {}
    per_app = {}
    for module in app_modules("demo"):
        pages = module.pages_to_check()
        per_app[module.__name__] = len(pages)
        for path, account in pages:
            if account not in clients:  # each account signs in once (staff with their code)
                clients[account] = client = Client(raise_request_exception=False)
                if account:
                    sign_in(client, User.objects.get(email=account), password=settings.DEMO_PASSWORD)
            problem = listed_page_problem(path, clients[account].get(path))
            if problem:
                problems[f"{path} (as {account or 'visitor'})"] = problem

    assert problems == {}
    assert [name for name, count in per_app.items() if count == 0] == []
    assert len(per_app) >= 10, per_app
    assert sum(per_app.values()) >= MIN_LISTED_PAGES, per_app
