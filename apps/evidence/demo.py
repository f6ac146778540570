"""Demo impacts: what changed outside the unit after the physiotherapy and osteoarthritis communities of
practice, the plain-language work and the seminar, with dated evidence. Written for the demo in our own
words. Idempotent: each impact is found by its title; links are to the other apps' demo records."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.accounts.demo import demo_email
from apps.accounts.models import User
from apps.brokering.models import EvidenceRequest
from apps.communities.models import Community, Meeting
from apps.impact.models import ImpactEntry
from apps.people.models import Profile
from apps.publications.models import Publication
from apps.seminars.models import Seminar

from . import services, stories
from .case_studies import demo as case_study_demo
from .enums import Confidentiality, EvidenceKind, ImpactLevel, ImpactStatus
from .models import EvidenceItem, FollowUp, Impact, ImpactPerson

# Dates are days ago, so each pathway reads in order after the other apps' demo meetings and requests.
IMPACTS = [
    {
        "title": "First contact physiotherapy template used across Staffordshire practices",
        "summary": "Practices in the physiotherapy community of practice agreed one template for a "
        "physiotherapist's first appointment with people who have joint or muscle pain. Practices now "
        "record the same things, so patients get the same advice wherever they are seen.",
        "level": ImpactLevel.ADOPTION,
        "status": ImpactStatus.VERIFIED,
        "confidentiality": Confidentiality.PUBLIC,
        "organisations": "GP practices in North Staffordshire\nStaffordshire physiotherapy services",
        "places": "North Staffordshire",
        "reach": "People seeing a physiotherapist first at their GP practice",
        "people_reached": 5200,
        "started_on": 30,
        "ended_on": None,
        "publications": ["First contact physiotherapy in general practice"],
        "communities": ["staffordshire-physiotherapy"],
        "seminars": ["knowledge-mobilisation-seminar-2024"],
        "requests": ["Is there good evidence that a physiotherapist seeing patients first"],
        "entries": [],
        "people": [("chris-champion", "Led the community's work on the template")],
        "evidence": [
            (
                EvidenceKind.FIGURE,
                20,
                "Practices using the template",
                {"figure": 41, "figure_unit": "practices using the template"},
            ),
            (
                EvidenceKind.TESTIMONIAL,
                12,
                "Letter from a practice manager",
                {
                    "description": "The template cut the time to write up a first appointment and made "
                    "handovers to the GP clearer.",
                    "file_text": b"Thank you for the template. Our team uses "
                    b"it for every first contact appointment.\n",
                },
            ),
            (
                EvidenceKind.CONTACT,
                5,
                "Clinical lead who can confirm the figures",
                {
                    "contact_name": "Alex Morgan",
                    "contact_role": "Clinical lead, a Staffordshire practice network",
                    "contact_email": "alex.morgan@practice.example",
                },
            ),
        ],
    },
    {
        "title": "Osteoarthritis guide cited in a local commissioning policy",
        "summary": "The local commissioning policy for knee osteoarthritis now points clinicians to the "
        "consultation guide made with the osteoarthritis community of practice, so people talk through "
        "exercise and weight before anyone discusses surgery.",
        "level": ImpactLevel.ADOPTION,
        "status": ImpactStatus.EVIDENCED,
        "confidentiality": Confidentiality.STAFF_ONLY,
        "organisations": "The local integrated care board",
        "places": "Staffordshire and Stoke-on-Trent",
        "reach": "People with knee osteoarthritis referred by their GP",
        "people_reached": None,
        "started_on": 25,
        "ended_on": None,
        "publications": [
            "Sharing decisions about knee osteoarthritis",
            "Supporting people with osteoarthritis",
        ],
        "communities": ["osteoarthritis-primary-care"],
        "seminars": [],
        "requests": [],
        "entries": ["osteoarthritis-meetings-at-a-better-time"],
        "people": [("fran-facilitator", "Brought the guide to the commissioners' meeting")],
        "evidence": [
            (
                EvidenceKind.CITATION,
                25,
                "Named in the knee osteoarthritis policy",
                {"citation": "Knee osteoarthritis commissioning policy, section 4 (2025)"},
            ),
        ],
    },
    {
        "title": "People with knee osteoarthritis talk through exercise first",
        "summary": "Practices in the osteoarthritis community of practice use its consultation guide in "
        "appointments about knee pain. An audit at three practices counted the appointments that used "
        "it; more people left with an agreed exercise plan.",
        "level": ImpactLevel.BENEFIT,
        "status": ImpactStatus.EVIDENCED,
        "confidentiality": Confidentiality.PUBLIC,
        "organisations": "Three GP practices in Stoke-on-Trent",
        "places": "Stoke-on-Trent",
        "reach": "People with knee pain seeing their GP",
        "people_reached": 310,
        "started_on": 20,
        "ended_on": None,
        "publications": ["Sharing decisions about knee osteoarthritis"],
        "communities": ["osteoarthritis-primary-care"],
        "seminars": [],
        "requests": [],
        "entries": [],
        "people": [("fran-facilitator", "Ran the sessions where the guide was written")],
        "evidence": [
            (
                EvidenceKind.FIGURE,
                6,
                "Appointments that used the guide",
                {"figure": 310, "figure_unit": "appointments that used the guide"},
            ),
        ],
    },
    {
        "title": "Back pain leaflet rewritten in everyday words",
        "summary": "A GP practice rewrote its back pain leaflet with Link group members. It now starts with "
        "what most people want to know and says plainly when to go back to the doctor.",
        "level": ImpactLevel.BENEFIT,
        "status": ImpactStatus.EVIDENCED,
        "confidentiality": Confidentiality.PUBLIC,
        "organisations": "A GP practice in Stoke-on-Trent",
        "places": "Stoke-on-Trent",
        "reach": "Patients given the leaflet",
        "people_reached": 600,
        "started_on": 35,
        "ended_on": None,
        "publications": ["Stratified care for back pain"],
        "communities": [],
        "seminars": [],
        "requests": [],
        "entries": ["back-pain-leaflet-in-plain-words"],
        "people": [],
        "evidence": [
            (
                EvidenceKind.DOCUMENT,
                35,
                "The new leaflet",
                {"url": "https://www.example.org/back-pain-leaflet"},
            ),
        ],
    },
    {
        "title": "Trust physiotherapists trained in sharing evidence with patients",
        "summary": "After the seminar, a community trust asked for a session on talking about research "
        "with patients. Its physiotherapists say they will use it; nobody has checked yet.",
        "level": ImpactLevel.ENGAGEMENT,
        "status": ImpactStatus.CLAIMED,
        "confidentiality": Confidentiality.STAFF_ONLY,
        "organisations": "A community NHS trust",
        "places": "Staffordshire",
        "reach": "Physiotherapists at the trust",
        "people_reached": 28,
        "started_on": 14,
        "ended_on": 14,
        "publications": ["Optimising the process of knowledge mobilisation"],
        "communities": [],
        "seminars": ["knowledge-mobilisation-seminar-2024"],
        "requests": [],
        "entries": [],
        "people": [],
        "evidence": [],
    },
]


# Public stories, in our own everyday words (reading age 11). Told for impacts that are Public; added to
# an existing demo impact that has no story yet, so seeding twice changes nothing.
STORIES = {
    "First contact physiotherapy template used across Staffordshire practices": (
        "first-contact-physiotherapy-one-form",
        "If you have joint or muscle pain, your GP practice may book you to see a physiotherapist first, "
        "instead of a GP.\n\n"
        "Physiotherapists in our community of practice agreed one short form for that first visit. Now 41 "
        "practices in North Staffordshire use it.\n\n"
        "Whichever practice you go to, you are asked the same questions and get the same advice. If you "
        "need your GP later, they can see at a glance what was said.",
    ),
    "People with knee osteoarthritis talk through exercise first": (
        "knee-osteoarthritis-exercise-first",
        "When you see your GP about a painful knee, you should first hear about what helps most: "
        "exercise, staying active and a healthy weight.\n\n"
        "GPs, physiotherapists and patients in our osteoarthritis group made a short guide for that talk. "
        "Three practices now use it whenever someone comes in with knee pain.\n\n"
        "More people leave with an exercise plan they chose together with their GP. Talk about an "
        "operation comes later, if it is needed at all.",
    ),
}


def _tell_stories() -> int:
    told = 0
    for impact in Impact.objects.filter(title__in=STORIES, slug=""):
        impact.slug, impact.story = STORIES[impact.title]
        impact.tell_publicly = impact.confidentiality == Confidentiality.PUBLIC
        services.impact_save(impact=impact)
        told += 1
    return told


def _first_titled(starts: list[str]):
    found = []
    for start in starts:
        publication = Publication.objects.filter(title__startswith=start).order_by("pk").first()
        if publication is not None:
            found.append(publication)
    return found


def _days_ago(days: int | None, today: date) -> date | None:
    return None if days is None else today - timedelta(days=days)


def seed(*, password: str, stdout) -> None:
    today = timezone.localdate()
    added = 0
    for spec in IMPACTS:
        if Impact.objects.filter(title=spec["title"]).exists():
            continue
        impact = services.impact_save(
            impact=Impact(
                **{
                    key: spec[key]
                    for key in (
                        "title",
                        "summary",
                        "level",
                        "confidentiality",
                        "organisations",
                        "places",
                        "reach",
                        "people_reached",
                    )
                },
                started_on=_days_ago(spec["started_on"], today),
                ended_on=_days_ago(spec["ended_on"], today),
            )
        )
        impact.publications.set(_first_titled(spec["publications"]))
        communities = list(Community.objects.filter(slug__in=spec["communities"]))
        impact.communities.set(communities)
        first_meeting = Meeting.objects.filter(community__in=communities).order_by("start").first()
        if first_meeting is not None:
            impact.meetings.set([first_meeting])
        impact.seminars.set(Seminar.objects.filter(slug__in=spec["seminars"]))
        impact.evidence_requests.set(
            [
                r
                for start in spec["requests"]
                for r in EvidenceRequest.objects.filter(question__startswith=start)
            ]
        )
        impact.impact_entries.set(ImpactEntry.objects.filter(slug__in=spec["entries"]))
        for slug, role in spec["people"]:
            profile = Profile.objects.filter(slug=slug).first()
            if profile is not None:
                ImpactPerson.objects.create(impact=impact, profile=profile, role=role)
        for kind, days_ago, title, extra in spec["evidence"]:
            dated_on = _days_ago(days_ago, today)
            extra = dict(extra)
            file_text = extra.pop("file_text", None)
            item = EvidenceItem(impact=impact, kind=kind, dated_on=dated_on, title=title, **extra)
            if file_text:
                item.file.save("letter.txt", ContentFile(file_text), save=False)
            services.evidence_item_save(item=item)
        # The status last: it needs the evidence above.
        impact.status = spec["status"]
        services.impact_save(impact=impact)
        services.impact_check_status(impact=impact)
        added += 1
    if added:
        stdout.write(f"Impact evidence: {added} impacts.\n")
    if stories := _tell_stories():
        stdout.write(f"Impact stories: {stories} told publicly at /impact/.\n")
    case_study_demo.seed_case_study(stdout=stdout)
    _seed_follow_ups(stdout)


def pages_to_check() -> list[tuple[str, str | None]]:
    staff = demo_email("staff")
    first = Impact.objects.order_by("pk").values_list("pk", flat=True).first()
    pages = [("/staff/impacts/", staff)]
    if first is not None:
        pages.append((f"/staff/impacts/{first}/", staff))
    pages += [(path, staff) for path in case_study_demo.pages()]
    # The public stories: the list, its search and one story, as a visitor sees them.
    pages += [("/impact/", None), ("/impact/?q=knee", None)]
    story = stories.stories_public().order_by("pk").values_list("slug", flat=True).first()
    if story is not None:
        pages.append((f"/impact/{story}/", None))
    # Follow-ups: the staff list and a proposed answer; the asker's form from a freshly signed link.
    pages.append(("/staff/impacts/follow-ups/?proposal=proposed", staff))
    proposed = FollowUp.objects.filter(proposal="proposed").order_by("pk").first()
    if proposed is not None:
        pages.append((proposed.get_staff_url(), staff))
    waiting = FollowUp.objects.filter(evidence_request__isnull=False, answered_at__isnull=True).first()
    if waiting is not None:
        token = services.follow_up_token_for(waiting.pk)
        pages.append((reverse("follow_up_answer", kwargs={"token": token}), None))
    return pages


# ------------------------------------------------------------------------------------------- follow-ups
# Two requests of the evidence app's own: one whose 30-day follow-up is due now (a newcomer's first
# `manage.py send_reminders` sends it), and one whose 90-day follow-up was answered with a change, proposed
# to staff. The physiotherapy request of the brokering demo has a 30-day answer staff accepted.

FOLLOW_UP_REQUESTS = [
    {
        "ask": {
            "question": "Is there evidence that a group education class helps people with knee "
            "osteoarthritis more than a leaflet?",
            "purpose": "We are choosing what to offer people on our waiting list for physiotherapy.",
            "name": "Jo Patel",
            "email": "jo.patel@example.org",
            "requester_role": "manager",
            "organisation": "A community musculoskeletal service",
        },
        "answer": "Yes, for many people. Classes that combine education with exercise help people manage "
        "knee pain better than written information alone, and people value meeting others like them.",
        "answered_days_ago": 30,  # plus a few hours: due now
        "answers": {},
    },
    {
        "ask": {
            "question": "What helps older people keep doing their exercises after falls prevention classes "
            "end?",
            "purpose": "Our falls service wants fewer people to stop exercising when the classes finish.",
            "name": "Grace Mensah",
            "email": "grace.mensah@example.org",
            "requester_role": "clinician",
            "organisation": "A falls prevention service",
        },
        "answer": "Exercising with others, a follow-up phone call and exercises that fit daily routines help "
        "people keep going. Some services link people to community groups when the classes end.",
        "answered_days_ago": 95,
        "answers": {
            30: None,  # sent, never answered: the 90-day one went all the same
            90: {
                "days_ago": 3,
                "helped": "yes",
                "decision_informed": "Whether to add a follow-up phone call at six weeks.",
                "change_reported": "We now phone everyone six weeks after their last class, and we link "
                "them to two community walking groups. More people are still exercising at three months.",
                "may_quote": True,
                "quote": "The evidence gave us the push to try the phone call, and people tell us it helps.",
            },
        },
    },
]
ACCEPTED_FOLLOW_UP = {
    "question_starts": "Is there good evidence that a physiotherapist seeing patients first",
    "days_ago": 20,
    "helped": "yes",
    "decision_informed": "Whether to extend our first contact physiotherapy pilot.",
    "change_reported": "We extended the pilot to two more practices in the network.",
    "may_quote": True,
    "quote": "The summary settled a long argument in our network: we extended the pilot.",
    "title": "A primary care network extended first contact physiotherapy to two more practices",
}


def _follow_up_answer(evidence_request, after_days: int, answer: dict | None, now) -> FollowUp:
    sent_at = evidence_request.answered_at + timedelta(days=after_days, hours=2)
    follow_up = FollowUp.objects.create(
        evidence_request=evidence_request, after_days=after_days, sent_at=sent_at
    )
    if answer:
        fields = {
            key: value for key, value in answer.items() if key not in ("days_ago", "title", "question_starts")
        }
        follow_up = services.follow_up_answer(
            follow_up=follow_up, **fields, now=now - timedelta(days=answer["days_ago"])
        )
    return follow_up


def _seed_follow_ups(stdout) -> None:
    from apps.brokering import services as brokering

    lead = User.objects.filter(email=demo_email("staff")).first()
    if lead is None:
        return
    now = timezone.now()
    made = 0
    for spec in FOLLOW_UP_REQUESTS:
        if EvidenceRequest.objects.filter(question=spec["ask"]["question"]).exists():
            continue
        evidence_request = brokering.request_submit(**spec["ask"], consent_to_contact=True)
        brokering.request_accept(evidence_request=evidence_request, assignee=lead)
        brokering.request_start(evidence_request=evidence_request)
        evidence_request = brokering.request_answer(
            evidence_request=evidence_request, answer=spec["answer"], by=lead
        )
        answered_at = now - timedelta(days=spec["answered_days_ago"], hours=3)
        EvidenceRequest.objects.filter(pk=evidence_request.pk).update(
            created_at=answered_at - timedelta(days=10),
            decided_at=answered_at - timedelta(days=9),
            answered_at=answered_at,
        )
        evidence_request.refresh_from_db()
        for after_days, answer in spec["answers"].items():
            _follow_up_answer(evidence_request, after_days, answer, now)
        made += 1
    accepted = EvidenceRequest.objects.filter(
        question__startswith=ACCEPTED_FOLLOW_UP["question_starts"], answered_at__isnull=False
    ).first()
    if accepted is not None and not accepted.follow_ups.exists():
        follow_up = _follow_up_answer(accepted, 30, ACCEPTED_FOLLOW_UP, now)
        services.follow_up_accept(
            follow_up=follow_up, title=ACCEPTED_FOLLOW_UP["title"], level=ImpactLevel.ADOPTION, by=lead
        )
        made += 1
    # What members told a facilitator had changed since, recorded with a meeting an impact links to.
    if not Meeting.objects.exclude(changes_reported="").exists():
        meeting = Meeting.objects.filter(impacts__isnull=False).order_by("start").first()
        if meeting is not None:
            Meeting.objects.filter(pk=meeting.pk).update(
                changes_reported="Two practices now use the first contact template for every new patient "
                "with joint pain. One physiotherapist said handovers to the GP take half the time."
            )
    if made:
        stdout.write(
            f"Follow-ups: {made} requests with follow-ups (one due now, one proposed, one accepted).\n"
        )
