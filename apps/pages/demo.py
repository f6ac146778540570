"""Demo content for the public website: the guides, the about pages and the home page blocks.

Every sentence is the unit's own description retold in plain English; the guides and about pages are
Markdown files in `demo_content/` (prose is easier to edit there than inside Python). Idempotent:
everything is looked up by its slug or title and set to the same values, so a second run changes nothing.
"""

from datetime import date
from pathlib import Path

from .enums import HomeBlockStyle, PageStatus
from .models import HomeBlock, HomeBlockItem, Page, Section

REVIEWED = date(2026, 11, 2)

SECTIONS = [
    {
        "slug": "knowledge-mobilisation",
        "title": "Knowledge mobilisation guides",
        "summary": "Short guides to what knowledge mobilisation is and how we do it with different people.",
        "navigation_order": 10,
        "show_on_home": True,
        "home_order": 70,
    },
    {
        "slug": "about",
        "title": "About the unit and this website",
        "summary": (
            "Who we work with, how this website meets accessibility standards, and how we use personal data."
        ),
        "navigation_order": 20,
        "show_on_home": False,
        "home_order": 100,
    },
]


# The pages' text lives in Markdown files, one per page, named by its slug, each opening with a small
# front matter between "---" lines (title, section, navigation_order, is_featured, summary).
# "{contact}" in a page stands for the unit's contact address (settings.CONTACT_EMAIL).
CONTENT_FOLDER = Path(__file__).resolve().parent / "demo_content"
CONTACT_PLACEHOLDER = "{contact}"


def _front_matter_value(name: str, raw: str):
    if name == "navigation_order":
        return int(raw)
    if name == "is_featured":
        return raw.lower() == "true"
    return raw


def read_page(path: Path, *, contact: str) -> dict:
    """One page's fields from its Markdown file: the front matter, and the rest as the body."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    values = {"slug": path.stem}
    for line in front.strip().splitlines():
        name, _, raw = line.partition(":")
        values[name.strip()] = _front_matter_value(name.strip(), raw.strip())
    values["body"] = body.strip().replace(CONTACT_PLACEHOLDER, contact) + "\n"
    return values


def _pages(contact: str) -> list[dict]:
    pages = [read_page(path, contact=contact) for path in CONTENT_FOLDER.glob("*.md")]
    return sorted(pages, key=lambda page: (page["section"], page["navigation_order"], page["slug"]))


HOME_BLOCKS = [
    {
        "title": "Helping health research make a difference sooner",
        "style": HomeBlockStyle.HERO,
        "order": 0,
        "body": (
            "Good research can take years to change the care people receive. The Impact Accelerator Unit "
            "brings together clinicians, patients, commissioners and researchers so that the best evidence "
            "reaches everyday care sooner."
        ),
        "items": [],
    },
    {
        "title": "What is knowledge mobilisation?",
        "style": HomeBlockStyle.TEXT,
        "order": 5,
        "body": (
            "Knowledge mobilisation means making research useful to the people who could use it. It is a "
            "two-way exchange: researchers learn from the experience of clinicians, patients and managers, "
            "and they learn from research. Together they shape the evidence so it fits real services, and "
            "new questions from those services go back into research."
        ),
        "items": [
            {
                "title": "Read our introduction to knowledge mobilisation",
                "text": "",
                "link_url": "/pages/introduction-to-knowledge-mobilisation/",
                "order": 10,
            },
        ],
    },
    {
        "title": "How we work",
        "style": HomeBlockStyle.CARDS,
        "order": 10,
        "body": "",
        "items": [
            {
                "title": "Communities of practice",
                "text": (
                    "Clinicians, academics, commissioners and patients who meet regularly to learn from each "
                    "other and put research to work."
                ),
                "link_url": "/communities/",
                "order": 10,
            },
            {
                "title": "Patient and public groups",
                "text": (
                    "The Link group and the Research User Group bring lived experience and community links "
                    "to everything we do."
                ),
                "link_url": "/involvement/",
                "order": 20,
            },
            {
                "title": "Knowledge brokering",
                "text": (
                    "Knowledge brokers connect the people who make decisions with the people who do "
                    "research, and help each understand the other."
                ),
                "link_url": "/pages/mobilising-knowledge-with-commissioners-and-policy-makers/",
                "order": 30,
            },
            {
                "title": "Clinical champions",
                "text": (
                    "GPs and physiotherapists who split their week between their clinic and the unit, "
                    "carrying evidence into practice and questions back."
                ),
                "link_url": "/people/",
                "order": 40,
            },
        ],
    },
    {
        "title": "Ways to work with us",
        "style": HomeBlockStyle.TEXT,
        "order": 90,
        "body": "",
        "items": [
            {
                "title": "Join the Link group or the Research User Group",
                "text": "For patients, carers and members of the public. No experience of research needed.",
                "link_url": "/involvement/",
                "order": 10,
            },
            {
                "title": "Join a community of practice",
                "text": (
                    "For clinicians, commissioners, academics and patients who want to improve care together."
                ),
                "link_url": "/communities/",
                "order": 20,
            },
            {
                "title": "Come to a seminar",
                "text": "Free talks about knowledge mobilisation and our research, in person and online.",
                "link_url": "/seminars/",
                "order": 30,
            },
            {
                "title": "Plan your research with us",
                "text": "Researchers: talk to us early about how your findings could be used in the NHS.",
                "link_url": "/pages/introduction-to-knowledge-mobilisation/",
                "order": 40,
            },
        ],
    },
]


def seed(*, password: str, stdout) -> None:
    from .views import contact_email

    sections = {}
    for values in SECTIONS:
        values = dict(values)
        slug = values.pop("slug")
        sections[slug], _ = Section.objects.update_or_create(slug=slug, defaults=values)
    for values in _pages(contact_email()):
        values = dict(values)
        slug = values.pop("slug")
        values["section"] = sections[values["section"]]
        values.update(status=PageStatus.PUBLISHED, last_reviewed=REVIEWED)
        page = Page.objects.filter(slug=slug).first()
        if page is None or any(getattr(page, field) != value for field, value in values.items()):
            Page.objects.update_or_create(slug=slug, defaults=values)
    for values in HOME_BLOCKS:
        values = dict(values)
        items = values.pop("items")
        block, _ = HomeBlock.objects.update_or_create(title=values.pop("title"), defaults=values)
        for item in items:
            item = dict(item)
            HomeBlockItem.objects.update_or_create(block=block, title=item.pop("title"), defaults=item)


def pages_to_check() -> list[tuple[str, str | None]]:
    return [
        ("/", None),
        ("/pages/", None),
        *[(f"/pages/{page['slug']}/", None) for page in _pages("")],
        ("/search/", None),
        ("/search/?q=knowledge", None),
        ("/search/?q=zzzz-nothing-matches", None),
        ("/search/?q=" + "x" * 201, None),
        ("/pages/no-such-page/", None),
        ("/", "link@demo.example"),
    ]
