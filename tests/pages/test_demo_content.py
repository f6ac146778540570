"""The demo's guides and about pages come from Markdown files with a small front matter."""

import pytest
from django.core.management import call_command

from apps.pages.demo import CONTENT_FOLDER
from apps.pages.models import Page

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_one_page_per_markdown_file_with_the_contact_address(settings, client):
    settings.CONTACT_EMAIL = "hello@unit.example"

    call_command("seed_demo", verbosity=0)

    files = sorted(path.stem for path in CONTENT_FOLDER.glob("*.md"))
    assert len(files) == 9
    # ...and the benefits advice page every install has (made by a migration, pages/0004).
    assert sorted(Page.objects.values_list("slug", flat=True)) == sorted([*files, "benefits-advice"])
    privacy = Page.objects.get(slug="privacy-notice")
    assert (privacy.title, privacy.section.slug, privacy.navigation_order) == ("Privacy notice", "about", 30)
    assert (
        privacy.body
        == (CONTENT_FOLDER / "privacy-notice.md")
        .read_text()
        .split("---\n", 2)[2]
        .strip()
        .replace("{contact}", "hello@unit.example")
        + "\n"
    )
    html = client.get("/pages/privacy-notice/").content.decode()
    assert 'href="mailto:hello@unit.example"' in html
    assert "{contact}" not in html


def test_a_second_seed_changes_no_page(settings):
    call_command("seed_demo", verbosity=0)
    before = list(Page.objects.order_by("pk").values_list("pk", "updated_at"))

    call_command("seed_demo", verbosity=0)

    assert list(Page.objects.order_by("pk").values_list("pk", "updated_at")) == before
