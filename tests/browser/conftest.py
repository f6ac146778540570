"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, with axe-core from npm.

On a laptop without Chromium or node_modules these tests skip with the reason; CI sets
REQUIRE_BROWSER=1, which turns a missing browser into a failure instead.
"""

import os
import time
from pathlib import Path

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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The live server with the whole demo content, as `make demo` shows it."""
    settings.SITE_URL = live_server.url
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server


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


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules over the current page."""
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))",
        WCAG_TAGS,
    )
