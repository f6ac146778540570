"""No link to nowhere: crawl the demo site as a visitor and as each demo member.

Starting from every app's `demo.pages_to_check()`, follow internal links breadth first (a bounded
number of pages per account) and fail on an empty `href` or an internal link that answers 404 or 500.
Each crawled page's own files (stylesheets, icons, images, scripts under /static/ and /media/) are asked
for too, with the same session, through every middleware: each must answer 200. (A stylesheet that
failed only for people with a session cookie once left every signed-in page unstyled.)
"""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings

from apps.accounts.models import User
from apps.core.plugins import app_modules
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

PAGES_PER_ACCOUNT = 150
HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.IGNORECASE)
# Files and actions, not pages: static assets, uploads, and signing out (which a GET would only ask about).
NOT_CRAWLED = ("/static/", "/media/", "/accounts/logout/", "/admin/")
# The files a page loads itself, asked for once per account (they are the same on every page).
FILES = ("/static/", "/media/")
# Every account's pages load at least the stylesheet, the icon and the photo put on a profile below.
MIN_FILES_PER_ACCOUNT = 3
MIN_PAGES_PER_ACCOUNT = 100
# Pages reached by following a link, not listed as a start page (19 today: the apps list most pages as
# start pages themselves, impact stories and case studies among them).
MIN_FOLLOWED_PER_ACCOUNT = 15


class _Subresources(HTMLParser):
    """The addresses of what a page loads: linked stylesheets and icons, images, scripts."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").lower().split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)) and attributes.get("href"):
            self.found.append(attributes["href"])
        elif tag in ("img", "script", "source") and attributes.get("src"):
            self.found.append(attributes["src"])
        for candidate in (attributes.get("srcset") or "").split(","):
            if candidate.strip():
                self.found.append(candidate.split()[0])


def _subresources(html: str) -> list[str]:
    parser = _Subresources()
    parser.feed(html)
    return parser.found


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("seed_demo", verbosity=0)
    # The demo has no uploads; one public photo puts a /media/ file on the pages the crawl reaches.
    from apps.people.models import Profile

    profile = Profile.objects.get(slug="chris-champion")
    profile.photo_alt_text = "Chris Champion smiling"
    profile.photo.save("chris-champion.png", ContentFile(_png()), save=True)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (24, 24), (22, 58, 100)).save(buffer, format="PNG")
    return buffer.getvalue()


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
    # Ours: the test client's own host (what a relative link resolves to) or the site's address.
    ours = {urlsplit(base).netloc, urlsplit(settings.SITE_URL).netloc}
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc not in ours):
        return None
    if parts.netloc == "" and parts.scheme:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _crawl(client, starts: list[str], files: dict[str, int]) -> tuple[list, int, int]:
    """Crawl from `starts`; `files` gathers each of our files the pages load, with the status it answered.

    Returns the problems, the pages visited and how many of those were reached by following a link.
    """
    problems = []
    seen = set(starts)
    queue = deque((path, None) for path in starts)
    visited = followed = 0
    while queue and visited < PAGES_PER_ACCOUNT:
        path, linked_from = queue.popleft()
        response = client.get(path)
        visited += 1
        followed += linked_from is not None
        broken = response.status_code >= 500 or (linked_from is not None and response.status_code == 404)
        if broken:
            problems.append((path, response.status_code, f"linked from {linked_from}"))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for source in _subresources(html):
            target = _internal_path(f"http://testserver{path}", source.strip())
            if target is None or not target.startswith(FILES) or target in files:
                continue
            answer = client.get(target)
            files[target] = answer.status_code
            if answer.streaming:
                # Read to the end, which closes it as the test client does; a close() by hand would send
                # request_finished, and Django would close the test's database connection on PostgreSQL.
                b"".join(answer.streaming_content)
            if answer.status_code != 200:
                problems.append((target, answer.status_code, f"loaded by {path}"))
        for href in HREF.findall(html):
            if not href.strip():
                problems.append((path, "empty href", ""))
                continue
            target = _internal_path(f"http://testserver{path}", href.strip())
            if target is None or target.startswith(NOT_CRAWLED) or target in seen:
                continue
            seen.add(target)
            queue.append((target, path))
    return problems, visited, followed


# WhiteNoise finds the files where they are written (no collectstatic in tests), behind the same middleware.
@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_no_demo_page_links_to_nowhere_or_fails_to_load_its_files_for_visitors_or_members(demo, client):
    client.raise_request_exception = False
    all_starts = _start_pages()
    problems = []
    visited = {}
    followed = {}
    files = {}
    files["visitor"] = {}
    public, visited["visitor"], followed["visitor"] = _crawl(client, all_starts, files["visitor"])
    problems += [("visitor", *problem) for problem in public]
    members = _member_accounts()
    assert len(members) >= 4, "the demo has member accounts"
    for email in members:
        client.logout()
        sign_in(client, User.objects.get(email=email))
        assert client.cookies.get(settings.SESSION_COOKIE_NAME), f"{email} has no session cookie"
        files[email] = {}
        found, visited[email], followed[email] = _crawl(client, all_starts, files[email])
        problems += [(email, *problem) for problem in found]
    print(f"pages {visited}, by a link {followed}, files { ({a: len(f) for a, f in files.items()}) }")
    assert problems == []
    assert min(visited.values()) >= MIN_PAGES_PER_ACCOUNT, visited
    assert min(followed.values()) >= MIN_FOLLOWED_PER_ACCOUNT, followed  # well beyond the start pages
    counts = {account: len(loaded) for account, loaded in files.items()}
    assert min(counts.values()) >= MIN_FILES_PER_ACCOUNT, counts
    every_file = {path for loaded in files.values() for path in loaded}
    assert {"/static/css/portal.css", "/static/img/favicon.svg"} <= every_file
    assert any(path.startswith("/media/") for path in every_file), "no upload was checked"


def test_the_home_page_guides_block_links_to_its_section(demo, client):
    response = client.get("/")
    html = response.content.decode()
    assert 'href=""' not in html
    assert re.search(r'<a href="/pages/#[a-z0-9-]+">All ', html)
