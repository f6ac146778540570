"""Every change to communities, memberships, requests to join, outputs and calendar feeds happens here
(meetings, their papers, RSVPs and attendance: meeting_services.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import user_invite
from apps.core.emails import absolute_url
from apps.core.services import OutboxRequest, outbox_enqueue, outbox_enqueue_many

from .enums import (
    ENDED_STATUSES,
    SELF_CHOSEN_ROLES,
    JoinRequestStatus,
    MemberRole,
    MembershipStatus,
    OutputKind,
    VisitorRole,
)
from .models import (
    Attendance,
    CalendarFeed,
    Community,
    JoinRequest,
    Meeting,
    Membership,
    Output,
    Rsvp,
    new_feed_key,
)
from .permissions import can_remove, is_staff_manager, member_name, require_manager

# --- communities -------------------------------------------------------------------------------


@transaction.atomic
def community_create(
    *,
    name: str,
    slug: str,
    focus: str,
    region: str,
    audience: str,
    purpose: str,
    how_to_join: str = "",
    topics=(),
    is_active: bool = True,
) -> Community:
    community = Community(
        name=name,
        slug=slug,
        focus=focus,
        region=region,
        audience=audience,
        purpose=purpose,
        how_to_join=how_to_join,
        is_active=is_active,
    )
    community.full_clean()
    community.save()
    community.topics.set(topics)
    return community


# --- membership --------------------------------------------------------------------------------


@transaction.atomic
def membership_request(*, community: Community, user, role: str) -> tuple[Membership, bool]:
    """Ask to join. Asking again while the request is open, or while a member, changes nothing.

    Returns (membership, created_or_reopened).
    """
    if role not in dict(SELF_CHOSEN_ROLES):
        raise ValidationError({"role": "Choose the role that fits you best."})
    if not community.is_active:
        raise ValidationError("This community is not taking new members.")
    membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if membership is None:
        membership = Membership(community=community, user=user, role=role)
    elif membership.status in (MembershipStatus.REQUESTED, MembershipStatus.APPROVED):
        return membership, False
    else:
        # Someone who left, or was declined before, may ask again.
        membership.status = MembershipStatus.REQUESTED
        membership.role = role
        membership.decided_at = None
        membership.decided_by = None
    membership.full_clean()
    membership.save()
    _tell_facilitators_about_request(membership)
    return membership, True


def _tell_facilitators_about_request(membership: Membership) -> None:
    community = membership.community
    for facilitator in _facilitators(community):
        outbox_enqueue(
            recipient=facilitator.user.email,
            kind="communities-join-request",
            template="communities/join-request",
            context={
                "name": facilitator.user.get_short_name(),
                "requester": member_name(membership.user),
                "role": membership.get_role_display().lower(),
                "community": community.name,
                "manage_url": absolute_url(reverse("communities:manage", kwargs={"slug": community.slug})),
            },
            about=membership,
            # One notice per member and community a day: someone who leaves and asks again (and again)
            # does not fill every facilitator's inbox.
            occasion=f"asked-on-{timezone.localdate():%Y-%m-%d}",
        )


def _mark_joined(membership: Membership, *, at) -> None:
    """A (new or renewed) membership starts now: attendance lists count the member from this moment."""
    membership.approved_at = at
    membership.ended_at = None
    membership.ended_by = None


def _decide(*, membership: Membership, actor, status: str, kind: str) -> Membership:
    require_manager(actor=actor, community=membership.community)
    if membership.status == status:
        return membership
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError("Only an open request to join can be approved or declined.")
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    if status == MembershipStatus.APPROVED:
        _mark_joined(membership, at=membership.decided_at)
    membership.full_clean()
    membership.save()
    community = membership.community
    outbox_enqueue(
        recipient=membership.user.email,
        kind=kind,
        template=f"communities/{kind.removeprefix('communities-')}",
        context={
            "name": membership.user.get_short_name(),
            "community": community.name,
            "community_url": absolute_url(community.get_absolute_url()),
            "calendar_url": absolute_url(reverse("communities:calendar")),
        },
        about=membership,
        occasion=membership.decided_at.isoformat(),
    )
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor) -> Membership:
    """Approve a request to join; the requester is emailed (once)."""
    return _decide(
        membership=membership,
        actor=actor,
        status=MembershipStatus.APPROVED,
        kind="communities-membership-approved",
    )


@transaction.atomic
def membership_decline(*, membership: Membership, actor) -> Membership:
    """Decline a request to join; the requester is emailed (once)."""
    return _decide(
        membership=membership,
        actor=actor,
        status=MembershipStatus.DECLINED,
        kind="communities-membership-declined",
    )


@transaction.atomic
def membership_set_role(*, membership: Membership, actor, role: str) -> Membership:
    """Change a member's role. Facilitators manage the community, so only staff with the permission to
    manage communities appoint one or change a facilitator's role; a facilitator changes other roles."""
    require_manager(actor=actor, community=membership.community)
    # The role as stored, not as the caller's instance says: the rule is about what the member is now.
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    if MemberRole.FACILITATOR in (role, stored.role) and role != stored.role and not is_staff_manager(actor):
        raise PermissionDenied("Only the unit's staff appoint facilitators or change a facilitator's role.")
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_set_named(*, membership: Membership, user, named: bool) -> Membership:
    """The member's own choice to be named (as facilitator or knowledge broker) on the public community
    page and their profile. Nobody else makes it for them."""
    if membership.user_id != user.pk:
        raise PermissionDenied("Only the member chooses whether their name is shown.")
    membership.named_publicly = named
    membership.save(update_fields=["named_publicly", "updated_at"])  # a save: public pages render again
    return membership


@transaction.atomic
def membership_leave(*, community: Community, user) -> Membership | None:
    """Leave a community (or withdraw a request). Leaving twice is harmless. Future RSVPs are removed."""
    membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if membership is None or membership.status in (*ENDED_STATUSES, MembershipStatus.DECLINED):
        return membership
    if membership.status == MembershipStatus.APPROVED:
        membership.ended_at = timezone.now()  # a withdrawn request was never a membership: no end date
    membership.status = MembershipStatus.LEFT
    membership.full_clean()
    membership.save(update_fields=["status", "ended_at", "updated_at"])
    _withdraw_future_replies(community=community, user=user)
    return membership


def _withdraw_future_replies(*, community: Community, user) -> None:
    Rsvp.objects.filter(meeting__community=community, meeting__start__gt=timezone.now(), user=user).delete()


REMOVAL_NOTE_MAX_LENGTH = 1000


@transaction.atomic
def membership_remove(*, membership: Membership, actor, note: str = "") -> Membership:
    """A facilitator (or staff) ends someone's membership. The record stays, marked removed, with the
    date it ended (so past attendance lists still hold them); their replies to meetings still to come
    are withdrawn, and they are emailed once, kindly, with the optional personal note.

    A facilitator removes members, never another facilitator or themselves: the unit's staff appoint
    facilitators, and only they end a facilitator's membership. Removing twice changes nothing.
    """
    require_manager(actor=actor, community=membership.community)
    stored = Membership.objects.select_for_update().select_related("user", "community").get(pk=membership.pk)
    if stored.status == MembershipStatus.REMOVED:
        return stored
    if stored.status != MembershipStatus.APPROVED:
        raise ValidationError("Only a current member can be removed.")
    if not can_remove(actor, stored):
        raise PermissionDenied(
            "Only the unit's staff can end a facilitator's membership. Email the unit's team to ask."
        )
    note = note.strip()
    if len(note) > REMOVAL_NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note under {REMOVAL_NOTE_MAX_LENGTH} characters."})
    stored.status = MembershipStatus.REMOVED
    stored.ended_at = timezone.now()
    stored.ended_by = actor
    stored.full_clean()
    stored.save(update_fields=["status", "ended_at", "ended_by", "updated_at"])
    _withdraw_future_replies(community=stored.community, user=stored.user)
    community = stored.community
    outbox_enqueue(
        recipient=stored.user.email,
        kind="communities-membership-removed",
        template="communities/membership-removed",
        context={
            "name": stored.user.get_short_name(),
            "community": community.name,
            "note": note,
            "community_url": absolute_url(community.get_absolute_url()),
        },
        about=stored,
        # Once per ending: someone who joins again and is removed again hears of it again.
        occasion=stored.ended_at.isoformat(),
    )
    return stored


# --- requests to join from people without an account ------------------------------------------


def _facilitators(community: Community):
    return Membership.objects.filter(
        community=community, status=MembershipStatus.APPROVED, role=MemberRole.FACILITATOR
    ).select_related("user")


def _join_request_context(join_request: JoinRequest) -> dict:
    community = join_request.community
    return {
        "join_request": join_request,
        "community": community.name,
        "community_url": absolute_url(community.get_absolute_url()),
        "role": join_request.get_role_display().lower(),
    }


@transaction.atomic
def join_request_submit(
    *, community: Community, name: str, email: str, role: str, reason: str, organisation: str = ""
) -> tuple[JoinRequest, bool]:
    """Someone without an account asks to join. Returns (join_request, created).

    They get an acknowledgement and the facilitators a notice. While a request from the same address
    waits for a decision, a second one changes nothing (anyone can type an address: the first request
    stays as its owner wrote it); the address is told, at most once a day, that we already have it.
    """
    if not community.is_active:
        raise ValidationError("This community is not taking new members.")
    email = email.strip().lower()
    pending = JoinRequest.objects.select_for_update().filter(
        community=community, email=email, status=JoinRequestStatus.PENDING
    )
    join_request = pending.first()
    if join_request is None:
        join_request = JoinRequest(
            community=community,
            name=name.strip(),
            email=email,
            role=role,
            organisation=organisation.strip(),
            reason=reason.strip(),
        )
        join_request.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                join_request.save()
        except IntegrityError:
            # The same address asked a moment ago in another request: that one stands.
            join_request = pending.get()
        else:
            _tell_about_new_join_request(join_request)
            return join_request, True
    outbox_enqueue(
        recipient=email,
        kind="communities-visitor-request-repeated",
        template="communities/visitor-request-repeated",
        context=_join_request_context(join_request),
        about=join_request,
        occasion=f"repeated-on-{timezone.localdate():%Y-%m-%d}",
    )
    return join_request, False


def _tell_about_new_join_request(join_request: JoinRequest) -> None:
    community = join_request.community
    context = _join_request_context(join_request)
    outbox_enqueue(
        recipient=join_request.email,
        kind="communities-visitor-request-received",
        template="communities/visitor-request-received",
        context=context,
        about=join_request,
    )
    requests_url = absolute_url(reverse("communities:join_requests", kwargs={"slug": community.slug}))
    outbox_enqueue_many(
        requests=[
            OutboxRequest(
                recipient=facilitator.user.email,
                kind="communities-visitor-request-notify",
                template="communities/visitor-request-notify",
                context={**context, "name": facilitator.user.get_short_name(), "requests_url": requests_url},
                about=join_request,
            )
            for facilitator in _facilitators(community)
        ]
    )


def _lock_for_decision(*, join_request: JoinRequest, actor, status: str) -> tuple[JoinRequest, bool]:
    """The request, locked; and whether it still needs this decision (False if already made)."""
    require_manager(actor=actor, community=join_request.community)
    locked = JoinRequest.objects.select_for_update().select_related("community").get(pk=join_request.pk)
    if locked.status == status:
        return locked, False
    if locked.status != JoinRequestStatus.PENDING:
        raise ValidationError("Only a request that is waiting for a decision can be approved or declined.")
    return locked, True


def _record_decision(*, join_request: JoinRequest, actor, status: str, now, user=None) -> None:
    join_request.status = status
    join_request.decided_at = now
    join_request.decided_by = actor
    join_request.user = user
    join_request.full_clean(validate_constraints=False)
    join_request.save()


@transaction.atomic
def join_request_approve(*, join_request: JoinRequest, actor) -> JoinRequest:
    """Approve: the person gets an account (or keeps the one they have) and becomes a member with the
    role they gave; they are emailed how to sign in. Approving twice changes nothing."""
    join_request, needed = _lock_for_decision(
        join_request=join_request, actor=actor, status=JoinRequestStatus.APPROVED
    )
    if not needed:
        return join_request
    now = timezone.now()
    user, created = user_invite(email=join_request.email, display_name=join_request.name)
    role = MemberRole(VisitorRole(join_request.role).value)
    membership = (
        Membership.objects.select_for_update().filter(community=join_request.community, user=user).first()
    )
    if membership is None:
        membership = Membership(community=join_request.community, user=user, role=role)
    if membership.status != MembershipStatus.APPROVED:
        membership.role = role
        membership.status = MembershipStatus.APPROVED
        membership.decided_at = now
        membership.decided_by = actor
        _mark_joined(membership, at=now)
        membership.full_clean()
        membership.save()
    _record_decision(
        join_request=join_request, actor=actor, status=JoinRequestStatus.APPROVED, now=now, user=user
    )
    outbox_enqueue(
        recipient=user.email,
        kind="communities-visitor-request-approved",
        template="communities/visitor-request-approved",
        context={
            **_join_request_context(join_request),
            "new_account": created,
            "code_url": absolute_url(reverse("account_request_login_code")),
            "password_url": absolute_url(reverse("account_reset_password")),
            "login_url": absolute_url(reverse("account_login")),
            "calendar_url": absolute_url(reverse("communities:calendar")),
        },
        about=join_request,
    )
    return join_request


@transaction.atomic
def join_request_decline(*, join_request: JoinRequest, actor) -> JoinRequest:
    """Decline kindly: the person is emailed (once) and may ask again later."""
    join_request, needed = _lock_for_decision(
        join_request=join_request, actor=actor, status=JoinRequestStatus.DECLINED
    )
    if not needed:
        return join_request
    _record_decision(
        join_request=join_request, actor=actor, status=JoinRequestStatus.DECLINED, now=timezone.now()
    )
    outbox_enqueue(
        recipient=join_request.email,
        kind="communities-visitor-request-declined",
        template="communities/visitor-request-declined",
        context={
            **_join_request_context(join_request),
            "seminars_url": absolute_url("/seminars/"),
            "communities_url": absolute_url(reverse("communities:list")),
        },
        about=join_request,
    )
    return join_request


# --- outputs -----------------------------------------------------------------------------------


@transaction.atomic
def output_create(
    *,
    community: Community,
    actor,
    title: str,
    kind: str = OutputKind.RESOURCE,
    description: str,
    link: str = "",
) -> Output:
    require_manager(actor=actor, community=community)
    output = Output(community=community, title=title, kind=kind, description=description, link=link)
    output.full_clean()
    output.save()
    return output


# --- calendar feed -----------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> CalendarFeed:
    """Replace the link: a new key gives a new token, and the old link (and one handed out while tokens
    were stored) stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.key = new_feed_key()
        feed.legacy_token_hash = ""
        feed.save(update_fields=["key", "legacy_token_hash", "updated_at"])
    return feed


# --- personal data -----------------------------------------------------------------------------


@transaction.atomic
def personal_data_erase(*, user) -> None:
    """Remove a person's memberships, requests to join, RSVPs and calendar feed; keep attendance only as
    a count."""
    for meeting_id in Attendance.objects.filter(user=user).values_list("meeting_id", flat=True):
        Meeting.objects.filter(pk=meeting_id).update(anonymous_attendance=F("anonymous_attendance") + 1)
    Attendance.objects.filter(user=user).delete()
    Rsvp.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    JoinRequest.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()
    CalendarFeed.objects.filter(user=user).delete()
