"""Demo "you said, we did" entries: what the Link group and RUG advised, and what changed."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.demo import demo_email, demo_user
from apps.core.models import Topic
from apps.involvement.models import Opportunity

from .enums import EntryStatus, HearAbout
from .models import Contribution, ImpactEntry
from .services import impact_entry_publish, impact_entry_save, preference_set, standards_ensure

# (slug, title, days ago, standards, topics, opportunity slug, members (role, named), published, highlight,
#  you said, we did). Written for the demo in our own words.
ENTRIES = [
    (
        "back-pain-leaflet-in-plain-words",
        "The back pain leaflet now uses everyday words",
        40,
        ["communications", "working-together"],
        ["musculoskeletal-health"],
        "review-a-leaflet-on-back-pain",
        [("link", True), ("rug", False)],
        True,
        True,
        "The draft leaflet talked about 'non-specific low back pain' and 'self-management'. Several of us "
        "had to read it twice. We also wanted to know when to go back to the GP.",
        "The GP practice rewrote the leaflet with two Link members. It now opens with 'Most back pain gets "
        "better on its own', and a box on the back page lists the warning signs that mean you should call.",
    ),
    (
        "osteoarthritis-meetings-at-a-better-time",
        "Osteoarthritis community meetings moved out of school-run hours",
        75,
        ["inclusive-opportunities"],
        ["musculoskeletal-health", "primary-care"],
        "community-of-practice-meeting-on-osteoarthritis",
        [("link", True)],
        True,
        False,
        "Morning meetings starting at 9 o'clock clash with the school run and with early shifts. People "
        "with young children or caring duties could not come.",
        "The community of practice now meets from 1 to 3 in the afternoon, and every meeting can be joined "
        "online as well as in the room.",
    ),
    (
        "anxiety-study-questions-reworded",
        "The anxiety study asks about what matters to people",
        120,
        ["impact", "working-together"],
        ["mental-health"],
        "shape-a-study-on-anxiety-support",
        [("rug", True)],
        True,
        True,
        "The questionnaire measured symptoms only. RUG members said what they care about is getting back to "
        "work, sleeping and seeing friends, and that forty questions is too many on a bad day.",
        "The research team added questions about daily life and cut the questionnaire to eighteen "
        "questions. Participants can now stop and come back to it later.",
    ),
    (
        "payments-explained-before-you-start",
        "Payment for involvement is explained before you start",
        160,
        ["support-and-learning", "governance"],
        [],
        "",
        [("link", False), ("rug", True)],
        True,
        False,
        "New members did not know whether being paid would affect their benefits, and some went without "
        "payment rather than ask.",
        "Every new member now gets a one-page guide to payment and benefits, and a named contact in the "
        "finance team. Members can choose to be paid, to volunteer, or to decline payment at any time.",
    ),
    (
        "members-on-the-steering-group",
        "Two members now sit on the unit's steering group",
        200,
        ["governance"],
        [],
        "",
        [("link", False)],
        False,
        False,
        "Members asked how decisions about the unit's priorities are made, and who makes them.",
        "The steering group has two places for patient and public members, with papers sent a week ahead.",
    ),
]


def seed(*, password: str, stdout) -> None:
    # The data migration made them, but a test that emptied the database took them away again.
    standards = standards_ensure()
    today = timezone.localdate()
    users = {role: demo_user(role) for role in ("link", "rug")}
    preference_set(user=users["rug"], hear_about=HearAbout.AT_ONCE)
    for (
        slug,
        title,
        days_ago,
        standard_slugs,
        topic_slugs,
        opportunity_slug,
        members,
        published,
        highlight,
        you_said,
        we_did,
    ) in ENTRIES:
        if ImpactEntry.objects.filter(slug=slug).exists():
            continue
        entry = ImpactEntry(
            slug=slug,
            title=title,
            happened_on=today - timedelta(days=days_ago),
            opportunity=Opportunity.objects.filter(slug=opportunity_slug).first()
            if opportunity_slug
            else None,
            you_said=you_said,
            we_did=we_did,
            is_highlight=highlight,
        )
        impact_entry_save(
            entry=entry,
            standards=[standards[s] for s in standard_slugs],
            topics=Topic.objects.filter(slug__in=topic_slugs),
            members=[users[role] for role, _ in members],
        )
        for role, named in members:
            if named:
                Contribution.objects.filter(entry=entry, user=users[role]).update(named=True)
        if published:
            impact_entry_publish(entry=entry)
    stdout.write(
        f"Impact log: {ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED).count()} published entries"
    )


def pages_to_check() -> list[tuple[str, str | None]]:
    link = demo_email("link")
    pages = [
        ("/involvement/impact/", None),
        ("/involvement/impact/?standard=governance", None),
        ("/involvement/impact/how-we-tell-you/", link),
    ]
    entry = ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED, contributions__user__email=link).first()
    if entry:
        pages.append((entry.get_absolute_url(), None))
        pages.append((entry.get_absolute_url(), link))
    return pages
