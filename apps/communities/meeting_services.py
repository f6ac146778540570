"""Meetings of a community: planning, moving and cancelling them (members are told once for each
change, with the calendar entry updated), their papers, who is coming and who came."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.events import changes_from_stored, sequence_bump
from apps.core.page_cache import public_pages_changed
from apps.core.services import OutboxRequest, outbox_enqueue_many
from apps.core.updates import model_update

from .calendar import meeting_invitation
from .enums import (
    MembershipStatus,
    RsvpAnswer,
)
from .models import (
    Attendance,
    Community,
    Meeting,
    MeetingPaper,
    Membership,
    Rsvp,
)
from .permissions import require_manager
from .selectors import memberships_for_attendance

# Changing any of these moves the meeting in people's calendars, so its SEQUENCE goes up.
CALENDAR_FIELDS = ("title", "start", "end", "mode", "venue", "join_link")


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
    changes_reported: str = "",
) -> Meeting:
    require_manager(actor=actor, community=community)
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
        changes_reported=changes_reported,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, **changes) -> Meeting:
    """Change a meeting. If its time or place changes, SEQUENCE goes up (same UID) so calendars update."""
    require_manager(actor=actor, community=meeting.community)
    allowed = set(CALENDAR_FIELDS) | {"agenda", "notes", "changes_reported"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"meeting_update() cannot change {', '.join(sorted(unknown))}")
    # "Before" comes from the database, never from the instance: a ModelForm (the facilitator's page,
    # the admin) has already written the new values onto it during is_valid().
    _, moved = changes_from_stored(meeting, changes, fields=CALENDAR_FIELDS)
    model_update(meeting, **changes)
    if moved:
        sequence_bump(meeting)
        if meeting.end > timezone.now():
            _tell_members_about_change(meeting, kind="communities-meeting-changed")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> Meeting:
    """Cancel a meeting: it stays (same UID) with SEQUENCE bumped and STATUS:CANCELLED in calendars."""
    require_manager(actor=actor, community=meeting.community)
    if meeting.cancelled:
        return meeting
    sequence_bump(meeting, cancelled=True)
    public_pages_changed()  # update() sends no signal; the community's page shows its next meeting
    if meeting.end > timezone.now():
        _tell_members_about_change(meeting, kind="communities-meeting-cancelled")
    return meeting


def _tell_members_about_change(meeting: Meeting, *, kind: str) -> None:
    """Email every member who has not said they won't come, with the updated calendar entry.

    Each change has its own SEQUENCE, so each is its own outbox occasion: sent once per change.
    """
    declined = Rsvp.objects.filter(meeting=meeting, answer=RsvpAnswer.NOT_GOING).values("user_id")
    answers = dict(Rsvp.objects.filter(meeting=meeting).values_list("user_id", "answer"))
    members = (
        Membership.objects.filter(community=meeting.community, status=MembershipStatus.APPROVED)
        .exclude(user_id__in=declined)
        .select_related("user")
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
                # Each member's own invitation (RFC 5546: it names them as the attendee).
                attachments=[
                    meeting_invitation(
                        meeting, member=membership.user, answer=answers.get(membership.user_id, "")
                    )
                ],
            )
            for membership in members
        ]
    )


@transaction.atomic
def meeting_paper_add(*, meeting: Meeting, actor, title: str, file) -> MeetingPaper:
    require_manager(actor=actor, community=meeting.community)
    paper = MeetingPaper(meeting=meeting, title=title, file=file, uploaded_by=actor)
    paper.full_clean()
    paper.save()
    _tell_members_about_paper(paper, uploader=actor)
    return paper


def _tell_members_about_paper(paper: MeetingPaper, *, uploader) -> None:
    """One email per paper to each member who has not said they won't come (not to the uploader). The
    outbox keys it on (paper, member): however often the paper is saved, each member hears once."""
    meeting = paper.meeting
    if meeting.cancelled:
        return
    declined = Rsvp.objects.filter(meeting=meeting, answer=RsvpAnswer.NOT_GOING).values("user_id")
    members = (
        Membership.objects.filter(community=meeting.community_id, status=MembershipStatus.APPROVED)
        .exclude(user_id__in=declined)
        .exclude(user_id=uploader.pk)
        .select_related("user")
    )
    meeting_url = absolute_url(meeting.get_absolute_url())
    outbox_enqueue_many(
        requests=[
            OutboxRequest(
                recipient=membership.user.email,
                kind="communities-paper-added",
                template="communities/paper-added",
                context={
                    "name": membership.user.get_short_name(),
                    "paper_title": paper.title,
                    "meeting": meeting,
                    "community": meeting.community.name,
                    "meeting_url": meeting_url,
                },
                about=paper,
            )
            for membership in members
        ]
    )


@transaction.atomic
def meeting_paper_delete(*, paper: MeetingPaper, actor) -> None:
    require_manager(actor=actor, community=paper.meeting.community)
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
    require_manager(actor=actor, community=meeting.community)
    if timezone.now() < meeting.start:
        raise ValidationError("Attendance can be recorded once the meeting has started.")
    if meeting.cancelled:
        raise ValidationError("This meeting was cancelled.")
    # Those who were members on the meeting's date (and anyone already recorded), not who joined since.
    member_ids = set(
        memberships_for_attendance(meeting).filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    unknown = set(user_ids) - member_ids
    if unknown:
        raise ValidationError("Attendance can only be recorded for people who were members on the day.")
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=member_ids).delete()
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user_id=user_id, recorded_by=actor) for user_id in member_ids - existing]
    )
    return list(Attendance.objects.filter(meeting=meeting))
