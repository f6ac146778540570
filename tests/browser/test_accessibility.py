"""Every page that the demo content reaches passes axe-core (WCAG 2.2 A and AA) with zero violations.

Each app lists its pages in `apps/<app>/demo.py::pages_to_check()`, so a new page joins this test by
being listed there. A path with `/no-such-` in it stands for a missing page: it must answer with the
friendly 404 page (status 404), which is checked like every other page.
"""

import pytest

from .conftest import axe_violations, pages_by_account

pytestmark = pytest.mark.browser

# Every page the apps list, with the accounts they are listed for (a sweep that reached fewer has lost some).
MIN_LISTED_PAGES = 90
# The pages are opened once for all the page-by-page checks (`demo_crawl` in conftest.py).
_pages_by_account = pages_by_account


def test_every_demo_page_has_no_accessibility_violations_or_csp_errors(demo_crawl):
    problems = {}
    checked = 0
    for visit in demo_crawl.visits:
        if visit.wrong:
            problems[visit.label] = visit.wrong
            continue
        if visit.axe:
            problems[visit.label] = visit.axe
        if visit.csp_errors:
            problems[visit.label + " CSP"] = visit.csp_errors
        checked += 1

    assert problems == {}
    assert demo_crawl.traffic.problems() == []
    assert checked >= MIN_LISTED_PAGES, checked


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


def test_every_checked_page_has_exactly_one_h1(demo_crawl):
    counts = {visit.label: visit.wrong or visit.h1_count for visit in demo_crawl.visits}

    assert {label: count for label, count in counts.items() if count != 1} == {}
    assert len(counts) >= MIN_LISTED_PAGES, len(counts)
    assert demo_crawl.traffic.problems() == []


def test_a_page_whose_stylesheet_is_missing_fails_the_traffic_check(demo_site, page, traffic):
    # Guards the guard: an error answer for a file of ours, not only for the page, is noticed.
    page.goto(demo_site.url + "/robots.txt")  # a page of ours, so the stylesheet is asked of our server
    page.set_content('<html lang="en"><head><link rel="stylesheet" href="/static/nothing.css"></head></html>')
    page.wait_for_load_state("networkidle")

    assert [problem.split()[:2] for problem in traffic.problems()] == [
        ["404", "stylesheet"],
        ["failed", "stylesheet"],
    ]
    traffic.allow("/static/nothing.css", 404, "asked for on purpose, to see the check notice it")


def test_axe_reports_a_page_with_a_known_violation(browser, page):
    # Guards the guard: if axe were not really running, every page would "pass".
    tiny_gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    page.set_content(f'<html lang="en"><body><main><img src="{tiny_gif}"></main></body></html>')
    assert "image-alt" in [violation["id"] for violation in axe_violations(page)]
