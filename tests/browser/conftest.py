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


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The live server with the whole demo content, as `make demo` shows it."""
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
    # Staff: a code from the demo authenticator app. A code is accepted once, so when the same account
    # signed in moments ago, the next step's code (still accepted) or a fresh one is used.
    for step in range(4):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        if step >= 2:
            time.sleep(30)
        page.fill("input[name=code]", totp_code(settings.DEMO_TOTP_SECRET, at=time.time() + 30 * (step % 2)))
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
