"""Demo communities of practice, with members, meetings past and next, attendance, papers and outputs.

Idempotent: everything is looked up by its natural key (slug, title). The one thing that moves is
each community's "next meeting": if it has already started, it moves to tomorrow-ish, so the demo
always has a meeting starting within the next 24 hours for reminders to send.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.demo import demo_email, demo_user
from apps.core.enums import DeliveryMode
from apps.core.models import Topic

from .enums import (
    PUBLIC_ROLES,
    JoinRequestStatus,
    MemberRole,
    MembershipStatus,
    OutputKind,
    RsvpAnswer,
    VisitorRole,
)
from .models import Attendance, Community, JoinRequest, Meeting, MeetingPaper, Membership, Output, Rsvp

# Someone without an account who asked to join the first community: waits on the facilitator's requests page.
VISITOR_REQUEST = {
    "name": "Sam Okafor",
    "email": "sam.okafor@demo.example",
    "role": VisitorRole.CLINICIAN,
    "organisation": "A first contact physiotherapy service in Stoke-on-Trent",
    "reason": (
        "I see people with knee and back pain every day in general practice. I would like to hear what "
        "colleagues elsewhere in the county have tried, and to bring our own service's experience."
    ),
}

NEXT_MEETING_TITLE = "Monthly meeting: what we tried this month"
AGENDA = "1. Welcome\n2. What we tried since last time\n3. New evidence\n4. Next steps"

COMMUNITIES = [
    {
        "slug": "staffordshire-physiotherapy",
        "name": "Physiotherapy across Staffordshire",
        "focus": "Bringing the best evidence on joint and back pain into physiotherapy clinics county-wide.",
        "region": "Staffordshire",
        "audience": "Physiotherapists in NHS and community services, researchers and patients.",
        "topics": ["Musculoskeletal health", "Physiotherapy"],
        "purpose": (
            "Physiotherapists from hospital, community and first contact services meet with researchers, "
            "commissioners and patients to agree which research findings matter most for their clinics, and "
            "how to put them into practice together.\n\n"
            "We share what works and what gets in the way, try changes in our own services, and report back."
        ),
        "how_to_join": (
            "Anyone who works in physiotherapy in Staffordshire, or who has used physiotherapy services, is "
            "welcome. Ask to join below; a facilitator will reply within two weeks."
        ),
        "roles": {
            "facilitator": MemberRole.FACILITATOR,
            "link": MemberRole.PATIENT_OR_PUBLIC,
            "champion": MemberRole.CLINICIAN,
            "staff": MemberRole.KNOWLEDGE_BROKER,
        },
        "mode": DeliveryMode.HYBRID,
        "venue": "Keele University, David Weatherall building, room 1.45",
        "outputs": [
            (
                "Shared exercise leaflet for knee pain",
                OutputKind.RESOURCE,
                "A two-page leaflet of simple exercises for knee pain, written with patients and now used in "
                "clinics across the county.",
            ),
            (
                "Same-week physiotherapy for new back pain",
                OutputKind.PATHWAY_CHANGE,
                "Two services changed their booking so people with new back pain are seen within a week.",
            ),
        ],
    },
    {
        "slug": "osteoarthritis-primary-care",
        "name": "Osteoarthritis in primary care",
        "focus": "Helping GP practices offer people with osteoarthritis the support the evidence backs.",
        "region": "Stoke-on-Trent",
        "audience": "GPs, nurses, pharmacists, academics and people living with osteoarthritis.",
        "topics": ["Musculoskeletal health", "Primary care"],
        "purpose": (
            "People with osteoarthritis often hear that nothing can be done. The evidence says otherwise: "
            "exercise, weight support and good information help. This community works out how practices can "
            "offer that in a ten-minute appointment."
        ),
        "how_to_join": (
            "People with osteoarthritis and their carers are welcome. A facilitator replies to every request."
        ),
        "roles": {
            "facilitator": MemberRole.FACILITATOR,
            "link": MemberRole.PATIENT_OR_PUBLIC,
            "rug": MemberRole.PATIENT_OR_PUBLIC,
            "champion": MemberRole.ACADEMIC,
        },
        "mode": DeliveryMode.ONLINE,
        "venue": "",
        "outputs": [
            (
                "A consultation guide for osteoarthritis",
                OutputKind.RESOURCE,
                "A one-page guide for GPs and nurses: what to cover in a first osteoarthritis appointment.",
            ),
        ],
    },
]


def _topics(names):
    topics = []
    for name in names:
        topic = Topic.objects.filter(name=name).first()
        if topic is None:
            topic, _ = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        topics.append(topic)
    return topics


def _at(day, hour: int):
    local = timezone.localtime(day)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _meeting(community, *, title, start, hours, spec, defaults_extra=None):
    meeting, created = Meeting.objects.get_or_create(
        community=community,
        title=title,
        defaults={
            "start": start,
            "end": start + timedelta(hours=hours),
            "mode": spec["mode"],
            "venue": spec["venue"],
            "join_link": "https://meet.example.org/iau-" + community.slug,
            "agenda": AGENDA,
            **(defaults_extra or {}),
        },
    )
    return meeting, created


def seed(*, password: str, stdout) -> None:
    now = timezone.now()
    for spec in COMMUNITIES:
        community, _ = Community.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("name", "focus", "region", "audience", "purpose", "how_to_join")
            },
        )
        community.topics.set(_topics(spec["topics"]))
        users = {role: demo_user(role) for role in spec["roles"]}
        # The demo's members joined a year ago, so they are on the attendance lists of past meetings.
        member_since = now - timedelta(weeks=52)
        for role, member_role in spec["roles"].items():
            Membership.objects.get_or_create(
                community=community,
                user=users[role],
                defaults={
                    "role": member_role,
                    "status": MembershipStatus.APPROVED,
                    "decided_at": member_since,
                    "approved_at": member_since,
                },
            )
        Membership.objects.filter(
            community=community, user__in=users.values(), status=MembershipStatus.APPROVED
        ).filter(Q(approved_at__isnull=True) | Q(approved_at__gt=member_since)).update(
            approved_at=member_since
        )
        # The demo's facilitators and knowledge brokers have agreed to be named on the public page.
        Membership.objects.filter(
            community=community, user__in=users.values(), role__in=PUBLIC_ROLES, named_publicly=False
        ).update(named_publicly=True)

        for weeks_ago, title in ((8, "Getting started: what matters to us"), (4, "Evidence review")):
            meeting, _ = _meeting(
                community,
                title=title,
                start=_at(now - timedelta(weeks=weeks_ago), 14),
                hours=2,
                spec=spec,
                defaults_extra={"notes": "We agreed two changes to try before the next meeting."},
            )
            for role in ("facilitator", "link"):
                Attendance.objects.get_or_create(meeting=meeting, user=users[role])

        # The next meeting always starts within the next 24 hours (the reminders need something to send).
        start = (now + timedelta(hours=20)).replace(minute=0, second=0, microsecond=0)
        meeting, created = _meeting(community, title=NEXT_MEETING_TITLE, start=start, hours=1, spec=spec)
        if not created and meeting.start <= now:
            Meeting.objects.filter(pk=meeting.pk).update(
                start=start, end=start + timedelta(hours=1), sequence=meeting.sequence + 1, cancelled=False
            )
        if not MeetingPaper.objects.filter(meeting=meeting, title="Summary of the evidence").exists():
            paper = MeetingPaper(meeting=meeting, title="Summary of the evidence")
            paper.file.save(
                "summary-of-the-evidence.txt",
                ContentFile(b"A short summary of the evidence we will discuss.\n"),
                save=False,
            )
            paper.save()
        Rsvp.objects.get_or_create(meeting=meeting, user=users["link"], defaults={"answer": RsvpAnswer.GOING})

        _meeting(
            community,
            title="Planning the year ahead",
            start=_at(now + timedelta(days=35), 14),
            hours=2,
            spec=spec,
        )

        for title, kind, description in spec["outputs"]:
            Output.objects.get_or_create(
                community=community, title=title, defaults={"kind": kind, "description": description}
            )
    first = Community.objects.get(slug=COMMUNITIES[0]["slug"])
    if not JoinRequest.objects.filter(community=first, email=VISITOR_REQUEST["email"]).exists():
        JoinRequest.objects.create(community=first, status=JoinRequestStatus.PENDING, **VISITOR_REQUEST)
    stdout.write("Communities of practice: demo communities, members, meetings and outputs are ready.")


def pages_to_check() -> list[tuple[str, str | None]]:
    facilitator = demo_email("facilitator")
    link = demo_email("link")
    slug = COMMUNITIES[0]["slug"]
    pages = [
        ("/communities/", None),
        ("/communities/?q=knee&region=Staffordshire", None),
        (f"/communities/{slug}/", None),
        (f"/communities/{slug}/", link),
        ("/communities/my-calendar/", link),
        (f"/communities/{COMMUNITIES[1]['slug']}/join/", demo_email("staff")),
        (f"/communities/{slug}/ask-to-join/", None),
        (f"/communities/{slug}/ask-to-join/thanks/", None),
        (f"/communities/{slug}/manage/", facilitator),
        (f"/communities/{slug}/manage/requests/", facilitator),
        (f"/communities/{slug}/manage/meetings/new/", facilitator),
        (f"/communities/{slug}/manage/outputs/new/", facilitator),
    ]
    community = Community.objects.filter(slug=slug).first()
    if community is not None:
        member = Membership.objects.filter(
            community=community, user__email=link, status=MembershipStatus.APPROVED
        ).first()
        if member:
            pages.append((f"/communities/{slug}/manage/members/{member.pk}/remove/", facilitator))
        next_meeting = Meeting.objects.filter(community=community, title=NEXT_MEETING_TITLE).first()
        past = Meeting.objects.filter(community=community, title="Evidence review").first()
        if next_meeting:
            pages += [
                (next_meeting.get_absolute_url(), None),
                (next_meeting.get_absolute_url(), link),
                (f"/communities/{slug}/manage/meetings/{next_meeting.pk}/edit/", facilitator),
                (f"/communities/{slug}/manage/meetings/{next_meeting.pk}/papers/new/", facilitator),
                (f"/communities/{slug}/manage/meetings/{next_meeting.pk}/cancel/", facilitator),
            ]
        if past:
            pages += [
                (past.get_absolute_url(), link),
                (f"/communities/{slug}/manage/meetings/{past.pk}/attendance/", facilitator),
            ]
    return pages
