"""The 429 page (over a limit) and the 503 page (database away) pass axe-core like every other page."""

import pytest

from apps.core.middleware import database_unavailable_response
from tests.factories.seminars import SeminarFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_too_many_requests_page_is_accessible(live_server, settings, page, traffic):
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 0
    seminar = SeminarFactory()
    traffic.allow(f"/seminars/{seminar.slug}/register/", 429, "the limit is set to 0 to show the 429 page")
    page.goto(f"{live_server.url}/seminars/{seminar.slug}/")
    page.fill("input[name=name]", "Ann Example")
    page.fill("input[name=email]", "ann@example.org")
    page.locator("input[name=role]").first.check()
    page.locator("input[name=consent]").check()

    with page.expect_navigation() as navigation:
        page.locator("form[action$='/register/'] button[type=submit]").click()

    assert navigation.value.status == 429
    assert page.locator("h1").inner_text() == "Please wait a little before trying again"
    assert axe_violations(page) == []


def test_database_unavailable_page_is_accessible(live_server, page, traffic):
    html = database_unavailable_response().content.decode()
    traffic.allow("/", 503, "the 503 page is put in place of the home page to check it")
    page.route(
        f"{live_server.url}/",
        lambda route: route.fulfill(status=503, body=html, content_type="text/html; charset=utf-8"),
    )

    response = page.goto(f"{live_server.url}/")

    assert response.status == 503
    assert page.locator("h1").inner_text() == "The website is taking a short break"
    assert axe_violations(page) == []
