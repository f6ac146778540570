"""Demo people: clinical champions, fellows, knowledge brokers and the team. Names are invented."""

from datetime import date, timedelta

from django.utils import timezone

from .enums import PersonRole
from .models import ExpertiseArea, Profile, ProfileRole

EXPERTISE = [
    "Osteoarthritis",
    "Back and neck pain",
    "Shared decision making",
    "Service transformation",
    "Implementation science",
    "Patient and public involvement",
    "Medicines optimisation",
    "Workplace health",
    "Health economics",
    "Education and training",
]

HALF_WEEK = "Half of the week in clinic, half in the unit"
# Profiles that belong to a demo account, so their pages link up with what that account does.
DEMO_ACCOUNT_PROFILES = {"chris-champion": "champion", "fran-facilitator": "facilitator"}

# (slug, name, profession, clinical base, employer, time split, roles, expertise, wider roles, biography)
PEOPLE = [
    (
        "chris-champion",
        "Chris Champion",
        "Consultant physiotherapist",
        "Meadowbank community musculoskeletal service",
        "Northfield Community Health NHS Trust",
        HALF_WEEK,
        [PersonRole.CLINICAL_CHAMPION],
        ["Osteoarthritis", "Back and neck pain", "Service transformation"],
        "Regional lead for first contact physiotherapy.",
        "Chris leads a community musculoskeletal team and helps practices bring new evidence on joint pain "
        "into their clinics. In the unit, Chris supports the physiotherapy community of practice.",
    ),
    (
        "fran-facilitator",
        "Fran Facilitator",
        "Knowledge broker",
        "",
        "Impact Accelerator Unit",
        "Full time in the unit",
        [PersonRole.KNOWLEDGE_BROKER, PersonRole.TEAM_MEMBER],
        ["Service transformation", "Education and training"],
        "",
        "Fran builds links between researchers and the people who plan and deliver services, and "
        "facilitates the physiotherapy community of practice. Fran turns findings into short, practical "
        "summaries that clinics can act on.",
    ),
    (
        "priya-nair",
        "Priya Nair",
        "GP",
        "Brookside Medical Practice",
        "Brookside Medical Practice",
        HALF_WEEK,
        [PersonRole.CLINICAL_CHAMPION],
        ["Osteoarthritis", "Shared decision making", "Education and training"],
        "Clinical lead for musculoskeletal care in her local integrated care board.",
        "Priya is a GP partner with an interest in how people with long-term joint pain are supported to "
        "make decisions about their care. She teaches GP trainees about consultation skills.",
    ),
    (
        "tom-aldridge",
        "Tom Aldridge",
        "GP",
        "Hollow Lane Surgery",
        "Hollow Lane Surgery",
        HALF_WEEK,
        [PersonRole.CLINICAL_CHAMPION],
        ["Medicines optimisation", "Back and neck pain"],
        "Member of a national working group on pain medicines in primary care.",
        "Tom works with practices and pharmacists to reduce harm from long-term pain medicines, and shares "
        "what works through the unit's primary care network.",
    ),
    (
        "hannah-okafor",
        "Hannah Okafor",
        "Consultant physiotherapist",
        "Riverside Hospital outpatient physiotherapy",
        "Riverside Hospitals NHS Foundation Trust",
        HALF_WEEK,
        [PersonRole.CLINICAL_CHAMPION],
        ["Workplace health", "Back and neck pain", "Implementation science"],
        "Chairs a regional network of advanced practice physiotherapists.",
        "Hannah helps people with back pain stay in or return to work, and works with employers and "
        "clinicians to put vocational advice into routine care.",
    ),
    (
        "sarah-whitcombe",
        "Sarah Whitcombe",
        "Occupational therapist",
        "",
        "Keele Road University",
        "Three days a week in the unit",
        [PersonRole.FELLOW],
        ["Implementation science", "Patient and public involvement"],
        "",
        "Sarah is a knowledge mobilisation fellow studying how communities of practice help teams use "
        "research. She works closely with the Link group.",
    ),
    (
        "daniel-price",
        "Daniel Price",
        "Advanced practice pharmacist",
        "Castlegate Primary Care Network",
        "Castlegate Primary Care Network",
        "Two days a week in the unit",
        [PersonRole.FELLOW],
        ["Medicines optimisation", "Health economics"],
        "",
        "Daniel's fellowship looks at structured medication reviews for people living with persistent pain.",
    ),
    (
        "megan-lloyd",
        "Megan Lloyd",
        "Knowledge broker",
        "",
        "Keele Road University",
        "",
        [PersonRole.KNOWLEDGE_BROKER],
        ["Implementation science", "Education and training"],
        "",
        "Megan builds links between researchers, clinicians and commissioners, and turns findings into "
        "short guides, infographics and workshops that busy teams can use.",
    ),
    (
        "joseph-reyes",
        "Joseph Reyes",
        "Knowledge broker",
        "",
        "Keele Road University",
        "",
        [PersonRole.KNOWLEDGE_BROKER, PersonRole.TEAM_MEMBER],
        ["Patient and public involvement", "Shared decision making"],
        "",
        "Joseph supports the communities of practice and makes sure patients' voices shape what the unit "
        "shares.",
    ),
    (
        "ruth-bennett",
        "Ruth Bennett",
        "Professor of knowledge mobilisation",
        "",
        "Keele Road University",
        "",
        [PersonRole.TEAM_MEMBER],
        ["Implementation science", "Health economics"],
        "Adviser to a national implementation research programme.",
        "Ruth leads the unit and its programme of research on getting evidence into practice.",
    ),
    (
        "pat-grayson",
        "Pat Grayson",
        "",
        "",
        "",
        "",
        [PersonRole.LINK_MEMBER],
        ["Patient and public involvement"],
        "",
        "Pat has lived with osteoarthritis for twenty years and joined the Link group to help research "
        "answer the questions that matter to patients.",
    ),
]


def _slugify(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def seed(*, password: str, stdout) -> None:
    from apps.accounts.demo import demo_user

    areas = {
        name: ExpertiseArea.objects.get_or_create(slug=_slugify(name), defaults={"name": name})[0]
        for name in EXPERTISE
    }
    today = timezone.localdate()
    for index, (slug, name, profession, base, employer, split, roles, expertise, wider, bio) in enumerate(
        PEOPLE
    ):
        profile, created = Profile.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "profession": profession,
                "clinical_base": base,
                "employer": employer,
                "time_split": split,
                "wider_roles": wider,
                "biography": bio,
            },
        )
        if created:
            profile.expertise.set([areas[area] for area in expertise])
            if slug in DEMO_ACCOUNT_PROFILES:
                profile.user = demo_user(DEMO_ACCOUNT_PROFILES[slug])
                profile.save(update_fields=["user"])
        for role in roles:
            term = {}
            if role in (PersonRole.CLINICAL_CHAMPION, PersonRole.FELLOW):
                # One champion is due for renewal soon, so staff see the renewal list working.
                if slug == "tom-aldridge":
                    end = today + timedelta(days=45)
                else:
                    end = date(today.year + 1 + index % 2, 3, 31)
                term = {"term_start": date(end.year - 3, 4, 1), "term_end": end}
            ProfileRole.objects.get_or_create(profile=profile, role=role, defaults=term)
    stdout.write(f"People: {len(PEOPLE)} profiles.")


def pages_to_check() -> list[tuple[str, str | None]]:
    return [
        ("/people/", None),
        ("/people/?role=clinical_champion", None),
        ("/people/?role=not-a-role&expertise=nothing", None),
        ("/people/chris-champion/", None),
        ("/people/fran-facilitator/", None),
        ("/people/sarah-whitcombe/", None),
        ("/me/", "champion@demo.example"),
    ]
