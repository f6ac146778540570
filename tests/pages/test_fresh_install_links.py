"""Every /pages/ link on the home page and in the footer answers on a fresh install: `migrate` alone,
no `seed_demo`."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest

from apps.pages.models import HomeBlock, Page

pytestmark = pytest.mark.django_db

HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.IGNORECASE)


def _pages_links(html: str) -> set[str]:
    links = set()
    for href in HREF.findall(html):
        path = urlsplit(urldefrag(href)[0]).path
        if path.startswith("/pages/"):
            links.add(path)
    return links


def test_every_pages_link_on_the_home_page_and_footer_exists_after_migrate_alone(client):
    # Nothing but what the migrations wrote: no demo pages, no home blocks.
    assert not HomeBlock.objects.exists()
    assert not Page.objects.filter(slug="introduction-to-knowledge-mobilisation").exists()
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    footer = html[html.index("<footer") :]

    links = _pages_links(html)
    answers = {path: client.get(path).status_code for path in sorted(links)}

    assert _pages_links(footer) <= links
    assert "/pages/partners-and-funders/" in _pages_links(footer)
    assert answers == {path: 200 for path in links}
    assert len(answers) == 4, sorted(answers)
