"""Bad input never makes a 500: every demo page with nasty query strings, every form with junk posted."""

import re

import pytest
from django.conf import settings
from django.test import Client

from apps.accounts.models import User
from apps.core.plugins import app_modules
from tests.auth import sign_in
from tests.core.test_plugins import listed_page_problem

pytestmark = pytest.mark.django_db

NASTY_QUERIES = [
    "page=-1",
    "page=99999999999999999999999",
    "page=abc",
    "q=" + "x" * 5000,
    "q=%00%ff%fe",
    "year=-5&series=999999999999&topic=%27%22%3C&kind=unknown&region=nowhere",
    "start=2026-12-31&end=2020-01-01",
    "start=not-a-date&end=31%2F31%2F2026",
    "sort=__proto__&order=drop+table&format=%ff",
    "page=1&page=2&q[]=a&q=b",
    "topic=99999999999999999999&series=99999999999999999999&author=99999999999999999999"
    "&community=99999999999999999999&expertise=99999999999999999999&group=-99999999999999999999",
    "audience=%C0%AF&role=999&status=..%2F..%2Fetc",
]
JUNK_VALUES = ["", "x" * 10000, "-1", "99999999999999999999", "\x00", "2026-13-45", "'; DROP TABLE--", "%ff"]
FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ACTION = re.compile(r'action="([^"]*)"')
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"')
# Every page the apps list (with its account), and the forms found on them: fewer means pages were lost.
MIN_PAGES = 90
MIN_FORMS = 25


@pytest.fixture
def demo(seeded_demo, db):
    """The demo, seeded once for this module (tests/conftest.py): every test starts from exactly it, and
    what one test posts is rolled back before the next."""
    return seeded_demo


def _pages() -> list[tuple[str, str | None]]:
    return [page for module in app_modules("demo") for page in module.pages_to_check()]


def _signed_in_clients():
    """One client per demo account, signed in once (staff through the second factor) and reused."""
    clients = {}

    def client_for(account):
        if account not in clients:
            client = Client(raise_request_exception=False)
            if account:
                sign_in(client, User.objects.get(email=account), password=settings.DEMO_PASSWORD)
            clients[account] = client
        return clients[account]

    return client_for


def test_every_demo_page_answers_nasty_query_strings_without_a_server_error(demo):
    problems = []
    client_for = _signed_in_clients()
    pages = _pages()
    asked = 0
    for path, account in pages:
        client = client_for(account)
        # The page itself first: one that does not open for its account is a failure, not a page to skip.
        wrong = listed_page_problem(path, client.get(path))
        if wrong:
            problems.append((path, account, wrong))
            continue
        for query in NASTY_QUERIES:
            url = f"{path}{'&' if '?' in path else '?'}{query}"
            response = client.get(url)
            asked += 1
            if response.status_code >= 500:
                problems.append((url, account, response.status_code))
    assert problems == [], problems
    assert len(pages) >= MIN_PAGES, len(pages)
    assert asked == len(pages) * len(NASTY_QUERIES)


def test_every_form_on_a_demo_page_answers_empty_and_junk_posts_without_a_server_error(demo):
    problems = []
    seen = set()
    posts = 0
    client_for = _signed_in_clients()
    for path, account in _pages():
        client = client_for(account)
        page = client.get(path)
        wrong = listed_page_problem(path, page)
        if wrong:
            problems.append((path, account, "the page itself", wrong))
            continue
        if page.status_code != 200 or "text/html" not in page.headers.get("Content-Type", ""):
            continue  # a deliberate redirect (confirm it's you first), or a file: no form of its own
        html = page.content.decode()
        fields = sorted(set(FIELD_NAME.findall(html)) - {"csrfmiddlewaretoken"})
        actions = set()
        for tag in FORM_TAG.findall(html):
            if 'method="post"' in tag.lower():
                found = ACTION.search(tag)
                actions.add(found.group(1) if found and found.group(1) else path)
        for action in actions:
            action = action.replace("&amp;", "&")
            # Erasing an account, leaving a community, removing a member and signing out would take away
            # the pages the rest of the sweep opens; their own tests post bad input to them.
            destructive = ("/erase/", "/accounts/logout", "/leave/", "/remove/")
            if (action, account) in seen or any(part in action for part in destructive):
                continue
            seen.add((action, account))
            for junk in JUNK_VALUES:
                response = client.post(action, {name: junk for name in fields})
                posts += 1
                if response.status_code >= 500:
                    problems.append((action, account, repr(junk[:20]), response.status_code))
    assert problems == [], problems
    assert len(seen) >= MIN_FORMS, sorted(seen)
    assert posts == len(seen) * len(JUNK_VALUES)


def test_profile_with_an_interest_id_too_big_for_the_database_explains_it(client):
    from tests.factories.accounts import UserFactory

    sign_in(client, UserFactory())

    response = client.post("/me/profile/", {"preferred_name": "Sam", "interests": ["99999999999999999999"]})

    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/publications/%C2%B2/",
        "/publications/%C2%B2/export.bib",
        "/publications/99999999999999999999999/",
        "/communities/x/meetings/99999999999999999999/",
        "/me/involvement/activities/99999999999999999999/",
        "/communities/feed/%00.ics",
        "/publications/%00/",
        "/publications/a%00b/export.bib",
        "/seminars/registration/%ff/cancel/",
        "/notifications/unsubscribe/%00/",
        "/notifications/preferences/abc:def/",
        "/people/%C2%B2/",
    ],
)
def test_odd_keys_in_urls_answer_not_found(client, path):
    from tests.factories.accounts import UserFactory

    sign_in(client, UserFactory())

    assert client.get(path).status_code == 404
