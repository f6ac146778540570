"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, with axe-core from npm.

On a laptop without Chromium or node_modules these tests skip with the reason; CI sets
REQUIRE_BROWSER=1, which turns a missing browser into a failure instead.

Every page a test opens (the `page` fixture, or `new_page(browser, traffic)`) has all its traffic recorded:
each response, the stylesheets, images and icons included, and each request that failed. A test fails when
any of our own (same-origin) responses answered 4xx or 5xx or a request of ours failed, unless the test
allowed that one answer on purpose with `traffic.allow(path, status, reason)`.
"""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.auth import totp_code
from tests.database import reset_sequences

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Chromium's own background traffic has nowhere to go on a closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _missing_browser_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE_JS.exists():
        return f"axe-core not found at {AXE_JS} (npm ci)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required here but cannot run: {reason}")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django refuses database calls from a
    # thread with a running loop unless told this is deliberate (the test, not a request, touches it).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


# Where our own server answers in tests: the live server and the production-like one, on the loopback.
OUR_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Traffic:
    """Every response and failed request the watched pages saw (`watch`), and which of ours went wrong."""

    responses: list[tuple[str, int, str]] = field(default_factory=list)  # (url, status, resource type)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (url, error, resource type)
    allowed: dict[tuple[str, int], str] = field(default_factory=dict)  # (path, status) -> why

    def watch(self, page):
        page.on(
            "response",
            lambda response: self.responses.append(
                (response.url, response.status, response.request.resource_type)
            ),
        )
        page.on(
            "requestfailed",
            lambda request: self.failed.append(
                (request.url, request.failure or "failed", request.resource_type)
            ),
        )
        return page

    def allow(self, path: str, status: int, reason: str) -> None:
        """An answer a test asks for on purpose (a 404 page, a 429 page), with the reason it is fine."""
        assert reason, "say why this answer is fine"
        self.allowed[(path, status)] = reason

    def ours(self) -> list[tuple[str, int, str]]:
        return [item for item in self.responses if _is_ours(item[0])]

    def problems(self) -> list[str]:
        found = []
        for url, status, kind in self.ours():
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            allowed = (path, status) in self.allowed or (parts.path, status) in self.allowed
            if status >= 400 and not allowed:
                found.append(f"{status} {kind} {url}")
        allowed_paths = {path for path, _ in self.allowed}
        for url, error, kind in self.failed:
            # A stylesheet answered with an allowed 404 is also reported as aborted: that is the same answer.
            if not _is_ours(url) or urlsplit(url).path in allowed_paths:
                continue
            # Chromium asks for the icon on its own ("other") after the page has loaded, and drops that
            # request when the test moves on to the next page: a cancellation, not an answer. The icon
            # itself is asked for with the session in tests/browser/test_production_sweep.py.
            if kind == "other" and error == "net::ERR_ABORTED":
                continue
            found.append(f"failed {kind} {url}: {error}")
        return found


def _is_ours(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in OUR_HOSTS


@pytest.fixture
def traffic():
    """What the test's pages asked of our server; the test fails on any 4xx/5xx or failed request of ours."""
    recorded = Traffic()
    yield recorded
    problems = recorded.problems()
    assert problems == [], f"Our server answered with an error or a request failed: {problems}"


def new_page(browser, traffic: Traffic, **options):
    """A fresh browser context and page whose traffic is recorded; close the context when done."""
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
    context = browser.new_context(**options)
    return context, traffic.watch(context.new_page())


@pytest.fixture
def page(browser, traffic):
    context, opened = new_page(browser, traffic)
    yield opened
    context.close()


class SharedDemo:
    """One seeded demo for the browser tests that only look at it, shared while any of them needs it.

    The first user seeds the demo (committed: the live server's requests see it); the last one puts the
    database back as it found it (emptied, then the rows it held before, those of the migrations). Seeding
    takes seconds; the same demo seeded once per module, not once per test, saves most of them.
    """

    users = 0
    site = None
    server = None  # started once, for the whole run, like pytest-django's `live_server`

    @classmethod
    def acquire(cls, django_db_blocker, folder: Path):
        from django.test import override_settings
        from pytest_django.live_server_helper import LiveServer

        if cls.users == 0:
            with django_db_blocker.unblock():
                # A live server of its own: pytest-django's `live_server` would make each test that asks
                # for it transactional (the database emptied after every test, the demo with it).
                if cls.server is None:
                    cls.server = LiveServer("localhost")
                server = cls.server
                media = folder / "media"
                private_media = folder / "private-media"
                overrides = override_settings(
                    SITE_URL=server.url, MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=str(private_media)
                )
                overrides.enable()
                from django.db import connection

                before = connection.creation.serialize_db_to_string()
                try:
                    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
                except BaseException:
                    # The next tests must not inherit this module's settings (its SITE_URL above all).
                    overrides.disable()
                    raise
                cls.site = SeededSite(
                    url=server.url,
                    media_root=media,
                    private_media_root=private_media,
                    overrides=overrides,
                    rows=_row_counts(),
                    before=before,
                )
        cls.users += 1
        return cls.site

    @classmethod
    def release(cls, django_db_blocker) -> None:
        cls.users -= 1
        if cls.users:
            return
        site, cls.site = cls.site, None
        with django_db_blocker.unblock():
            site.overrides.disable()
            from django.db import connection

            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(site.before)
            reset_sequences()


@dataclass
class SeededSite:
    url: str
    media_root: Path
    private_media_root: Path
    overrides: object
    rows: dict[str, int]
    before: str  # the database as the first user found it (serialized)


# Rows that signing in adds: the session, and the account's history (its last sign-in time changed).
_SIGN_IN_TABLES = {"django_session", "accounts_historicaluser"}


def _row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table in _SIGN_IN_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture(scope="module")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    # The database stays open for the module: the live server's thread answers while the tests run.
    with django_db_blocker.unblock():
        site = SharedDemo.acquire(django_db_blocker, tmp_path_factory.mktemp("demo-site"))
        yield site
        SharedDemo.release(django_db_blocker)


@pytest.fixture
def demo_site(_shared_demo, db):
    """A live server with the whole demo content, as `make demo` shows it, for tests that only look.

    Shared by the tests of a module (seeded once). A test that adds or removes rows fails here, naming
    the tables: a test that changes the demo asks for `fresh_demo_site` instead.
    """
    yield _shared_demo
    after = _row_counts()
    changed = {
        table: f"{_shared_demo.rows.get(table)} -> {count}"
        for table, count in after.items()
        if _shared_demo.rows.get(table) != count
    }
    assert changed == {}, f"This test changed the shared demo; use fresh_demo_site: {changed}"


@pytest.fixture
def fresh_demo_site(transactional_db, live_server, settings):
    """The live server with the whole demo content seeded for this test alone (it may change it).

    The test before may have been one that emptied the database: `seed_demo` puts back what the demo
    needs of the rows the migrations made (the role groups, the benefits limit it uses). Restoring the
    migrations' rows by `serialized_rollback` instead collides with the content types that emptying
    makes again.
    """
    settings.SITE_URL = live_server.url
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


# Where a listed page may send the browser on purpose, and why: the page reached is checked in its place.
DELIBERATE_REDIRECTS = {
    "/accounts/reauthenticate/": "changing how you sign in asks you to confirm it's you first",
}


def expected_status(path: str) -> int:
    """A listed page answers 200; a path with `/no-such-` in it stands for a missing page: the 404 page."""
    return 404 if "/no-such-" in path else 200


def open_listed_page(page, base_url: str, path: str, traffic: Traffic) -> str | None:
    """Open one of the pages the apps list; what is wrong with its answer (None: nothing).

    A page that answers anything but its expected status, or that sends the browser elsewhere (to the
    sign-in page, say), is a failure, never a page quietly left out.
    """
    expected = expected_status(path)
    if expected != 200:
        traffic.allow(path, expected, "a missing page is listed on purpose: the friendly 404 page")
    response = page.goto(base_url + path)
    if response is None:
        return "no response"
    if response.request.redirected_from is not None and not urlsplit(response.url).path.startswith(
        tuple(DELIBERATE_REDIRECTS)
    ):
        return f"sent elsewhere: {response.url}"
    if response.status != expected:
        return f"HTTP {response.status}, not {expected}"
    return None


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    # Staff: a code from the demo authenticator app. allauth accepts each code once, and (MFA_TOTP_TOLERANCE,
    # 1 here as in production) also the codes of the 30-second steps either side of now: when the same
    # account signed in moments ago, the next step's code or the last one's is still one it accepts. No
    # waiting for a new code: three refused codes are a failure, not a reason to sleep.
    for offset in (0, 30, -30):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        page.fill("input[name=code]", totp_code(settings.DEMO_TOTP_SECRET, at=time.time() + offset))
        page.click("form button[type=submit]")
        page.wait_for_load_state()
    assert_signed_in(page, base_url, email)


def assert_signed_in(page, base_url: str, email: str) -> None:
    """The browser holds a signed-in session: not left on the sign-in or code page, and /me/ opens."""
    for stuck_on in ("/accounts/login/", "/accounts/2fa/authenticate/"):
        assert stuck_on not in page.url, f"Signing in as {email} ended on {page.url}"
    # The context's own cookies, no redirects followed: signed out, /me/ would send to the sign-in page.
    answer = page.request.get(f"{base_url}/me/", max_redirects=0)
    assert answer.status == 200, (
        f"Signed in as {email}, /me/ answered {answer.status} {answer.headers.get('location', '')}"
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules over the current page."""
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))",
        WCAG_TAGS,
    )


# The pages every app lists in its `demo.pages_to_check()`, by the account they are listed for (None: a
# visitor). A new page joins the crawl below, and every check, by being listed there.
def pages_by_account() -> dict[str | None, list[str]]:
    from apps.core.plugins import app_modules

    grouped: dict[str | None, list[str]] = {}
    for module in app_modules("demo"):
        for path, account in module.pages_to_check():
            grouped.setdefault(account, []).append(path)
    return grouped


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 800}

# Images without a width, a height or an alternative text (even an empty one).
IMAGES_WITHOUT_SIZE_OR_ALT_JS = (
    "() => [...document.images].filter(img => !img.getAttribute('width')"
    " || !img.getAttribute('height') || !img.hasAttribute('alt')).map(img => img.src)"
)

# After text is made twice as large: anything wider than the window, or text cut off inside its box.
OVERFLOW_JS = """() => {
  // The visually-hidden technique: a box of 1px or less that clips what is inside it.
  const hiddenOnPurpose = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      const clips = ['hidden', 'clip'].includes(style.overflowX) || style.clip === 'rect(0px, 0px, 0px, 0px)';
      if ((box.width <= 1 || box.height <= 1) && clips) return true;
    }
    return false;
  };
  // A data table may scroll sideways inside its own box (WCAG 1.4.10 excepts data tables) when that box
  // is a labelled region people can reach and scroll by keyboard; the box itself must still fit.
  const inScrollableRegion = el => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll'].includes(style.overflowX) && node.getAttribute('role') === 'region'
          && node.getAttribute('tabindex') === '0'
          && (node.hasAttribute('aria-labelledby') || node.hasAttribute('aria-label'))) return true;
    }
    return false;
  };
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + 'px > ' + width + 'px');
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip-link, script, style, head')) continue;
    // Form fields scroll their own text by design: a long search is still all there.
    if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName)) continue;
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    // Hidden on purpose for everyone but screen readers (the visually-hidden technique).
    if (hiddenOnPurpose(el)) continue;
    if (inScrollableRegion(el)) continue;
    const label = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
      + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
    if (rect.width > 0 && rect.right > width + 1) problems.push('off the right edge: ' + label);
    const clips = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY);
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      problems.push('text cut off: ' + label);
    }
  }
  return problems;
}"""


@dataclass
class PageVisit:
    """What one listed page showed: its answer, then each check's findings on that same visit."""

    account: str | None
    path: str
    wrong: str | None  # `open_listed_page`'s answer: None when the page answered as it should
    h1_count: int = 0
    axe: list[dict] = field(default_factory=list)
    csp_errors: list[str] = field(default_factory=list)
    images_without_size_or_alt: list[str] = field(default_factory=list)
    overflow_with_twice_the_text: list[str] = field(default_factory=list)
    overflow_on_a_phone: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.path} (as {self.account or 'visitor'})"


@dataclass
class DemoCrawl:
    visits: list[PageVisit]
    elsewhere: set[str]  # every address asked of any server but ours
    traffic: Traffic


def crawl_demo(browser, base_url: str) -> DemoCrawl:
    """Open every listed page once, as its account, and run every per-page check on that visit.

    On each page, in this order (each check reads the page, and the last two change only its look):
    wait until the network is idle (anything asked of another server is recorded from the first
    request on), count the h1s, list images without size or alternative text, run axe-core and read the
    console's CSP errors, then make the text twice its size (WCAG 1.4.4) and look for anything cut off
    or off the edge, then set the text back and narrow the window to a 320 px phone (WCAG 1.4.10: the
    stylesheet's media queries apply on resize as on load; the only script, word-count.js, does not
    look at the width) and look again. The window is 1280 x 900 again before the next page opens.
    """
    traffic = Traffic()
    visits: list[PageVisit] = []
    elsewhere: set[str] = set()
    for account, paths in pages_by_account().items():
        context, page = new_page(browser, traffic)
        csp_errors: list[str] = []
        page.on(
            "console",
            lambda message, errors=csp_errors: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith((base_url + "/", "data:")) else elsewhere.add(request.url)
            ),
        )
        if account:
            sign_in(page, base_url, account, settings.DEMO_PASSWORD)
        for path in paths:
            page.set_viewport_size(DESKTOP)
            wrong = open_listed_page(page, base_url, path, traffic)
            visit = PageVisit(account=account, path=path, wrong=wrong)
            page.wait_for_load_state("networkidle")
            visits.append(visit)
            if visit.wrong:
                continue
            visit.h1_count = page.locator("h1").count()
            visit.images_without_size_or_alt = page.evaluate(IMAGES_WITHOUT_SIZE_OR_ALT_JS)
            visit.axe = axe_violations(page)
            visit.csp_errors = list(csp_errors)
            csp_errors.clear()
            # Text-only resize (WCAG 1.4.4): the root font size, which every size in the stylesheet follows.
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            visit.overflow_with_twice_the_text = page.evaluate(OVERFLOW_JS)
            page.evaluate("document.documentElement.style.fontSize = '100%'")
            page.set_viewport_size(PHONE)
            visit.overflow_on_a_phone = page.evaluate(OVERFLOW_JS)
        context.close()
    return DemoCrawl(visits=visits, elsewhere=elsewhere, traffic=traffic)


@pytest.fixture(scope="session")
def _demo_crawl(browser, django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        site = SharedDemo.acquire(django_db_blocker, tmp_path_factory.mktemp("demo-crawl"))
        try:
            return crawl_demo(browser, site.url)
        finally:
            SharedDemo.release(django_db_blocker)


@pytest.fixture
def demo_crawl(_demo_crawl, db):
    """Every listed demo page opened once for the whole run; the page-by-page tests read its findings.

    Five tests used to open all of them again each (a hundred pages, a minute a time). The findings are
    kept as found; each test asserts on the part it is about, and on the crawl's traffic.
    """
    return _demo_crawl


def pytest_sessionfinish(session):
    """A preparation the sweep never used (its tests skipped or the run stopped early) is cleaned up."""
    import sys

    sweep = sys.modules.get("tests.browser.test_production_sweep")
    for preparation in getattr(sweep, "PREPARATION", []):
        preparation.clean_up()
