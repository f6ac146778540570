"""The case study editor's live word counts (static/js/word-count.js), in a real browser: the count
beside each box follows the typing and turns into a warning over the advised length. Nothing is saved."""

import pytest
from django.conf import settings

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_count_beside_each_box_follows_the_typing_and_warns_over_the_limit(demo_site, page):
    from playwright.sync_api import expect  # here: the suite skips browser tests where Playwright is missing

    sign_in(page, demo_site.url, "staff@demo.example", settings.DEMO_PASSWORD)
    # The demo's case study, found as staff find it: the list, the case study, "Edit the case study".
    page.goto(f"{demo_site.url}/staff/impacts/case-studies/")
    page.locator("table th a").first.click()
    page.get_by_role("link", name="Edit the case study").click()
    page.wait_for_load_state()
    counter = page.locator("#id_summary_count")
    expect(counter).to_have_attribute("aria-live", "polite")

    page.fill("#id_summary", " ".join(["word"] * 104))
    expect(counter).to_have_text("104 words of about 100: 4 words over")
    expect(counter).to_have_class("word-count word-count--over")

    page.fill("#id_summary", "Three short words")
    expect(counter).to_have_text("3 words of about 100")
    expect(counter).to_have_class("word-count")

    page.fill("#id_references", "\n".join(f"Reference {number}" for number in range(1, 8)))
    expect(page.locator("#id_references_count")).to_have_text("7 references of up to 6: 1 more than advised")
