"""Community meetings as calendar entries; the file itself is built by `apps.core.calendar`."""

from collections.abc import Iterable

from apps.core.calendar import (
    CANCEL,
    REQUEST,
    CalendarEvent,
    CalendarPerson,
    calendar_attachment,
    calendar_file,
)
from apps.core.emails import absolute_url

from .enums import RsvpAnswer
from .models import Meeting

# The member's reply on the portal, as the answer their calendar shows (RFC 5545 PARTSTAT).
PARTSTAT_OF_ANSWER = {
    RsvpAnswer.GOING: "ACCEPTED",
    RsvpAnswer.MAYBE: "TENTATIVE",
    RsvpAnswer.NOT_GOING: "DECLINED",
}


def meeting_event(
    meeting: Meeting, *, include_join_link: bool, attendee=None, answer: str = ""
) -> CalendarEvent:
    page = absolute_url(meeting.get_absolute_url())
    description = [meeting.agenda.strip(), f"Meeting page: {page}"]
    if include_join_link and meeting.join_link and not meeting.cancelled:
        description.insert(1, f"Join online: {meeting.join_link}")
    prefix = "Cancelled: " if meeting.cancelled else ""
    return CalendarEvent(
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        title=f"{prefix}{meeting.title} ({meeting.community.name})",
        starts_at=meeting.start,
        ends_at=meeting.end,
        cancelled=meeting.cancelled,
        location=meeting.where,
        description="\n\n".join(part for part in description if part),
        url=page,
        attendee=CalendarPerson(email=attendee.email, name=attendee.display_name) if attendee else None,
        attendee_status=PARTSTAT_OF_ANSWER.get(answer, "NEEDS-ACTION"),
    )


def calendar_for(meetings: Iterable[Meeting], *, name: str, include_join_link: bool) -> bytes:
    """A feed (or one meeting to download): PUBLISH, the member adds it themselves."""
    return calendar_file(
        (meeting_event(meeting, include_join_link=include_join_link) for meeting in meetings), name=name
    )


def meeting_invitation(meeting: Meeting, *, member, answer: str = "") -> dict:
    """The emailed update of a meeting for one member: a REQUEST while it goes ahead (the entry in their
    calendar moves), a CANCEL once it is cancelled (the entry goes)."""
    method = CANCEL if meeting.cancelled else REQUEST
    return calendar_attachment(
        meeting_event(meeting, include_join_link=True, attendee=member, answer=answer),
        method=method,
        filename="cancelled.ics" if meeting.cancelled else "meeting.ics",
    )
