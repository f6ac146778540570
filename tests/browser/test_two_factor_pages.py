"""The two-factor pages as people meet them in a real browser: axe-clean, no CSP errors, and they work."""

import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from tests.auth import totp_code

from .conftest import axe_violations

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/iau-screenshots"))


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _watch_csp(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def test_staff_enter_the_authenticator_code_after_the_password_and_reach_the_admin(fresh_demo_site, page):
    # A demo of its own: signing in records the time on the account (and in its history).
    csp_errors = _watch_csp(page)
    password = settings.DEMO_PASSWORD
    page.goto(fresh_demo_site.url + "/admin/")
    page.fill("input[name=login]", "coordinator@demo.example")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    assert "/accounts/2fa/authenticate/" in page.url
    assert page.locator("h1").inner_text() == "Enter the code from your authenticator app"
    assert axe_violations(page) == []
    _shot(page, "2fa-enter-code.png")

    page.fill("input[name=code]", "000000" if totp_code(settings.DEMO_TOTP_SECRET) != "000000" else "111111")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "That code was not accepted" in page.content()
    assert axe_violations(page) == []
    _shot(page, "2fa-wrong-code.png")

    page.fill("input[name=code]", totp_code(settings.DEMO_TOTP_SECRET))
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/admin")
    assert csp_errors == []


def test_a_member_sets_up_an_authenticator_app_and_sees_recovery_codes(fresh_demo_site, page):
    # A demo of its own: setting up the app adds an authenticator to the member's account.
    csp_errors = _watch_csp(page)
    password = settings.DEMO_PASSWORD
    page.goto(fresh_demo_site.url + "/accounts/login/")
    page.fill("input[name=login]", "link@demo.example")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    page.click("text=Two-factor sign-in (optional)")
    page.wait_for_load_state()
    assert axe_violations(page) == []
    _shot(page, "2fa-overview.png")
    page.click("text=Set up an authenticator app")
    page.wait_for_load_state()

    # A first authenticator app is set up only after a code sent to the account's email address.
    assert "/accounts/reauthenticate/code/" in page.url
    assert "we will email you a code to check that this is your account" in page.content()
    assert axe_violations(page) == []
    _shot(page, "2fa-confirm-by-email.png")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/reauthenticate/code/confirm/" in page.url
    letter = [message for message in mail.outbox if message.to == ["link@demo.example"]][-1]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", letter.body, re.MULTILINE).group(1)
    assert axe_violations(page) == []
    _shot(page, "2fa-enter-emailed-code.png")
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    assert "/accounts/2fa/totp/activate/" in page.url
    assert axe_violations(page) == []
    _shot(page, "2fa-setup.png")
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page.content()).group(1)
    page.fill("input[name=code]", totp_code(secret, at=time.time()))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    assert "/accounts/2fa/recovery-codes/" in page.url
    assert page.locator(".mfa-codes li").count() == 10
    assert axe_violations(page) == []
    _shot(page, "2fa-recovery-codes.png")
    assert csp_errors == []
