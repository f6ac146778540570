"""A demo message from the involvement coordinator to the Link group and the RUG (sent), and a draft."""

from apps.accounts.demo import demo_email, demo_user
from apps.communities.enums import MemberRole, MembershipStatus
from apps.communities.models import Membership as CommunityMembership
from apps.involvement.models import Group

from .enums import Audience
from .models import GroupMessage
from .services import group_message_create, group_message_send

SENT_SUBJECT = "Our summer get-together on 18 July"
SENT_BODY = (
    "We would love to see you at our summer get-together, from 12:30 to 15:00 in the meeting room on the "
    "ground floor. Lunch is provided.\n\n"
    "- Meet members of both groups and the research team\n"
    "- Hear what changed this year because of your advice\n"
    "- Tell us what you would like to work on next\n\n"
    "If you need help with travel, or anything else to take part, just reply to this email."
)
DRAFT_SUBJECT = "A new leaflet to review in August"
DRAFT_BODY = "A GP practice has asked for help with a leaflet on knee pain. More details soon."
COMMUNITY_SUBJECT = "Papers for our next meeting"
COMMUNITY_BODY = "The papers for our next meeting are on the meeting's page. Please read them before we meet."


def seed(*, password: str, stdout) -> None:
    coordinator = demo_user("coordinator")
    groups = list(Group.objects.filter(slug__in=["link", "rug"]))
    if not groups:
        return
    sent = GroupMessage.objects.filter(subject=SENT_SUBJECT).first()
    if sent is None:
        sent = group_message_create(
            author=coordinator, audience=Audience.GROUPS, subject=SENT_SUBJECT, body=SENT_BODY, groups=groups
        )
    group_message_send(message=sent, sent_by=coordinator)  # sends nothing if it was sent before
    if not GroupMessage.objects.filter(subject=DRAFT_SUBJECT).exists():
        group_message_create(
            author=coordinator,
            audience=Audience.GROUPS,
            subject=DRAFT_SUBJECT,
            body=DRAFT_BODY,
            groups=groups,
        )
    _seed_community_draft()


def _seed_community_draft() -> None:
    facilitator = demo_user("facilitator")
    membership = (
        CommunityMembership.objects.filter(
            user=facilitator, role=MemberRole.FACILITATOR, status=MembershipStatus.APPROVED
        )
        .select_related("community")
        .first()
    )
    if membership is None or GroupMessage.objects.filter(subject=COMMUNITY_SUBJECT).exists():
        return
    group_message_create(
        author=facilitator,
        audience=Audience.COMMUNITY,
        community=membership.community,
        subject=COMMUNITY_SUBJECT,
        body=COMMUNITY_BODY,
    )


def pages_to_check() -> list[tuple[str, str | None]]:
    coordinator, link = demo_email("coordinator"), demo_email("link")
    pages = [
        ("/staff/messages/", coordinator),
        ("/staff/messages/new/", coordinator),
        ("/me/messages/", link),
    ]
    draft = GroupMessage.objects.filter(subject=DRAFT_SUBJECT).first()
    if draft is not None:
        pages.append((f"/staff/messages/{draft.pk}/", coordinator))
    sent = GroupMessage.objects.filter(subject=SENT_SUBJECT, recipients__user__email=link).first()
    if sent is not None:
        pages.append((f"/me/messages/{sent.pk}/", link))
    return pages
