"""The "Benefits advice" page, which every written offer to a member links to (apps/involvement/offers.py).

It must exist on a real install, not only after `seed_demo`: this migration writes a first version;
staff then edit it in the admin (Pages), for example to add a local advice service. A page that already
exists (an install that ran the demo, or staff who wrote their own) is left as it is. Undoing the
migration removes the page only if nobody has edited it since.
"""

from datetime import date

from django.conf import settings
from django.db import migrations

WRITTEN_ON = date(2026, 12, 7)


def _page(contact: str) -> dict:
    return {
        "slug": "benefits-advice",
        "title": "Benefits advice before you take part",
        "navigation_order": 40,
        "summary": (
            "If you get benefits, a fee for taking part can affect them. Free, private advice is there "
            "before you agree."
        ),
        "body": f"""
## You decide

Taking part is always your choice. If you get benefits, you can take a fee, give it to a charity, or turn
it down and have only your expenses paid. We never stop you taking part because of your benefits.

## A fee can affect your benefits

Some benefits have a limit on what you can earn in a week, a month or a year. A fee from us may count
towards it. Expenses we pay back (like bus fares) are not income.

You can tell us privately which limit matters to you, in your area of this website under "Benefits". We
will then show you, before you agree to something, how close its fee brings you to your limit.

## Where to get free, private advice

- **Citizens Advice**: [citizensadvice.org.uk](https://www.citizensadvice.org.uk/benefits/) or call
  0800 144 8848 (England).
- **Turn2us**: a free benefits calculator at [turn2us.org.uk](https://www.turn2us.org.uk/).
- **Your Jobcentre work coach**, if you have one: tell them about your involvement before you start.
- **The NIHR guide** on payment for public involvement and benefits:
  [nihr.ac.uk](https://www.nihr.ac.uk/).

## A letter for the Jobcentre

If your benefits office asks about your involvement, we can write a letter saying what you do with us,
that it is not a job, and your dates, hours and payments. Ask the coordinator at
[{contact}](mailto:{contact}).
""".strip()
        + "\n",
    }


def _contact() -> str:
    # Where the unit's mail goes at install time; staff can change the address in the page later.
    return settings.COORDINATOR_EMAIL


def create_benefits_advice_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    values = _page(_contact())
    if Page.objects.filter(slug=values["slug"]).exists():
        return  # written already (by staff, or by the demo): never overwrite it
    Page.objects.create(**values, section=None, status="published", last_reviewed=WRITTEN_ON)


def remove_unedited_benefits_advice_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    values = _page(_contact())
    Page.objects.filter(slug=values["slug"], body=values["body"]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_partners_and_funders_page")]

    operations = [migrations.RunPython(create_benefits_advice_page, remove_unedited_benefits_advice_page)]
