"""Pages stay light: all the CSS and JavaScript a page loads is under 100 KB once compressed.

The files are asked for as the browser asks for them (through every middleware, with the page's session),
so a file that does not answer 200 fails here too.
"""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from apps.accounts.models import User
from tests.auth import sign_in
from tests.core.test_plugins import listed_page_problem

# WhiteNoise finds the files where they are written (tests run no collectstatic), behind every middleware.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("static_files_from_finders"),
]
BUDGET_BYTES = 100 * 1024
# Every page the apps list, with its account: a sweep over fewer has lost pages.
MIN_PAGES = 90


@pytest.fixture
def static_files_from_finders():
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        yield


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.found.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.found.append(attributes["src"])
        elif tag == "img":
            self.images.append(attributes)


def _assets(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


def _compressed_size(client, url: str) -> int:
    """The file as the browser gets it (it must answer 200), gzipped at the highest level."""
    assert url.startswith("/" + settings.STATIC_URL.strip("/") + "/"), f"{url} is not one of our static files"
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    # Reading a streamed file to its end closes it the way the test client does: closing it by hand would
    # send request_finished, and Django would close the test's database connection mid-transaction.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(gzip.compress(body, compresslevel=9))


def test_home_page_css_and_javascript_are_under_100_kb_compressed(client):
    call_command("seed_demo", verbosity=0)

    assets = _assets(client.get("/").content.decode())

    assert "/static/css/portal.css" in assets.found
    total = sum(_compressed_size(client, url) for url in set(assets.found))
    assert total < BUDGET_BYTES, f"{total} bytes compressed"


def test_every_demo_page_loads_only_our_own_light_assets_and_sized_images():
    from apps.core.plugins import app_modules

    call_command("seed_demo", verbosity=0)
    clients: dict[str | None, Client] = {}
    checked = 0
    for module in app_modules("demo"):
        for path, account in module.pages_to_check():
            if account not in clients:  # each account signs in once (staff with their code)
                clients[account] = client = Client(raise_request_exception=False)
                if account:
                    sign_in(client, User.objects.get(email=account), password=settings.DEMO_PASSWORD)
            client = clients[account]
            response = client.get(path)
            assert listed_page_problem(path, response) is None, (path, account, response.status_code)

            assets = _assets(response.content.decode())
            total = sum(_compressed_size(client, url) for url in set(assets.found))
            assert total < BUDGET_BYTES, (path, account, total)
            unsized = [
                image.get("src")
                for image in assets.images
                if not (image.get("width") and image.get("height"))
            ]
            assert unsized == [], (path, account)
            checked += 1

    assert checked >= MIN_PAGES, checked
