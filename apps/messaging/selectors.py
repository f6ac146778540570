"""Who a message goes to, who may write or read which message, and the lists of messages."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from apps.communities.enums import MembershipStatus
from apps.communities.models import Community
from apps.communities.permissions import can_manage, is_staff_manager
from apps.core.services import outbox_accepting_bulk_email
from apps.involvement.models import Group
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Registration, Seminar

from .enums import Audience, MessageStatus
from .models import SEND_PERMISSION, GroupMessage, GroupMessageRecipient

SEMINAR_PERMISSION = "seminars.view_personal_details"


@dataclass(frozen=True)
class Addressee:
    """One person a message will reach: an account, or a seminar registration without one."""

    email: str
    name: str
    user: object = None
    registration: Registration | None = None


def _group_members(group_ids) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True,
        involvement_memberships__group__in=group_ids,
        involvement_memberships__is_active=True,
    )


def _community_members(community_id) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True,
        community_memberships__community=community_id,
        community_memberships__status=MembershipStatus.APPROVED,
    )


def _seminar_registrations(seminar_id) -> QuerySet:
    # Those who pressed "stop emails about this seminar" are left out, as from the seminar's announcements.
    return Registration.objects.filter(seminar=seminar_id, emails_stopped=False).exclude(
        status=RegistrationStatus.CANCELLED
    )


def addressees_for(message: GroupMessage) -> list[Addressee]:
    """Everyone the message would reach now, each once, in a constant number of queries (two or three)."""
    if message.audience == Audience.SEMINAR:
        registrations = list(_seminar_registrations(message.seminar_id).order_by("pk"))
        emails = {registration.email.lower() for registration in registrations}
        accounts = {user.email.lower(): user for user in get_user_model().objects.filter(email__in=emails)}
        allowed = set(
            outbox_accepting_bulk_email(
                get_user_model().objects.filter(pk__in=[u.pk for u in accounts.values()])
            ).values_list("pk", flat=True)
        )
        addressees, seen = [], set()
        for registration in registrations:
            email = registration.email.lower()
            user = accounts.get(email)
            if email in seen or (user is not None and (user.pk not in allowed or not user.is_active)):
                continue
            seen.add(email)
            addressees.append(
                Addressee(email=email, name=registration.name, user=user, registration=registration)
            )
        return addressees
    if message.audience == Audience.COMMUNITY:
        users = _community_members(message.community_id)
    else:
        users = _group_members(list(message.groups.values_list("pk", flat=True)))
    users = outbox_accepting_bulk_email(users).distinct().order_by("pk")
    return [Addressee(email=user.email.lower(), name=user.display_name, user=user) for user in users]


def addressee_count(message: GroupMessage) -> int:
    return len(addressees_for(message))


# Who may write to which audience ------------------------------------------------------------------


def may_write_to_groups(user) -> bool:
    return user.has_perm(SEND_PERMISSION)


def may_write_to_seminars(user) -> bool:
    # Registrants' names and addresses are personal details; writing to them is for those who may see them.
    return user.has_perm(SEND_PERMISSION) and user.has_perm(SEMINAR_PERMISSION)


def may_write(user, message: GroupMessage) -> bool:
    if message.audience == Audience.COMMUNITY:
        return can_manage(user, message.community)
    if message.audience == Audience.SEMINAR:
        return may_write_to_seminars(user)
    return may_write_to_groups(user)


def may_use_staff_messages(user) -> bool:
    return may_write_to_groups(user) or may_write_to_seminars(user) or is_staff_manager(user)


def messages_for_staff(user) -> QuerySet:
    """Sent and draft messages the user may see on /staff/messages/: those of audiences they may write to."""
    allowed = Q(pk__in=[])
    if may_write_to_groups(user):
        allowed |= Q(audience=Audience.GROUPS)
    if may_write_to_seminars(user):
        allowed |= Q(audience=Audience.SEMINAR)
    if is_staff_manager(user):
        allowed |= Q(audience=Audience.COMMUNITY)
    return (
        GroupMessage.objects.filter(allowed)
        .select_related("author", "community", "seminar")
        .prefetch_related("groups")
        .order_by("-created_at", "-pk")
    )


def groups_to_offer() -> QuerySet:
    return Group.objects.order_by("order", "name")


def communities_to_offer() -> QuerySet:
    return Community.objects.order_by("name")


def seminars_to_offer() -> QuerySet:
    return Seminar.objects.order_by("-starts_at")


# What a member reads -----------------------------------------------------------------------------


def messages_received_by(user) -> QuerySet:
    """The messages sent to this member, newest first: only theirs."""
    return (
        GroupMessage.objects.filter(status=MessageStatus.SENT, recipients__user=user)
        .select_related("community", "seminar")
        .prefetch_related("groups")
        .order_by("-sent_at", "-pk")
        .distinct()
    )


def recipients_of(user) -> QuerySet:
    return GroupMessageRecipient.objects.filter(user=user).select_related("message").order_by("pk")
