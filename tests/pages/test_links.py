"""No link to nowhere: crawl the demo site as a visitor and as each demo member.

Starting from every app's `demo.pages_to_check()`, follow internal links breadth first (a bounded
number of pages per account) and fail on an empty `href` or an internal link that answers 404 or 500.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.accounts.models import User
from apps.core.plugins import app_modules
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

PAGES_PER_ACCOUNT = 150
HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.IGNORECASE)
# Files and actions, not pages: static assets, uploads, and signing out (which a GET would only ask about).
NOT_CRAWLED = ("/static/", "/media/", "/accounts/logout/", "/admin/")


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", verbosity=0)


def _start_pages() -> list[str]:
    return sorted({path for module in app_modules("demo") for path, _ in module.pages_to_check()})


def _member_accounts() -> list[str]:
    return list(
        User.objects.filter(email__endswith="@demo.example", is_staff=False)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _internal_path(base: str, href: str) -> str | None:
    """The site-relative path (with query) an href leads to, or None when it leaves the site."""
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != site.netloc):
        return None
    if parts.netloc == "" and parts.scheme:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _crawl(client, starts: list[str]) -> tuple[list, int]:
    problems = []
    seen = set(starts)
    queue = deque((path, None) for path in starts)
    visited = 0
    while queue and visited < PAGES_PER_ACCOUNT:
        path, linked_from = queue.popleft()
        response = client.get(path)
        visited += 1
        broken = response.status_code >= 500 or (linked_from is not None and response.status_code == 404)
        if broken:
            problems.append((path, response.status_code, f"linked from {linked_from}"))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            if not href.strip():
                problems.append((path, "empty href", ""))
                continue
            target = _internal_path(f"http://testserver{path}", href.strip())
            if target is None or target.startswith(NOT_CRAWLED) or target in seen:
                continue
            seen.add(target)
            queue.append((target, path))
    return problems, visited


def test_no_demo_page_links_to_nowhere_for_visitors_or_members(demo, client):
    client.raise_request_exception = False
    all_starts = _start_pages()
    problems = []
    visited = {}
    public, visited["visitor"] = _crawl(client, all_starts)
    problems += [("visitor", *problem) for problem in public]
    members = _member_accounts()
    assert members, "the demo has member accounts"
    for email in members:
        client.logout()
        sign_in(client, User.objects.get(email=email))
        found, visited[email] = _crawl(client, all_starts)
        problems += [(email, *problem) for problem in found]
    assert problems == []
    assert min(visited.values()) >= 40, visited  # the crawl reached well beyond the start pages


def test_the_home_page_guides_block_links_to_its_section(demo, client):
    response = client.get("/")
    html = response.content.decode()
    assert 'href=""' not in html
    assert re.search(r'<a href="/pages/#[a-z0-9-]+">All ', html)
