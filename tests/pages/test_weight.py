"""Pages stay light: all the CSS and JavaScript a page loads is under 100 KB once compressed."""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db
BUDGET_BYTES = 100 * 1024


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


def _compressed_size(url: str) -> int:
    assert url.startswith("/" + settings.STATIC_URL.strip("/") + "/"), f"{url} is not one of our static files"
    path = finders.find(url.split("/", 2)[2].split("?")[0])
    assert path, f"{url} is referenced but does not exist"
    with open(path, "rb") as file:
        return len(gzip.compress(file.read(), compresslevel=9))


def test_home_page_css_and_javascript_are_under_100_kb_compressed(client):
    call_command("seed_demo", verbosity=0)

    assets = _assets(client.get("/").content.decode())

    assert "/static/css/portal.css" in assets.found
    total = sum(_compressed_size(url) for url in set(assets.found))
    assert total < BUDGET_BYTES, f"{total} bytes compressed"


def test_every_public_page_loads_only_our_own_light_assets_and_sized_images(client):
    from apps.core.plugins import app_modules

    call_command("seed_demo", verbosity=0)
    paths = [
        path for module in app_modules("demo") for path, account in module.pages_to_check() if not account
    ]

    for path in paths:
        assets = _assets(client.get(path).content.decode())
        total = sum(_compressed_size(url) for url in set(assets.found))
        assert total < BUDGET_BYTES, (path, total)
        unsized = [
            image.get("src") for image in assets.images if not image.get("width") or not image.get("height")
        ]
        assert unsized == [], path
