"""Demo seminars: the Knowledge Mobilisation Seminar 2024 (past, with resources) and three upcoming ones.

Idempotent: seminars are found by slug and registrations by (seminar, email); times relative to now are
set only when a seminar is first created, so running the seed again changes nothing.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.demo import demo_email
from apps.core.enums import DeliveryMode
from apps.people.models import Profile

from .enums import RegistrantRole, RegistrationStatus
from .models import Registration, Seminar, SeminarSeries, Speaker

LONDON = ZoneInfo("Europe/London")
PAST_SLUG = "knowledge-mobilisation-seminar-2024"
NEARLY_FULL_SLUG = "sharing-evidence-with-commissioners"

ACCESSIBILITY = (
    "The venue has step-free access, an accessible toilet and a hearing loop in the main room. "
    "Online, live captions are switched on and the slides are shared before the day. "
    "Tell us on the form about anything else that would help you take part."
)


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _speaker(seminar, order, *, profile=None, name="", affiliation="", talk_title=""):
    Speaker.objects.get_or_create(
        seminar=seminar,
        order=order,
        defaults={"profile": profile, "name": name, "affiliation": affiliation, "talk_title": talk_title},
    )


def _champion_speaker(seminar, order, talk_title):
    profile = Profile.objects.filter(slug="chris-champion").first()
    if profile is not None:
        _speaker(seminar, order, profile=profile, talk_title=talk_title)
    else:
        _speaker(
            seminar,
            order,
            name="Chris Champion",
            affiliation="Clinical champion, Impact Accelerator Unit",
            talk_title=talk_title,
        )


def _registrations(seminar, count, *, status=RegistrationStatus.CONFIRMED, attended=None, start=1):
    roles = list(RegistrantRole.values)
    for number in range(start, start + count):
        Registration.objects.get_or_create(
            seminar=seminar,
            email=f"{seminar.slug[:20]}-guest{number}@example.org",
            defaults={
                "name": f"Demo guest {number}",
                "organisation": "Example NHS Trust" if number % 2 else "Example University",
                "role": roles[number % len(roles)],
                "consent": True,
                "status": status,
                "attended": attended,
            },
        )


def seed(*, password: str, stdout) -> None:
    annual, _ = SeminarSeries.objects.get_or_create(
        slug="knowledge-mobilisation-seminar",
        defaults={
            "name": "Knowledge Mobilisation Seminar",
            "description": "The unit's yearly day on moving research evidence into everyday care.",
        },
    )
    lunchtime, _ = SeminarSeries.objects.get_or_create(
        slug="lunchtime-seminars",
        defaults={"name": "Lunchtime seminars", "description": "One-hour online talks over lunch."},
    )

    past, created = Seminar.objects.get_or_create(
        slug=PAST_SLUG,
        defaults={
            "title": "Knowledge Mobilisation Seminar 2024",
            "series": annual,
            "starts_at": datetime(2024, 11, 14, 9, 30, tzinfo=LONDON),
            "ends_at": datetime(2024, 11, 14, 16, 0, tzinfo=LONDON),
            "mode": DeliveryMode.HYBRID,
            "venue": "Keele University, David Weatherall Building",
            "address": "Keele University\nStaffordshire\nST5 5BG",
            "join_link": "https://meet.example.org/kms-2024",
            "description": (
                "A day about getting research used in the NHS sooner. Clinicians, researchers, commissioners "
                "and patient members shared how communities of practice, knowledge brokers and clinical "
                "champions help evidence travel between universities and services, and what gets in the way."
            ),
            "audience": "Clinicians, researchers, commissioners, patients and members of the public.",
            "accessibility": ACCESSIBILITY,
            "capacity": 120,
            "slides_link": "https://example.org/iau/kms-2024-slides.pdf",
            "recording_link": "https://video.example.org/iau/kms-2024",
            "summary": (
                "Speakers agreed that evidence moves fastest when the people who will use it help shape it "
                "from the start. Patient members of the Link group described how they carry findings back "
                "into community groups. Clinical champions showed how splitting their week between clinic "
                "and the unit lets them test changes in practice and report back. The afternoon workshops "
                "produced a list of ideas for the communities of practice to take forward next year."
            ),
        },
    )
    if created:
        _speaker(
            past,
            1,
            name="Dr Amara Okafor",
            affiliation="Centre for Implementation Research (guest speaker)",
            talk_title="Why good evidence stalls, and how to help it move",
        )
        _champion_speaker(past, 2, "Two roles, one week: a clinical champion's view")
        _registrations(past, 18, attended=True)
        _registrations(past, 4, attended=False, start=19)
    # The Link group's demo member came too, so their /me/ panel offers a certificate of attendance.
    Registration.objects.get_or_create(
        seminar=past,
        email=demo_email("link"),
        defaults={
            "name": "Lee Link",
            "role": RegistrantRole.PATIENT_PUBLIC,
            "consent": True,
            "status": RegistrationStatus.CONFIRMED,
            "attended": True,
        },
    )

    nearly_full, created = Seminar.objects.get_or_create(
        slug=NEARLY_FULL_SLUG,
        defaults={
            "title": "Sharing evidence with commissioners",
            "series": lunchtime,
            "starts_at": _at(12, 12, 30),
            "ends_at": _at(12, 13, 30),
            "mode": DeliveryMode.ONLINE,
            "join_link": "https://meet.example.org/iau-commissioners",
            "description": (
                "How do you put research in front of the people who plan and pay for services, in a form "
                "they can use? A knowledge broker and a commissioner talk through short evidence summaries, "
                "timing and building trust, with time for your questions."
            ),
            "audience": "Researchers, clinicians and anyone who shares evidence with decision-makers.",
            "accessibility": "Live captions are on. Slides are sent to everyone with a place the day before.",
            "capacity": 30,
            "registration_opens_at": _at(-20, 9),
        },
    )
    if created:
        _speaker(
            nearly_full,
            1,
            name="Priya Natarajan",
            affiliation="Integrated care board (guest speaker)",
            talk_title="What a commissioner needs on one page",
        )
        _registrations(nearly_full, 28)  # two places left

    annual_next, created = Seminar.objects.get_or_create(
        slug="knowledge-mobilisation-seminar-next",
        defaults={
            "title": "Knowledge Mobilisation Seminar: next steps together",
            "series": annual,
            "starts_at": _at(45, 9, 30),
            "ends_at": _at(45, 16, 0),
            "mode": DeliveryMode.HYBRID,
            "venue": "Keele University, David Weatherall Building",
            "address": "Keele University\nStaffordshire\nST5 5BG",
            "join_link": "https://meet.example.org/kms-next",
            "description": (
                "Our yearly seminar returns. Hear what the communities of practice have achieved, meet the "
                "clinical champions and fellows, and help choose where the unit focuses next. "
                "Lunch is provided."
            ),
            "audience": "Everyone interested in getting research into everyday care.",
            "accessibility": ACCESSIBILITY,
            "capacity": 100,
            "registration_opens_at": _at(-5, 9),
        },
    )
    if created:
        _champion_speaker(annual_next, 1, "A year in the communities of practice")
        _speaker(
            annual_next,
            2,
            name="Dr Amara Okafor",
            affiliation="Centre for Implementation Research",
            talk_title="Measuring whether evidence is used",
        )
        _registrations(annual_next, 12)

    co_production, created = Seminar.objects.get_or_create(
        slug="working-with-patients-on-implementation",
        defaults={
            "title": "Working with patients and the public on implementation",
            "series": lunchtime,
            "starts_at": _at(26, 12, 30),
            "ends_at": _at(26, 13, 30),
            "mode": DeliveryMode.ONLINE,
            "join_link": "https://meet.example.org/iau-ppi",
            "description": (
                "Members of the Link group and the Research User Group explain how they help turn findings "
                "into something patients and services can use, and how researchers can involve them early."
            ),
            "audience": "Researchers, clinicians, patients and carers.",
            "accessibility": "Live captions are on. We can send an easy read summary on request.",
            "capacity": 50,
        },
    )
    if created:
        _speaker(co_production, 1, name="Link group members", affiliation="Impact Accelerator Unit")
        _registrations(co_production, 6)
    stdout.write("Seminars: 1 past, 3 upcoming (one nearly full).")


def pages_to_check() -> list[tuple[str, str | None]]:
    from . import tokens

    pages = [
        ("/seminars/", None),
        ("/seminars/?series=lunchtime-seminars&year=not-a-year", None),
        (f"/seminars/{PAST_SLUG}/", None),
        (f"/seminars/{NEARLY_FULL_SLUG}/", None),
    ]
    registration = (
        Registration.objects.filter(seminar__slug=NEARLY_FULL_SLUG, status=RegistrationStatus.CONFIRMED)
        .order_by("pk")
        .first()
    )
    if registration is not None:
        pages += [
            (tokens.signed_path(registration, tokens.CANCEL), None),
            (tokens.signed_path(registration, tokens.STOP_EMAILS), None),
        ]
    attended = Registration.objects.filter(seminar__slug=PAST_SLUG, attended=True).order_by("pk").first()
    if attended is not None:
        pages.append((tokens.signed_path(attended, tokens.FEEDBACK), None))
        pages.append((tokens.signed_path(attended, tokens.CERTIFICATE), None))
    link = Registration.objects.filter(seminar__slug=PAST_SLUG, email=demo_email("link")).first()
    if link is not None:
        pages.append((f"/seminars/certificate/{link.pk}/", demo_email("link")))
    return pages
