"""No public page, feed, search result or JSON-LD ever shows a person's email address.

The worst case of the seeded demo: every account has a blank display name (so `str(user)` would be the
address) and every member has said "name me" wherever they can. A visitor then reads the home page,
every page the apps offer, every page those link to, every URL of the sitemap, the feeds and a search for
each part of every account's name and address; none may carry an address of an account.
"""

import html
import re
from collections import deque
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.accounts.models import User
from apps.communities.models import Membership
from apps.core.plugins import app_modules
from apps.impact.models import Contribution

pytestmark = pytest.mark.django_db

MAX_PAGES = 400
# Not public pages: files, the sign-in area, the admin and staff area, the member's own area, and the
# pages opened by a signed link from an email (a key: they show its holder their own address).
NOT_CRAWLED = ("/static/", "/media/", "/accounts/", "/admin/", "/staff/", "/me/")
KEY_LINKS = re.compile(r"^/(seminars/registration/|seminars/feedback/|notifications/preferences/[^/]+/)")
HREF = re.compile(r"\bhref=\"([^\"]*)\"", re.IGNORECASE)
LOC = re.compile(r"<loc>([^<]+)</loc>")
DEMO_ADDRESS = re.compile(r"[\w.+-]+@(?:demo\.example|example\.org)", re.IGNORECASE)


@pytest.fixture
def worst_case_demo(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", verbosity=0)
    names = [name for name in User.objects.values_list("display_name", flat=True) if name]
    # Every "name me" a member can give, given; no one has a display name to show instead.
    Contribution.objects.update(named=True)
    Membership.objects.update(named_publicly=True)
    User.objects.update(display_name="")
    return names


def _internal_path(base: str, href: str) -> str | None:
    url, _ = urldefrag(urljoin(base, html.unescape(href)))
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("", "http", "https") or (
        parts.netloc and parts.netloc not in (site.netloc, "testserver")
    ):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _leaks(text: str, addresses: list[str]) -> list[str]:
    readable = unquote(html.unescape(text)).lower()
    found = {address for address in addresses if address in readable}
    found.update(match.lower() for match in DEMO_ADDRESS.findall(readable))
    return sorted(found)


def _search_words(names: list[str], addresses: list[str]) -> list[str]:
    words = {part for name in names for part in re.split(r"\W+", name) if len(part) > 2}
    words.update(address.split("@")[0] for address in addresses)
    return sorted(words)


def test_no_public_page_feed_or_search_shows_an_email_address(client, worst_case_demo):
    addresses = [email.lower() for email in User.objects.values_list("email", flat=True)]
    starts = ["/", "/sitemap.xml", "/seminars/feed.ics", "/robots.txt"]
    starts += sorted(
        {
            path
            for module in app_modules("demo")
            for path, account in module.pages_to_check()
            if account is None and not KEY_LINKS.match(path)
        }
    )
    starts += [f"/search/?q={word}" for word in _search_words(worst_case_demo, addresses)]
    seen = set(starts)
    queue = deque(starts)
    problems, checked = [], []
    while queue and len(checked) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or response.get("Content-Disposition", "").startswith("attachment"):
            continue
        text = response.content.decode(errors="replace")
        checked.append(path)
        problems.extend((path, leak) for leak in _leaks(text, addresses))
        links = LOC.findall(text) if path.endswith(".xml") else HREF.findall(text)
        for href in links:
            target = _internal_path(f"http://testserver{path}", href.strip())
            if target is None or target.startswith(NOT_CRAWLED) or KEY_LINKS.match(target) or target in seen:
                continue
            seen.add(target)
            queue.append(target)

    assert problems == [], problems
    # The sweep really read the site: the home page, every list and detail, the sitemap, feeds and searches.
    assert len(checked) >= 60, checked
    assert "/involvement/impact/" in checked
    assert any(path.startswith("/communities/") and path.count("/") == 3 for path in checked)
    assert sum(path.startswith("/search/?q=") for path in checked) >= 8
