"""The two pages the law asks every public website for: an accessibility statement and a privacy notice.

The footer links to them on every page, so they must exist on a real install, not only after
`seed_demo`. This migration writes a sensible first version of each; staff then review and edit them in
the admin (Pages). A page that already exists (an install that ran the demo, or staff who wrote their
own) is left as it is. Undoing the migration removes only pages nobody has edited since.
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

WRITTEN_ON = date(2026, 12, 1)


def _law_pages(contact: str) -> list[dict]:
    return [
        {
            "slug": "accessibility-statement",
            "title": "Accessibility statement",
            "navigation_order": 20,
            "summary": (
                "How well this website works for disabled people, how we check it, and how to ask for "
                "help or for information in another format."
            ),
            "body": f"""
## Who this statement covers

This statement is about the Impact Accelerator Unit's website. Many of the people who use it are
patients, carers and members of the public, so we want it to work for everyone, including people who
use a screen reader, a keyboard instead of a mouse, voice control or screen magnification.

You should be able to:

- make text bigger, or zoom in to 400%, without losing anything off the side of the screen
- change colours and fonts in your browser, and still read every page
- reach every link, button and form with a keyboard, and see where you are
- jump past the menus straight to the main content
- understand the words: we write in plain English

## How accessible the website is

We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. As far as we know,
the pages of this website meet that standard.

Some documents we link to, such as journal articles, are published by other organisations. We cannot
change those, but we will gladly help you get the same information another way.

## How we check

Each time the website is changed, automated tests open its pages in a web browser and check them
against the WCAG rules. People on our team also try new pages with a keyboard and a screen reader.
Automated checks do not catch everything, so your feedback matters.

## Tell us about a problem or ask for another format

If something does not work for you, or you need information in large print, easy read, audio or
another format, email [{contact}](mailto:{contact}). Tell us which page and what happened. We aim to
reply within 5 working days.

## If you are not happy with our answer

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility
regulations. If you are not satisfied with how we handle your request, contact the
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

## About this statement

This statement was first written on 1 December 2026. We review it at least once a year and whenever
the website changes a lot.
""",
        },
        {
            "slug": "privacy-notice",
            "title": "Privacy notice",
            "navigation_order": 30,
            "summary": (
                "What personal information this website keeps about you, why we keep it, for how long, "
                "and what you can ask us to do with it."
            ),
            "body": f"""
## Who is responsible for your information

The Impact Accelerator Unit runs this website and decides how the personal information on it is used.
We look after it under UK data protection law (the UK GDPR and the Data Protection Act 2018).

## What we keep and why

- **If you have an account**: your name, email address and a scrambled copy of your password, so you
  can sign in.
- **If you are a member of one of our patient and public groups**: your contact details, the
  activities you take part in, anything you tell us about your access needs, and the payments and
  expenses we make to you, so we can invite you, support you and pay you correctly.
- **If you register for a seminar**: your name, email address, organisation and any access needs, so
  we can keep your place and send you the details.
- **If you belong to a community of practice**: which communities and meetings you join, so we can
  send you meeting information.
- **Emails we send you**: a record of each email and whether it arrived, so nothing is sent twice.

## Our reasons in law

Most of this is needed for our public task of supporting health research and its use in care. We keep
payment records because tax law requires it. Information about access needs can be about your health:
we only ask for what we need to make an activity work for you, and only the staff who arrange
activities can see it.

We never sell your information or use it for advertising. The website sets only the cookies it needs:
one to keep you signed in and one to protect forms.

## Who can see it

Only our staff who need it for their work, and the companies that host the website and send its
emails for us, under contract. We share it with anyone else only when the law says we must.

## How long we keep it

We keep information only as long as we need it: accounts until you ask us to close them or two years
after you last sign in, seminar registrations for a year after the seminar, email records for a year,
and payment records for six years because the law requires it.

## Your rights

You can ask to see the information we hold about you, to correct it, to delete it, to limit how we
use it, or to object to how we use it. Members can download their own information from their area of
the website. To ask, email [{contact}](mailto:{contact}). We will reply within one month.

If you are unhappy with how we have used your information, you can complain to the
[Information Commissioner's Office](https://ico.org.uk/make-a-complaint/).

## About this notice

This notice was first written on 1 December 2026. We review it at least once a year.
""",
        },
    ]


def _contact() -> str:
    # Where the unit's mail goes at install time; staff can change the address in the page later.
    return settings.COORDINATOR_EMAIL


def create_law_pages(apps, schema_editor):
    Section = apps.get_model("pages", "Section")
    Page = apps.get_model("pages", "Page")
    section = Section.objects.filter(slug=ABOUT_SECTION["slug"]).first()
    if section is None and not Section.objects.filter(title=ABOUT_SECTION["title"]).exists():
        section = Section.objects.create(**ABOUT_SECTION)
    for values in _law_pages(_contact()):
        if Page.objects.filter(slug=values["slug"]).exists():
            continue  # written already (by staff, or by the demo): never overwrite it
        Page.objects.create(
            **{**values, "body": values["body"].strip() + "\n"},
            section=section,
            status="published",
            last_reviewed=WRITTEN_ON,
        )


def remove_unedited_law_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for values in _law_pages(_contact()):
        Page.objects.filter(slug=values["slug"], body=values["body"].strip() + "\n").delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_law_pages, remove_unedited_law_pages)]
