"""Every page that the demo content reaches passes axe-core (WCAG 2.2 A and AA) with zero violations.

Each app lists its pages in `apps/<app>/demo.py::pages_to_check()`, so a new page joins this test by
being listed there. A path with `/no-such-` in it stands for a missing page: it must answer with the
friendly 404 page (status 404), which is checked like every other page.
"""

import pytest
from django.conf import settings

from apps.core.plugins import app_modules

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def expected_status_ok(path: str, status: int) -> bool:
    if "/no-such-" in path:
        return status == 404
    return status < 400


def _pages_by_account() -> dict[str | None, list[str]]:
    grouped: dict[str | None, list[str]] = {}
    for module in app_modules("demo"):
        for path, account in module.pages_to_check():
            grouped.setdefault(account, []).append(path)
    return grouped


def test_every_demo_page_has_no_accessibility_violations_or_csp_errors(demo_site, browser):
    password = settings.DEMO_PASSWORD
    problems = {}
    checked = 0
    for account, paths in _pages_by_account().items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        csp_errors = []
        page.on(
            "console",
            lambda message, errors=csp_errors: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        if account:
            sign_in(page, demo_site.url, account, password)
        for path in paths:
            response = page.goto(demo_site.url + path)
            label = f"{path} (as {account or 'visitor'})"
            if response is None or not expected_status_ok(path, response.status):
                problems[label] = f"HTTP {response.status if response else 'no response'}"
                continue
            violations = axe_violations(page)
            if violations:
                problems[label] = violations
            if csp_errors:
                problems[label + " CSP"] = list(csp_errors)
                csp_errors.clear()
            checked += 1
        context.close()

    assert problems == {}
    assert checked >= 5


def test_skip_link_is_first_and_moves_focus_to_main_content(demo_site, page):
    page.goto(demo_site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_pages_have_exactly_one_h1(demo_site, page):
    for path in ("/", "/accounts/login/"):
        page.goto(demo_site.url + path)
        assert page.locator("h1").count() == 1, path


def test_every_checked_page_has_exactly_one_h1(demo_site, browser):
    password = settings.DEMO_PASSWORD
    counts = {}
    for account, paths in _pages_by_account().items():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        if account:
            sign_in(page, demo_site.url, account, password)
        for path in paths:
            page.goto(demo_site.url + path)
            counts[f"{path} (as {account or 'visitor'})"] = page.locator("h1").count()
        context.close()

    assert {label: count for label, count in counts.items() if count != 1} == {}
    assert len(counts) >= 5


def test_axe_reports_a_page_with_a_known_violation(browser, page):
    # Guards the guard: if axe were not really running, every page would "pass".
    tiny_gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    page.set_content(f'<html lang="en"><body><main><img src="{tiny_gif}"></main></body></html>')
    assert "image-alt" in [violation["id"] for violation in axe_violations(page)]
