"""What axe-core cannot judge alone: keyboard use, visible focus, error messages tied to their fields,
text at twice its size, the print view, and pages that stay light and talk only to our own server.

The pages come from every app's `demo.pages_to_check()`, as in test_accessibility.py.
"""

import pytest

from .test_accessibility import MIN_LISTED_PAGES

pytestmark = pytest.mark.browser

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)

# Marks every visible focusable element with an index and returns how each looks without focus.
MARK_FOCUSABLE_JS = """selector => {
  const look = el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor,
    s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.borderBottomColor].join('|'); };
  window.__look = look;
  const found = [];
  document.querySelectorAll(selector).forEach(el => {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') return;
    el.dataset.focusIndex = String(found.length);
    const label = (el.textContent || el.name || el.id || el.tagName).trim().slice(0, 60);
    found.push({index: found.length, label: label, look: look(el)});
  });
  return found;
}"""

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.focusIndex === undefined) return null;
  const s = getComputedStyle(el);
  const outlineShows = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  return {index: Number(el.dataset.focusIndex), look: window.__look(el),
          indicator: outlineShows || s.boxShadow !== 'none'};
}"""

MIN_VISITOR_PAGES = 40


def test_home_page_is_usable_by_keyboard_with_a_visible_focus_everywhere(demo_site, page):
    page.goto(demo_site.url + "/")
    focusable = page.evaluate(MARK_FOCUSABLE_JS, FOCUSABLE)
    reached, invisible = set(), []

    for _ in range(len(focusable) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            break  # past the last element: back to the browser
        if focused["index"] in reached:
            break
        reached.add(focused["index"])
        before = focusable[focused["index"]]
        if focused["look"] == before["look"] or not focused["indicator"]:
            invisible.append(before["label"])

    assert len(focusable) >= 10
    assert invisible == []
    assert [item["label"] for item in focusable if item["index"] not in reached] == []


def test_content_page_is_usable_by_keyboard_with_a_visible_focus_everywhere(demo_site, page):
    page.goto(demo_site.url + "/pages/accessibility-statement/")
    focusable = page.evaluate(MARK_FOCUSABLE_JS, FOCUSABLE)
    reached, invisible = set(), []

    for _ in range(len(focusable) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or focused["index"] in reached:
            break
        reached.add(focused["index"])
        if focused["look"] == focusable[focused["index"]]["look"] or not focused["indicator"]:
            invisible.append(focusable[focused["index"]]["label"])

    assert invisible == []
    assert len(reached) == len(focusable)


def test_skip_link_is_visible_when_focused(demo_site, page):
    page.goto(demo_site.url + "/pages/privacy-notice/")
    page.keyboard.press("Tab")

    box = page.locator(".skip-link").bounding_box()

    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main-content"


def test_empty_sign_in_form_ties_each_error_to_its_field(demo_site, page):
    page.goto(demo_site.url + "/accounts/login/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    fields = page.evaluate(
        """() => [...document.querySelectorAll('main form [aria-invalid="true"]')].map(field => ({
          name: field.name,
          errors: (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
            .map(id => document.getElementById(id)).filter(el => el && el.classList.contains('errorlist'))
            .map(el => el.textContent.trim()),
        }))"""
    )

    assert {field["name"] for field in fields} == {"login", "password"}
    assert all(field["errors"] and all(field["errors"]) for field in fields), fields


def test_empty_sign_in_form_has_an_error_summary_linking_to_each_field(demo_site, page):
    page.goto(demo_site.url + "/accounts/login/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    summary_targets = page.evaluate(
        "() => [...document.querySelectorAll('.error-summary a')].map(a => a.getAttribute('href'))"
    )
    assert set(summary_targets) == {"#id_login", "#id_password"}


def test_too_long_search_ties_its_error_to_the_field(demo_site, page):
    page.goto(demo_site.url + "/search/?q=" + "x" * 201)

    field = page.locator("#id_q")
    described_by = field.get_attribute("aria-describedby").split()

    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{described_by[-1]}").inner_text().startswith("Your search is too long.")
    assert field.input_value() == "x" * 201


# The pages are opened once for all the page-by-page checks: `demo_crawl` in conftest.py (the window
# narrowed to a phone's on the same visit, after the checks at 1280 px).


def _overflow_problems(demo_crawl, found_on) -> tuple[dict, int]:
    problems = {}
    checked = 0
    for visit in demo_crawl.visits:
        if visit.wrong:
            problems[visit.label] = visit.wrong
            continue
        found = found_on(visit)
        if found:
            problems[visit.label] = found[:5]
        checked += 1
    return problems, checked


def test_text_at_twice_the_size_loses_nothing_on_any_page(demo_crawl):
    problems, checked = _overflow_problems(demo_crawl, lambda visit: visit.overflow_with_twice_the_text)

    assert problems == {}
    assert checked >= MIN_LISTED_PAGES, checked
    assert demo_crawl.traffic.problems() == []


def test_pages_fit_a_phone_screen_without_sideways_scrolling(demo_crawl):
    problems, checked = _overflow_problems(demo_crawl, lambda visit: visit.overflow_on_a_phone)

    assert problems == {}
    assert checked >= MIN_LISTED_PAGES, checked
    assert demo_crawl.traffic.problems() == []


def test_pages_ask_nothing_of_any_other_server(demo_crawl):
    problems = {visit.label: visit.wrong for visit in demo_crawl.visits if visit.wrong}
    checked = len(demo_crawl.visits)

    assert demo_crawl.elsewhere == set()
    assert problems == {}
    assert checked >= MIN_LISTED_PAGES, checked
    assert demo_crawl.traffic.problems() == []


def test_every_image_has_its_size_and_alternative_text(demo_crawl):
    problems = {}
    checked = 0
    for visit in demo_crawl.visits:
        if visit.account is not None:
            continue  # the pages a visitor sees
        if visit.wrong:
            problems[visit.path] = visit.wrong
            continue
        checked += 1
        if visit.images_without_size_or_alt:
            problems[visit.path] = visit.images_without_size_or_alt

    assert problems == {}
    assert checked >= MIN_VISITOR_PAGES, checked
    assert demo_crawl.traffic.problems() == []


def test_print_view_shows_the_content_without_the_site_navigation(demo_site, page):
    page.goto(demo_site.url + "/pages/accessibility-statement/")
    page.emulate_media(media="print")

    shown = page.evaluate(
        """() => Object.fromEntries(['.site-header', '.site-nav', '.site-footer', '.breadcrumbs',
            '.section-nav', 'main', 'h1'].map(
              selector => [selector, getComputedStyle(document.querySelector(selector)).display]))"""
    )
    external_link_suffix = page.evaluate(
        "() => getComputedStyle(document.querySelector('.prose a[href^=\"https\"]'), '::after').content"
    )

    assert shown == {
        ".site-header": "none",
        ".site-nav": "none",
        ".site-footer": "none",
        ".breadcrumbs": "none",
        ".section-nav": "none",
        "main": "block",
        "h1": "block",
    }
    assert external_link_suffix.startswith('" (https://')
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_server_error_page_has_no_accessibility_violations(demo_site, page, rf):
    from apps.pages.views import server_error

    from .conftest import axe_violations

    page.goto(demo_site.url + "/robots.txt")  # any page of ours, so the stylesheet's address resolves
    page.set_content(server_error(rf.get("/anything/")).content.decode())
    page.wait_for_load_state("networkidle")

    # The site's own design: the stylesheet loaded, so contrast is checked on the real colours.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == (
        "rgb(22, 58, 100)"
    )
    assert axe_violations(page) == []
    assert page.locator("h1").count() == 1
