"""Demo library: the two publications the unit's own description cites, exactly, plus invented items.

The invented items use the 10.5555 DOI prefix, which Crossref reserves for examples.
"""

from datetime import date

from apps.communities.models import Community
from apps.core.models import Topic
from apps.people.models import Profile

from .enums import PublicationStatus as S
from .enums import PublicationType as T
from .models import Publication
from .services import AuthorInput, publication_create, publication_mark_published

TOPICS = {
    "communities-of-practice": "Communities of practice",
    "knowledge-mobilisation": "Knowledge mobilisation",
    "osteoarthritis": "Osteoarthritis",
    "back-pain": "Back pain",
    "patient-and-public-involvement": "Patient and public involvement",
    "primary-care": "Primary care",
}

# Authors: (family, given, profile slug or None)
STEVENSON_2014 = {
    "slug": "can-communities-of-practice-assist-implementation-of-research-ahsn",
    "title": "66. Can Communities of Practice Assist the Implementation of Research Across the Academic "
    "Health Sciences Network?",
    "type": T.CONFERENCE_ABSTRACT,
    "authors": [
        ("Stevenson", "Kay"),
        ("Duffy", "Helen"),
        ("Somerville", "Simon"),
        ("Cooper", "Vince"),
        ("Hughes", "Rhian"),
        ("Dziedzic", "Krysia"),
    ],
    "venue": "Rheumatology",
    "year": 2014,
    "month": 4,
    "volume": "53",
    "supplement": "1",
    "pages": "i80",
    "status": S.CONFERENCE_ABSTRACT,
    "plain_summary": "This conference abstract asks whether communities of practice (groups of clinicians, "
    "academics, commissioners and patients who meet to learn from each other) can help research "
    "reach everyday "
    "care across a whole regional health network.",
    "topics": ["communities-of-practice", "knowledge-mobilisation"],
}
SWAITHES_2022 = {
    "slug": "optimising-knowledge-mobilisation-in-communities-of-practice",
    "title": "Optimising the process of knowledge mobilisation in Communities of Practice: "
    "recommendations from "
    "a multi-method qualitative study",
    "type": T.JOURNAL_ARTICLE,
    "authors": [
        ("Swaithes", "L"),
        ("Paskins", "Z"),
        ("Quicke", "J"),
        ("Stevenson", "K"),
        ("Fell", "K"),
        ("Dziedzic", "K"),
    ],
    "year": 2022,
    "status": S.IN_PRESS,
    "plain_summary": "This study looked at how communities of practice share and use research knowledge, and "
    "makes recommendations on how to do it better.",
    "topics": ["communities-of-practice", "knowledge-mobilisation", "patient-and-public-involvement"],
}

INVENTED = [
    {
        "title": "First contact physiotherapy in general practice: what patients and GPs value",
        "type": T.JOURNAL_ARTICLE,
        "authors": [
            ("Okafor", "Hannah", "hannah-okafor"),
            ("Nair", "Priya", "priya-nair"),
            ("Champion", "Chris", "chris-champion"),
            ("Bennett", "Ruth", "ruth-bennett"),
        ],
        "venue": "Journal of Primary Care Implementation",
        "year": 2018,
        "volume": "12",
        "issue": "3",
        "pages": "141-150",
        "doi": "10.5555/iau.2018.0141",
        "abstract": "Interviews with patients and general practitioners about first contact "
        "physiotherapy services "
        "in primary care, and what they valued about direct access to a physiotherapist.",
        "plain_summary": "Patients liked seeing a physiotherapist first for joint and back problems, and GPs "
        "said it freed time for other patients.",
        "topics": ["back-pain", "primary-care"],
    },
    {
        "title": "Stratified care for back pain in general practice: a knowledge mobilisation programme",
        "type": T.NIHR_FINAL_REPORT,
        "status": S.FINAL_REPORT,
        "stage_date": date(2019, 9, 30),
        "version_of": "back-pain-abstract",
        "authors": [
            ("Bennett", "Ruth", "ruth-bennett"),
            ("Okafor", "Hannah", "hannah-okafor"),
            ("Lloyd", "Megan", "megan-lloyd"),
            ("Aldridge", "Tom", "tom-aldridge"),
        ],
        "venue": "National Institute for Health and Care Research",
        "year": 2019,
        "url": "https://example.org/nihr/stratified-back-pain-final-report",
        "abstract": "The final report of a two-year programme that supported practices to match "
        "treatment for back "
        "pain to each patient's risk of long-term problems.",
        "plain_summary": "Matching back pain care to each person's risk means fewer unnecessary "
        "referrals and "
        "faster help for those who need it most.",
        "topics": ["back-pain", "knowledge-mobilisation", "primary-care"],
    },
    {
        "title": "Supporting people with osteoarthritis to stay active: final report of a primary care "
        "implementation study",
        "type": T.NIHR_FINAL_REPORT,
        "status": S.FINAL_REPORT,
        "authors": [
            ("Nair", "Priya", "priya-nair"),
            ("Whitcombe", "Sarah", "sarah-whitcombe"),
            ("Champion", "Chris", "chris-champion"),
            ("Grayson", "Pat", "pat-grayson"),
            ("Bennett", "Ruth", "ruth-bennett"),
        ],
        "venue": "National Institute for Health and Care Research",
        "year": 2023,
        "abstract": "How general practices adopted a model consultation for osteoarthritis, with written "
        "information and exercise advice, and what changed for patients.",
        "plain_summary": "People with osteoarthritis got clearer advice about exercise and weight from their "
        "practice, and more of them felt able to manage their joint pain.",
        "topics": ["osteoarthritis", "primary-care", "knowledge-mobilisation"],
    },
    {
        "title": "Patients shaping research: the Link group's year in review",
        "type": T.REPORT,
        "authors": [("Reyes", "Joseph", "joseph-reyes"), ("Grayson", "Pat", "pat-grayson")],
        "venue": "Impact Accelerator Unit",
        "year": 2021,
        "abstract": "A report on the projects the Link group advised on during the year and the difference "
        "their advice made.",
        "plain_summary": "Patient members changed how studies recruited people and how results were shared.",
        "topics": ["patient-and-public-involvement"],
    },
    {
        "title": "Communities of practice in health care: from idea to everyday use",
        "type": T.BOOK_CHAPTER,
        "authors": [("Whitcombe", "Sarah", "sarah-whitcombe"), ("Lloyd", "Megan", "megan-lloyd")],
        "venue": "Knowledge Mobilisation in Practice",
        "year": 2020,
        "pages": "55-72",
        "abstract": "A chapter on setting up and sustaining communities of practice among clinicians.",
        "plain_summary": "Practical advice for anyone starting a group where clinicians learn from "
        "each other.",
        "topics": ["communities-of-practice"],
    },
    {
        "title": "Knowledge brokers in musculoskeletal services: a survey of roles and activities",
        "type": T.CONFERENCE_ABSTRACT,
        "authors": [
            ("Lloyd", "Megan", "megan-lloyd"),
            ("Reyes", "Joseph", "joseph-reyes"),
            ("Bennett", "Ruth", "ruth-bennett"),
        ],
        "venue": "UK Implementation Science Conference",
        "year": 2017,
        "abstract": "A survey of knowledge brokers working with musculoskeletal services: what they "
        "do and who "
        "they connect.",
        "plain_summary": "Knowledge brokers spend most of their time linking clinicians with researchers.",
        "topics": ["knowledge-mobilisation"],
    },
    {
        "title": "Structured medication reviews for people with persistent pain: a service evaluation",
        "type": T.CONFERENCE_ABSTRACT,
        "authors": [("Price", "Daniel", "daniel-price"), ("Aldridge", "Tom", "tom-aldridge")],
        "venue": "Primary Care Pharmacy Conference",
        "year": 2024,
        "abstract": "An evaluation of pharmacist-led medication reviews for people on long-term pain "
        "medicines.",
        "plain_summary": "Talking through pain medicines with a pharmacist helped some people cut "
        "down safely.",
        "topics": ["primary-care"],
    },
    {
        "title": "Returning to work with back pain: embedding vocational advice in physiotherapy",
        "type": T.JOURNAL_ARTICLE,
        "authors": [
            ("Okafor", "Hannah", "hannah-okafor"),
            ("Champion", "Chris", "chris-champion"),
            ("Lloyd", "Megan", "megan-lloyd"),
        ],
        "venue": "Musculoskeletal Knowledge Exchange",
        "year": 2020,
        "volume": "7",
        "issue": "2",
        "pages": "88-97",
        "doi": "10.5555/iau.2020.0088",
        "abstract": "A mixed-methods study of physiotherapists giving work advice to people with back pain.",
        "plain_summary": "Short conversations about work during physiotherapy helped people stay in "
        "their jobs.",
        "topics": ["back-pain"],
    },
    {
        "title": "Sharing decisions about knee osteoarthritis: a co-produced consultation guide",
        "type": T.OTHER,
        "authors": [
            ("Nair", "Priya", "priya-nair"),
            ("Grayson", "Pat", "pat-grayson"),
            ("Reyes", "Joseph", "joseph-reyes"),
        ],
        "venue": "Impact Accelerator Unit",
        "year": 2022,
        "open_access_url": "https://example.org/iau/knee-oa-consultation-guide.pdf",
        "abstract": "A consultation guide written with patients for clinicians discussing knee "
        "osteoarthritis.",
        "plain_summary": "A short guide that helps patients and clinicians choose treatments together.",
        "topics": ["osteoarthritis", "patient-and-public-involvement"],
    },
    {
        "title": "Evaluating communities of practice: a framework for outcomes that matter to patients",
        "type": T.JOURNAL_ARTICLE,
        "authors": [
            ("Whitcombe", "Sarah", "sarah-whitcombe"),
            ("Bennett", "Ruth", "ruth-bennett"),
            ("Grayson", "Pat", "pat-grayson"),
        ],
        "venue": "Journal of Primary Care Implementation",
        "year": 2025,
        "volume": "19",
        "issue": "1",
        "pages": "1-12",
        "doi": "10.5555/iau.2025.0001",
        "abstract": "A framework, developed with patients, for judging whether communities of "
        "practice improve "
        "care.",
        "plain_summary": "We agreed with patients how to tell whether clinicians' learning groups "
        "make care better.",
        "topics": ["communities-of-practice", "patient-and-public-involvement"],
    },
    {
        "title": "Exercise advice for hand osteoarthritis in primary care: a cluster audit",
        "type": T.JOURNAL_ARTICLE,
        "authors": [("Champion", "Chris", "chris-champion"), ("Nair", "Priya", "priya-nair")],
        "venue": "Musculoskeletal Knowledge Exchange",
        "year": 2016,
        "volume": "3",
        "issue": "4",
        "pages": "201-209",
        "abstract": "An audit of the exercise advice given to people with hand osteoarthritis in "
        "twelve practices.",
        "plain_summary": "Few people with painful hands were given exercises, though they help.",
        "topics": ["osteoarthritis"],
    },
]

# One piece of work in three versions: the abstract first presented at a conference, the paper it
# became, and the funder's final report (above, in INVENTED). They are linked and shown together.
BACK_PAIN_ABSTRACT = {
    "key": "back-pain-abstract",
    "title": "Matching back pain care to risk in general practice: early lessons from six practices",
    "type": T.CONFERENCE_ABSTRACT,
    "status": S.CONFERENCE_ABSTRACT,
    "stage_date": date(2017, 11, 9),
    "authors": [("Bennett", "Ruth", "ruth-bennett"), ("Okafor", "Hannah", "hannah-okafor")],
    "venue": "Society for Back Pain Research annual meeting",
    "year": 2017,
    "month": 11,
    "abstract": "Early findings from six practices that began sorting patients with back pain by their "
    "risk of long-term problems.",
    "plain_summary": "Six GP practices tried giving people with back pain the amount of care that fits "
    "their risk. Staff found it easy to start, and patients at low risk were not sent for tests "
    "they did not need.",
    "topics": ["back-pain", "primary-care"],
}
BACK_PAIN_PAPER = {
    "title": "How general practices took up stratified care for back pain: a mixed-methods study",
    "type": T.JOURNAL_ARTICLE,
    "status": S.PUBLISHED,
    "stage_date": date(2018, 10, 2),
    "version_of": "back-pain-abstract",
    "authors": [
        ("Bennett", "Ruth", "ruth-bennett"),
        ("Okafor", "Hannah", "hannah-okafor"),
        ("Lloyd", "Megan", "megan-lloyd"),
    ],
    "venue": "Journal of Primary Care Implementation",
    "year": 2018,
    "month": 10,
    "volume": "12",
    "pages": "201-214",
    "doi": "10.5555/iau.2018.0201",
    "abstract": "A mixed-methods study of how twenty practices adopted risk-matched care for back pain.",
    "plain_summary": "We asked twenty GP practices how they started matching back pain care to each "
    "person's risk. A named lead, a short training session and a simple screening form helped most.",
    "topics": ["back-pain", "primary-care", "knowledge-mobilisation"],
}

# An item first listed as in press, then upgraded to its published version: its history shows both.
UPGRADED = {
    "title": "Knowledge mobilisation fellowships for allied health professionals: a realist evaluation",
    "type": T.JOURNAL_ARTICLE,
    "authors": [
        ("Whitcombe", "Sarah", "sarah-whitcombe"),
        ("Price", "Daniel", "daniel-price"),
        ("Bennett", "Ruth", "ruth-bennett"),
    ],
    "venue": "Journal of Primary Care Implementation",
    "year": 2024,
    "status": S.IN_PRESS,
    "abstract": "A realist evaluation of a fellowship scheme that gives clinicians protected time "
    "for knowledge "
    "mobilisation.",
    "plain_summary": "Giving clinicians protected time to share research helped their teams change practice.",
    "topics": ["knowledge-mobilisation"],
    "published": {
        "year": 2024,
        "volume": "18",
        "issue": "2",
        "pages": "77-89",
        "doi": "10.5555/iau.2024.0077",
    },
}


def _create(
    item: dict, topics: dict[str, Topic], profiles: dict[str, Profile], keyed: dict[str, Publication]
) -> Publication:
    item = dict(item)
    item.pop("published", None)
    item.pop("key", None)
    if item["type"] == T.CONFERENCE_ABSTRACT:
        item.setdefault("status", S.CONFERENCE_ABSTRACT)
    if "version_of" in item:
        item["version_of"] = keyed[item["version_of"]]
    authors = []
    for author in item.pop("authors"):
        family, given, *rest = author
        authors.append(
            AuthorInput(family_name=family, given_name=given, profile=profiles.get(rest[0]) if rest else None)
        )
    topic_objects = [topics[slug] for slug in item.pop("topics", [])]
    return publication_create(authors=authors, topics=topic_objects, **item)


def seed(*, password: str, stdout) -> None:
    topics = {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    profiles = {profile.slug: profile for profile in Profile.objects.all()}
    created = 0
    keyed: dict[str, Publication] = {}
    for item in [BACK_PAIN_ABSTRACT, STEVENSON_2014, SWAITHES_2022, *INVENTED, BACK_PAIN_PAPER, UPGRADED]:
        existing = Publication.objects.filter(title=item["title"]).first()
        if existing is None:
            existing = _create(item, topics, profiles, keyed)
            created += 1
        if "key" in item:
            keyed[item["key"]] = existing
        if item in (STEVENSON_2014, SWAITHES_2022) and not existing.communities.exists():
            # Both study communities of practice; the demo links them to the county physiotherapy one.
            existing.communities.set(Community.objects.filter(slug="staffordshire-physiotherapy"))
        if "published" in item and existing.status == S.IN_PRESS:
            publication_mark_published(publication=existing, **item["published"])
    stdout.write(f"Publications: {created} added.")


def pages_to_check() -> list[tuple[str, str | None]]:
    return [
        ("/publications/", None),
        ("/publications/?q=communities+of+practice", None),
        ("/publications/?type=nihr_final_report&year=nonsense", None),
        (f"/publications/{STEVENSON_2014['slug']}/", None),
        (f"/publications/{SWAITHES_2022['slug']}/", None),
        (
            "/publications/knowledge-mobilisation-fellowships-for-allied-health-professionals-a-realist-evaluation/",
            None,
        ),
        ("/publications/?stage=final_report", None),
        (
            "/publications/stratified-care-for-back-pain-in-general-practice-a-knowledge-mobilisation-programme/",
            None,
        ),
        ("/publications/import/", "staff@demo.example"),
    ]
