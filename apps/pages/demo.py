"""Demo content for the public website: the guides, the about pages and the home page blocks.

Every sentence is the unit's own description retold in plain English. Idempotent: everything is looked
up by its slug or title and set to the same values, so a second run changes nothing.
"""

from datetime import date

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


def _pages(contact: str) -> list[dict]:
    return [
        {
            "slug": "introduction-to-knowledge-mobilisation",
            "section": "knowledge-mobilisation",
            "title": "Introduction to knowledge mobilisation",
            "navigation_order": 10,
            "is_featured": True,
            "summary": (
                "What knowledge mobilisation means, why it matters for patients, and how the unit helps "
                "research make a difference sooner."
            ),
            "body": f"""
## What it means

Health research can take many years to change the care that people receive. Knowledge mobilisation is
the work of closing that gap. It is sometimes called knowledge exchange or knowledge translation.

It is not a one-way delivery of research findings. It is a conversation in both directions: researchers
learn from clinicians, patients and managers about what matters in real services, and those people learn
from research about what works. Together they adapt the best available evidence so it fits the place
where it will be used.

## Why it matters

When evidence, experience and local know-how meet, care can improve faster. Working across the usual
boundaries, between universities and the NHS, between professions and between services, helps good
ideas travel instead of staying in a report.

## What the unit does

The Impact Accelerator Unit supports research through its whole life, not just at the end:

- **At the start**, we help researchers plan how their findings could be put into practice, as well as
  whether the study is worthwhile and possible.
- **During a study**, we bring in the people who will use the results, including patients and the public.
- **At the end**, we help turn findings into forms that people can use: guides, training, tools and
  changes to services.

We also study knowledge mobilisation itself, so that we understand better what helps research reach
patients.

## Ways we work

- [Communities of practice](/communities/): clinicians, academics, commissioners and patients who meet
  regularly to improve something they all care about.
- [Patient and public groups](/involvement/): the Link group and the Research User Group.
- [Knowledge brokers, clinical champions and fellows](/people/): people who connect research with the
  decisions made in the NHS.

Questions? Email [{contact}](mailto:{contact}).
""",
        },
        {
            "slug": "theories-models-and-frameworks",
            "section": "knowledge-mobilisation",
            "title": "Theories, models and frameworks",
            "navigation_order": 20,
            "is_featured": False,
            "summary": (
                "Why ideas from implementation science help us plan, do and check the work of putting "
                "research into practice."
            ),
            "body": """
## Why use a theory at all?

Putting research into practice is rarely as simple as telling people about a new finding. Theories,
models and frameworks give us a shared way to think about what might help or get in the way, so we can
plan better and learn from what happens.

## Three kinds of tool

- **Process models** describe the steps from evidence to practice, such as finding the problem,
  adapting the evidence to the local setting, and keeping the change going.
- **Determinant frameworks** list the things that make change easier or harder: the people involved,
  the organisation, the wider system and the evidence itself.
- **Evaluation frameworks** help us judge whether a change reached the people it was meant for, whether
  it was used as intended and whether it lasted.

## How we use them

We pick a framework to suit the question, not the other way round. Knowledge mobilisation research and
implementation science run through the unit's work, so what we learn from one project shapes the next.

Our research on communities of practice, for example, looked at how to get the most from them when
putting research into practice. You can find papers like this in our [publications](/publications/).
""",
        },
        {
            "slug": "mobilising-knowledge-with-clinicians",
            "section": "knowledge-mobilisation",
            "title": "Mobilising knowledge with clinicians",
            "navigation_order": 30,
            "is_featured": True,
            "summary": (
                "How clinical champions, fellows and communities of practice help research reach everyday "
                "clinical work."
            ),
            "body": """
## Clinicians in the team

Clinical champions and fellows are at the heart of the unit. Most champions have two jobs: about half
their week is spent in their own clinic and the rest with the unit. At present they include GPs and
consultant physiotherapists.

Because they still see patients, they know how the NHS works day to day, where it is heading and what
gets in the way of change. They bring skills in evidence-based care, service improvement, research,
teaching and involving patients. Many also hold local, regional or national roles that let them share
new ideas widely.

## Communities of practice

A [community of practice](/communities/) brings together people who care about the same part of their
work and want to get better at it by learning from each other. Ours usually include clinicians,
academics, commissioners and patients, who meet regularly to put research findings to work.

## Get in touch

If you are a clinician and would like to join a community of practice or hear about our
[seminars](/seminars/), we would be glad to hear from you.
""",
        },
        {
            "slug": "mobilising-knowledge-with-members-of-the-public",
            "section": "knowledge-mobilisation",
            "title": "Mobilising knowledge with members of the public",
            "navigation_order": 40,
            "is_featured": True,
            "summary": (
                "Patients, carers and members of the public help decide what research is used and how. "
                "Here is how you can take part."
            ),
            "body": """
## Why it matters

Research is more useful when the people it is for help shape it. Patients and carers know what living
with a condition is really like, and what makes advice or a service easy or hard to use.

## Our two groups

- **The Link group** is our own patient and public group for knowledge mobilisation. Its members have
  links with community groups, the NHS and voluntary organisations, and they help take research findings
  out into everyday care.
- **The Research User Group (RUG)** is made up of patients, carers and members of the public who share
  their experience of living with, or caring for someone with, a physical or mental health condition to
  make research better.

Members of both groups belong to our communities of practice and have a say in every part of the unit's
work. They come from many backgrounds and bring a wide range of personal, work and volunteering
experience.

## Take part

You do not need any qualifications or experience of research. Find out more and tell us you are
interested on the [get involved](/involvement/) page.
""",
        },
        {
            "slug": "mobilising-knowledge-with-commissioners-and-policy-makers",
            "section": "knowledge-mobilisation",
            "title": "Mobilising knowledge with commissioners and policy makers",
            "navigation_order": 50,
            "is_featured": False,
            "summary": (
                "How knowledge brokers help commissioners and policy makers find, judge and use research "
                "evidence in local decisions."
            ),
            "body": """
## Knowledge brokers

Knowledge brokers work in the space between the people who make decisions about services and the people
who do research. They build trust between the two, share what each knows and open up ways to keep
talking.

A knowledge broker helps each side understand the other's goals and ways of working. Together they
pin down the problems that most need solving, then find, weigh up and explain the research that could
help, so it can be used in local plans and policy.

## What this looks like in the unit

In the unit, knowledge brokering keeps everyone involved in putting a piece of research into practice
in touch with each other. It also means choosing the right way to share knowledge with each audience:
a briefing for a commissioner will look different from a guide for patients.

## Commissioners in our communities

Commissioners take part in our [communities of practice](/communities/) alongside clinicians,
academics and patients, so that decisions about services and the evidence behind them are discussed
together.
""",
        },
        {
            "slug": "final-reports-from-nihr-funded-research",
            "section": "knowledge-mobilisation",
            "title": "Final reports from NIHR-funded research",
            "navigation_order": 60,
            "is_featured": False,
            "summary": (
                "Where to find the full reports of research funded by the National Institute for Health "
                "and Care Research (NIHR)."
            ),
            "body": """
## Full reports, free to read

Research funded by the National Institute for Health and Care Research (NIHR) ends with a full report
that anyone can read. The reports are published in the NIHR Journals Library, free of charge.

Each report sets out what the study asked, what it did, what it found and what it means for patients,
the NHS and future research. Most include a plain English summary.

## Finding our work

Our own papers, abstracts and reports, each with a short summary in plain English, are in our
[publications library](/publications/). You can search it by topic, year or author.

- [NIHR Journals Library](https://www.journalslibrary.nihr.ac.uk/)
""",
        },
        {
            "slug": "partners-and-funders",
            "section": "about",
            "title": "Partners and funders",
            "navigation_order": 10,
            "is_featured": False,
            "summary": (
                "We work with NHS, research and charity partners, and most of our work is paid for by "
                "external funding."
            ),
            "body": f"""
## Working in partnership

Moving research into practice is not something a university can do alone. We work closely with a strong
network of partners:

- **NHS organisations**: hospitals, general practices, community services and the people who commission
  them.
- **Research partners**: universities, research networks and other knowledge mobilisation teams.
- **Charities**: patient organisations and voluntary groups who know what matters to the people they
  support.

## How we are funded

Most of the unit's work is paid for by external funding, such as research grants and contracts, and is
done together with our health and care partners.

## Work with us

If your organisation would like to work with us, email [{contact}](mailto:{contact}).
""",
        },
        {
            "slug": "accessibility-statement",
            "section": "about",
            "title": "Accessibility statement",
            "navigation_order": 20,
            "is_featured": False,
            "summary": (
                "How accessible this website is, how we test it, and how to tell us about a problem or "
                "ask for information in another format."
            ),
            "body": f"""
## Using this website

We want as many people as possible to be able to use this website. Many of our visitors are patients
and carers, and some use assistive technology. You should be able to:

- change colours, contrast and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- make the text up to twice as large without losing any content
- move around the whole website using only a keyboard, and always see where you are on the page
- skip straight to the main content of each page
- use the website with a screen reader such as NVDA, JAWS or VoiceOver
- print a page without the menus and buttons getting in the way

We write in plain English and keep pages light, so they load quickly on a slow connection. The website
does not load anything from other companies' servers.

## How accessible this website is

This website aims to meet the [Web Content Accessibility Guidelines (WCAG) version 2.2](https://www.w3.org/TR/WCAG22/)
at level AA, and we believe it fully meets that standard.

## How we test it

- Every time the website changes, an automatic test opens each public page and each page of the member
  area in a real web browser and checks it with axe-core against the WCAG 2.0, 2.1 and 2.2 A and AA rules.
  A change that adds a problem is not released.
- The same tests check that every page can be used with a keyboard, that the keyboard focus is always
  visible, that each page has one main heading, that form errors are linked to the right question, and
  that pages still work with text at twice its normal size.
- Staff also check new pages by hand, with a keyboard and with a screen reader.

Automatic tests cannot find every problem, so please tell us if something does not work for you.

## Documents written by other organisations

Some pages link to reports and papers published by others, such as journals. We cannot make those
documents accessible, but we will help you get the information in another way.

## Tell us about a problem or ask for another format

If you find a problem with this website, or you need information in a different format such as large
print, easy read, audio or braille:

- email [{contact}](mailto:{contact})
- tell us the address of the page and what went wrong

We will reply within 5 working days.

## If you are not happy with our reply

The Equality and Human Rights Commission (EHRC) enforces the accessibility regulations. If you are not
happy with how we respond to your complaint, contact the
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

## About this statement

This statement was prepared on 2 November 2026 and is reviewed at least once a year.
""",
        },
        {
            "slug": "privacy-notice",
            "section": "about",
            "title": "Privacy notice",
            "navigation_order": 30,
            "is_featured": False,
            "summary": (
                "What personal information this website holds about you, why, for how long, and your "
                "rights over it."
            ),
            "body": f"""
## Who we are

This website is run by the Impact Accelerator Unit. We decide how your personal information is used
here, so we are responsible for looking after it under UK data protection law (the UK GDPR and the
Data Protection Act 2018).

## What we hold and why

### Your account

Your name, email address and password. The password is stored scrambled, so no one can read it. We use
these so you can sign in to your own area.

### Your involvement record

If you join the Link group or the Research User Group: your contact details, the activities you take
part in, any access needs you tell us about, and the payments and expenses we make to you. We use it to
invite you to activities, make them work for you, and pay you correctly.

### Seminar registrations

Your name, email address and any access needs, so we can manage places and send you joining details and
reminders.

### Community of practice membership

Which communities you belong to and which meetings you come to, so we can send you meeting details and
papers.

### Emails we send you

A copy of each email and whether it was delivered, so that each email goes only once and we can put
problems right.

### Our lawful basis

Most of this is part of our public task of supporting health research. We keep payment records because
the law requires it, and copies of emails because we have a legitimate interest in running the service
reliably.

Access needs can include information about your health. We only ask for what we need to make an activity
work for you, we keep it only in your involvement record, and only the staff who arrange activities can
see it.

We do not sell your information, we do not use it for advertising, and this website does not use
tracking or advertising cookies. It uses one cookie to keep you signed in and one to protect forms.

## Who can see it

Only unit staff who need it for their work. Our IT providers store it for us under contract. We will
only share it with anyone else if the law requires us to.

## How long we keep it

- **Accounts**: until you ask us to close yours, or two years after you last signed in.
- **Involvement records**: for as long as you are a member, then for two years.
- **Payment and expense records**: six years, because the law requires it. If you ask us to erase your
  details, these records are kept but your name is removed from them.
- **Seminar registrations**: one year after the seminar.
- **Copies of emails**: one year.

## Your rights

You have the right to:

- see the information we hold about you (members can download it from their own area)
- ask us to correct it
- ask us to delete it, or to stop using it
- object to how we use it
- take it with you to another organisation

## How to ask

Email [{contact}](mailto:{contact}). We will reply within one month.

If you are not happy with how we have used your information, you can complain to the
[Information Commissioner's Office](https://ico.org.uk/make-a-complaint/).

## About this notice

This notice was last reviewed on 2 November 2026.
""",
        },
    ]


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
        values["body"] = values["body"].strip() + "\n"
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
