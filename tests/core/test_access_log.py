"""The proxy's access log (deploy/Caddyfile) keeps no keys: no query strings, and no token from the path
of a link we send by email. The filter is a Go regexp; these links are checked against it with Python's
re, which reads this pattern the same way."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.brokering.services import status_url_for
from apps.notifications.unsubscribe import preferences_url_for, unsubscribe_url_for

CADDYFILE = Path(settings.BASE_DIR) / "deploy" / "Caddyfile"
FILTERED_FIELDS = ["request>uri", "request>headers>Referer", "resp_headers>Location"]


def _filters() -> dict[str, tuple[re.Pattern, str]]:
    found = re.findall(r"^\s*(\S+) regexp `([^`]+)` `([^`]*)`$", CADDYFILE.read_text(), re.MULTILINE)
    return {field: (re.compile(pattern), replacement) for field, pattern, replacement in found}


def _logged(field: str, uri: str) -> str:
    pattern, replacement = _filters()[field]
    assert replacement == "${1}"
    return pattern.sub(lambda match: match.group(1) or "", uri)


def test_every_logged_address_field_is_filtered():
    assert sorted(_filters()) == sorted(FILTERED_FIELDS)


@pytest.mark.parametrize("field", FILTERED_FIELDS)
@pytest.mark.parametrize(
    ("make_link", "kept"),
    [
        (status_url_for, "/ask/status//"),
        (unsubscribe_url_for, "/notifications/unsubscribe//"),
        (preferences_url_for, "/notifications/preferences//"),
    ],
)
def test_the_log_keeps_no_token_of_an_emailed_link(field, make_link, kept):
    path = "/" + make_link(42).split("://", 1)[1].split("/", 1)[1]

    assert _logged(field, path) == kept
    assert _logged(field, "https://portal.test" + path + "?from=email") == "https://portal.test" + kept


def test_the_log_keeps_no_query_string():
    uri = "/admin/core/outboxmessage/?status=pending&body_text__regex=^Q7"

    assert _logged("request>uri", uri) == "/admin/core/outboxmessage/"
    assert _logged("request>uri", "/search/?q=stroke") == "/search/"
    assert (
        _logged("request>uri", "/seminars/registration/abc:1x:sig/cancel/")
        == "/seminars/registration//cancel/"
    )
