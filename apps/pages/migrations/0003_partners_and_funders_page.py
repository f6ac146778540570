"""The "Partners and funders" page, which the footer links to on every page.

Like the law pages (0002), it must exist on a real install, not only after `seed_demo`: this migration
writes a first version in the "About" section; staff then edit it in the admin (Pages). A page that
already exists (an install that ran the demo, or staff who wrote their own) is left as it is. Undoing the
migration removes the page only if nobody has edited it since.
"""

from datetime import date

from django.conf import settings
from django.db import migrations

ABOUT_SECTION = {
    "slug": "about",
    "title": "About the unit and this website",
    "summary": "Who we are, how this website meets accessibility standards, and how we use personal data.",
    "navigation_order": 20,
}

WRITTEN_ON = date(2026, 12, 7)


def _partners_page(contact: str) -> dict:
    return {
        "slug": "partners-and-funders",
        "title": "Partners and funders",
        "navigation_order": 10,
        "summary": (
            "We work with the NHS, researchers and charities. Most of our work is paid for by grants from "
            "outside the university."
        ),
        "body": f"""
## Working with partners

A university cannot move research into care on its own. We work with many partners:

- **The NHS**: hospitals, GP practices, community services and the people who plan and pay for care.
- **Research partners**: universities, research networks and other teams who help research get used.
- **Charities**: patient groups and local groups who know what matters to the people they help.

## Who pays for our work

Most of our work is paid for by grants and contracts from outside the university. We do it together with
our health and care partners.

## Work with us

If your group would like to work with us, email [{contact}](mailto:{contact}).
""".strip()
        + "\n",
    }


def _contact() -> str:
    # Where the unit's mail goes at install time; staff can change the address in the page later.
    return settings.COORDINATOR_EMAIL


def create_partners_page(apps, schema_editor):
    Section = apps.get_model("pages", "Section")
    Page = apps.get_model("pages", "Page")
    values = _partners_page(_contact())
    if Page.objects.filter(slug=values["slug"]).exists():
        return  # written already (by staff, or by the demo): never overwrite it
    section = Section.objects.filter(slug=ABOUT_SECTION["slug"]).first()
    if section is None and not Section.objects.filter(title=ABOUT_SECTION["title"]).exists():
        section = Section.objects.create(**ABOUT_SECTION)
    Page.objects.create(**values, section=section, status="published", last_reviewed=WRITTEN_ON)


def remove_unedited_partners_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    values = _partners_page(_contact())
    Page.objects.filter(slug=values["slug"], body=values["body"]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_law_pages")]

    operations = [migrations.RunPython(create_partners_page, remove_unedited_partners_page)]
