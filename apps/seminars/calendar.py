"""Seminars as calendar entries: the public feed, one file per seminar, and emailed invitations.

The files themselves are built by `apps.core.calendar`.
"""

from django.conf import settings

from apps.core.calendar import (
    CANCEL,
    PUBLISH,
    REQUEST,
    CalendarEvent,
    CalendarPerson,
    calendar_attachment,
    calendar_file,
)
from apps.core.emails import absolute_url


def seminar_event(seminar, *, registration=None, include_join_link: bool = False) -> CalendarEvent:
    url = absolute_url(seminar.get_absolute_url())
    description = [seminar.description.strip(), "", f"Details: {url}"]
    if include_join_link and seminar.join_link:
        description.append(f"Join online: {seminar.join_link}")
    return CalendarEvent(
        uid=seminar.uid,
        sequence=seminar.sequence,
        title=seminar.title,
        starts_at=seminar.starts_at,
        ends_at=seminar.ends_at,
        cancelled=seminar.cancelled,
        location=seminar.where or "",
        description="\n".join(description),
        url=url,
        last_modified=seminar.updated_at,
        attendee=CalendarPerson(email=registration.email, name=registration.name) if registration else None,
    )


def seminar_ics(seminar) -> bytes:
    """One seminar as a file people can add to their calendar (no join link: it is public)."""
    return calendar_file([seminar_event(seminar)], method=PUBLISH)


def seminars_feed_ics(seminars) -> bytes:
    return calendar_file(
        (seminar_event(seminar) for seminar in seminars),
        method=PUBLISH,
        name=f"Seminars – {settings.UNIT_NAME}",
    )


def invitation_attachment(seminar, registration, *, method: str | None = None) -> dict:
    """The invitation emailed to one registrant: REQUEST while it goes ahead, CANCEL when it is off.

    A personal cancellation (they gave up their place) is a CANCEL too, so the entry leaves their calendar.
    """
    method = method or (CANCEL if seminar.cancelled else REQUEST)
    event = seminar_event(seminar, registration=registration, include_join_link=method == REQUEST)
    return calendar_attachment(event, method=method)
