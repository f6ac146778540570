"""The accessibility statement and privacy notice exist on a fresh install, before and without the demo."""

import pytest
from django.core.management import call_command

from apps.pages.models import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/pages/accessibility-statement/", "Accessibility statement"),
        ("/pages/privacy-notice/", "Privacy notice"),
    ],
)
def test_law_pages_linked_from_every_footer_exist_without_demo_data(client, settings, path, heading):
    home = client.get("/")
    assert f'href="{path}"' in home.content.decode()

    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f"mailto:{settings.COORDINATOR_EMAIL}" in page


def test_law_pages_are_staff_editable_published_pages():
    pages = Page.objects.filter(slug__in=["accessibility-statement", "privacy-notice"]).order_by("slug")

    assert [(page.slug, page.status, page.section.slug) for page in pages] == [
        ("accessibility-statement", "published", "about"),
        ("privacy-notice", "published", "about"),
    ]


def test_law_page_migration_never_overwrites_what_staff_wrote():
    from importlib import import_module

    from django.apps import apps as django_apps

    Page.objects.filter(slug="privacy-notice").update(body="Our own words, edited by staff.")
    migration = import_module("apps.pages.migrations.0002_law_pages")

    migration.create_law_pages(django_apps, None)
    migration.remove_unedited_law_pages(django_apps, None)

    law_pages = Page.objects.filter(slug__in=["accessibility-statement", "privacy-notice"])
    assert list(law_pages.values_list("slug", "body")) == [
        ("privacy-notice", "Our own words, edited by staff.")
    ]


def test_seed_demo_runs_on_top_of_the_law_pages(settings, tmp_path):
    call_command("seed_demo", stdout=(tmp_path / "out.txt").open("w"))

    assert Page.objects.filter(slug="privacy-notice").count() == 1
    assert Page.objects.filter(slug="accessibility-statement").count() == 1
