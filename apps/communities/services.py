"""Every change to communities, memberships, meetings, RSVPs, attendance and outputs happens here."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.page_cache import public_pages_changed
from apps.core.services import OutboxRequest, outbox_enqueue, outbox_enqueue_many

from .enums import SELF_CHOSEN_ROLES, MemberRole, MembershipStatus, OutputKind, RsvpAnswer
from .models import (
    Attendance,
    CalendarFeed,
    Community,
    Meeting,
    MeetingPaper,
    Membership,
    Output,
    Rsvp,
    new_feed_token,
)
from .permissions import can_manage, member_name

# Changing any of these moves the meeting in people's calendars, so its SEQUENCE goes up.
CALENDAR_FIELDS = ("title", "start", "end", "mode", "venue", "join_link")


def _require_manager(*, actor, community: Community) -> None:
    if not can_manage(actor, community):
        raise PermissionDenied("Only a facilitator of this community or staff can do this.")


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
    facilitators = Membership.objects.filter(
        community=community, status=MembershipStatus.APPROVED, role=MemberRole.FACILITATOR
    ).select_related("user")
    for facilitator in facilitators:
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
            occasion=membership.updated_at.isoformat(),
        )


def _decide(*, membership: Membership, actor, status: str, kind: str) -> Membership:
    _require_manager(actor=actor, community=membership.community)
    if membership.status == status:
        return membership
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError("Only an open request to join can be approved or declined.")
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
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
    _require_manager(actor=actor, community=membership.community)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_leave(*, community: Community, user) -> Membership | None:
    """Leave a community (or withdraw a request). Leaving twice is harmless. Future RSVPs are removed."""
    membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if membership is None or membership.status in (MembershipStatus.LEFT, MembershipStatus.DECLINED):
        return membership
    membership.status = MembershipStatus.LEFT
    membership.full_clean()
    membership.save(update_fields=["status", "updated_at"])
    Rsvp.objects.filter(meeting__community=community, meeting__start__gt=timezone.now(), user=user).delete()
    return membership


# --- meetings ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    community: Community,
    actor,
    title: str,
    start: datetime,
    end: datetime,
    mode: str,
    venue: str = "",
    join_link: str = "",
    agenda: str = "",
    notes: str = "",
) -> Meeting:
    _require_manager(actor=actor, community=community)
    meeting = Meeting(
        community=community,
        title=title,
        start=start,
        end=end,
        mode=mode,
        venue=venue,
        join_link=join_link,
        agenda=agenda,
        notes=notes,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, **changes) -> Meeting:
    """Change a meeting. If its time or place changes, SEQUENCE goes up (same UID) so calendars update."""
    _require_manager(actor=actor, community=meeting.community)
    allowed = set(CALENDAR_FIELDS) | {"agenda", "notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"meeting_update() cannot change {', '.join(sorted(unknown))}")
    moved = any(getattr(meeting, name) != value for name, value in changes.items() if name in CALENDAR_FIELDS)
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if moved:
        Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
        meeting.refresh_from_db(fields=["sequence"])
        if meeting.end > timezone.now():
            _tell_members_about_change(meeting, kind="communities-meeting-changed")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> Meeting:
    """Cancel a meeting: it stays (same UID) with SEQUENCE bumped and STATUS:CANCELLED in calendars."""
    _require_manager(actor=actor, community=meeting.community)
    if meeting.cancelled:
        return meeting
    Meeting.objects.filter(pk=meeting.pk).update(cancelled=True, sequence=F("sequence") + 1)
    public_pages_changed()  # update() sends no signal; the community's page shows its next meeting
    meeting.refresh_from_db(fields=["cancelled", "sequence"])
    if meeting.end > timezone.now():
        _tell_members_about_change(meeting, kind="communities-meeting-cancelled")
    return meeting


def _tell_members_about_change(meeting: Meeting, *, kind: str) -> None:
    """Email every member who has not said they won't come, with the updated calendar entry.

    Each change has its own SEQUENCE, so each is its own outbox occasion: sent once per change.
    """
    from .calendar import calendar_for

    declined = Rsvp.objects.filter(meeting=meeting, answer=RsvpAnswer.NOT_GOING).values("user_id")
    members = (
        Membership.objects.filter(community=meeting.community, status=MembershipStatus.APPROVED)
        .exclude(user_id__in=declined)
        .select_related("user")
    )
    invitation = calendar_for([meeting], name=meeting.community.name, include_join_link=True).decode()
    # A cancellation must replace the entry in the member's calendar, not add a second one.
    invitation = invitation.replace(
        "METHOD:PUBLISH", "METHOD:CANCEL" if meeting.cancelled else "METHOD:REQUEST"
    )
    outbox_enqueue_many(
        requests=[
            OutboxRequest(
                recipient=membership.user.email,
                kind=kind,
                template=f"communities/{kind.removeprefix('communities-')}",
                context={
                    "name": membership.user.get_short_name(),
                    "meeting": meeting,
                    "community": meeting.community.name,
                    "meeting_url": absolute_url(meeting.get_absolute_url()),
                },
                about=meeting,
                occasion=f"sequence-{meeting.sequence}",
                attachments=[{"filename": "meeting.ics", "content": invitation, "mimetype": "text/calendar"}],
            )
            for membership in members
        ]
    )


@transaction.atomic
def meeting_paper_add(*, meeting: Meeting, actor, title: str, file) -> MeetingPaper:
    _require_manager(actor=actor, community=meeting.community)
    paper = MeetingPaper(meeting=meeting, title=title, file=file, uploaded_by=actor)
    paper.full_clean()
    paper.save()
    return paper


@transaction.atomic
def meeting_paper_delete(*, paper: MeetingPaper, actor) -> None:
    _require_manager(actor=actor, community=paper.meeting.community)
    stored = paper.file.name
    storage = paper.file.storage
    paper.delete()
    # Remove the file only once the row is surely gone.
    transaction.on_commit(lambda: storage.delete(stored))


# --- RSVPs and attendance ----------------------------------------------------------------------


@transaction.atomic
def rsvp_set(*, meeting: Meeting, user, answer: str) -> Rsvp:
    """Say whether you are going. Members only, and only until the meeting starts."""
    if answer not in RsvpAnswer.values:
        raise ValidationError({"answer": "Choose going, maybe or not going."})
    if not Membership.objects.filter(
        community=meeting.community_id, user=user, status=MembershipStatus.APPROVED
    ).exists():
        raise PermissionDenied("Only members of this community can reply.")
    if meeting.cancelled:
        raise ValidationError("This meeting has been cancelled, so there is nothing to reply to.")
    if timezone.now() >= meeting.start:
        started = timezone.localtime(meeting.start).strftime("%H:%M on %A %-d %B %Y")
        raise ValidationError(
            f"Replies closed when the meeting started ({started}). You can no longer change yours."
        )
    rsvp, _ = Rsvp.objects.update_or_create(meeting=meeting, user=user, defaults={"answer": answer})
    return rsvp


@transaction.atomic
def attendance_record(*, meeting: Meeting, actor, user_ids: list[int]) -> list[Attendance]:
    """Record who came, replacing what was recorded before. Only once the meeting has started."""
    _require_manager(actor=actor, community=meeting.community)
    if timezone.now() < meeting.start:
        raise ValidationError("Attendance can be recorded once the meeting has started.")
    if meeting.cancelled:
        raise ValidationError("This meeting was cancelled.")
    member_ids = set(
        Membership.objects.filter(community=meeting.community_id, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    unknown = set(user_ids) - member_ids
    if unknown:
        raise ValidationError("Attendance can only be recorded for people in this community.")
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=member_ids).delete()
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user_id=user_id, recorded_by=actor) for user_id in member_ids - existing]
    )
    return list(Attendance.objects.filter(meeting=meeting))


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
    _require_manager(actor=actor, community=community)
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
    """Replace the secret token: the old feed URL stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "updated_at"])
    return feed


# --- personal data -----------------------------------------------------------------------------


@transaction.atomic
def personal_data_erase(*, user) -> None:
    """Remove a person's memberships, RSVPs and calendar feed; keep attendance only as a count."""
    for meeting_id in Attendance.objects.filter(user=user).values_list("meeting_id", flat=True):
        Meeting.objects.filter(pk=meeting_id).update(anonymous_attendance=F("anonymous_attendance") + 1)
    Attendance.objects.filter(user=user).delete()
    Rsvp.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
