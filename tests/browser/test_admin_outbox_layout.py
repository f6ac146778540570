"""The admin's outbox list fits a 1280 px screen with every column, the status included, in view."""

import pytest

from apps.core.models import OutboxMessage
from tests.auth import give_totp
from tests.browser.conftest import sign_in
from tests.factories.accounts import StaffFactory


@pytest.mark.django_db(transaction=True)
def test_outbox_list_fits_a_1280_pixel_screen_with_the_status_in_view(page, live_server):
    # Staff sign in to the admin with a code from their authenticator app (sign_in enters it).
    give_totp(StaffFactory(email="boss@example.org", is_superuser=True))
    for n in range(5):
        OutboxMessage.objects.create(
            recipient=f"a.rather.long.member.address{n}@organisation-example.nhs.uk",
            kind="communities-meeting-changed",
            occasion=str(n),
            subject="Your changed meeting: Physiotherapy across Staffordshire community of practice",
            body_text="Text",
            status="failed",
            last_error="SMTPRecipientsRefused: 550 5.1.1 The email account you tried to reach does not exist",
        )
    sign_in(page, live_server.url, "boss@example.org", "a-long-test-password")

    page.goto(f"{live_server.url}/admin/core/outboxmessage/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("#result_list").bounding_box()
    results = page.locator(".results").bounding_box()
    status = page.locator("#result_list td.field-status").first.bounding_box()
    assert table["x"] + table["width"] <= results["x"] + results["width"] + 1  # no scrolling sideways
    assert status["x"] + status["width"] <= 1280
    assert page.locator("#result_list td.field-status").first.inner_text() == "Failed"
