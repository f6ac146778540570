"""The one place calendar files (RFC 5545) and emailed invitations (iTIP, RFC 5546) are built.

Apps describe what happens with a `CalendarEvent` and choose the method:

- PUBLISH: a feed or a file people add themselves (and the entry attached to a reminder);
- REQUEST: "this is in your calendar" (an invitation, or an update of one: same UID, higher SEQUENCE);
- CANCEL: take it out of your calendar (same UID, higher SEQUENCE, STATUS:CANCELLED).

Every event names the portal as ORGANIZER (RFC 5546 requires it for REQUEST and CANCEL; calendar apps
ignore an invitation without one). Times are written in UTC, so no VTIMEZONE is needed and every calendar
app agrees across the clocks changing. Never edit a finished file: pass the method here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PUBLISH = "PUBLISH"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (PUBLISH, REQUEST, CANCEL)

PRODID = "-//IAU Portal//Calendar//EN"


@dataclass(frozen=True)
class CalendarPerson:
    """An ORGANIZER or ATTENDEE: an email address and the name to show."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One thing in a calendar. `uid` must never change for the same thing; `sequence` goes up each time
    its time or place changes (or it is cancelled), so calendar apps replace the entry they hold."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    sequence: int = 0
    cancelled: bool = False
    location: str = ""
    description: str = ""
    url: str = ""  # absolute
    last_modified: datetime | None = None
    attendee: CalendarPerson | None = None
    # The attendee's answer, written on the invitation (RFC 5545 PARTSTAT): ACCEPTED, NEEDS-ACTION...
    attendee_status: str = "ACCEPTED"


def portal_organizer() -> CalendarPerson:
    """The portal is the organiser of everything it puts in calendars: it is who sends the updates."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return CalendarPerson(email=settings.CALENDAR_ORGANIZER_EMAIL or address, name=name or settings.SITE_NAME)


def _address(person: CalendarPerson) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    return address


def _event(item: CalendarEvent, *, method: str, organizer: CalendarPerson, stamp: datetime) -> Event:
    cancelled = item.cancelled or method == CANCEL
    event = Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_at.astimezone(UTC))
    if item.ends_at:
        event.add("dtend", item.ends_at.astimezone(UTC))
    event.add("summary", item.title)
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if item.last_modified:
        event.add("last-modified", item.last_modified.astimezone(UTC))
    event.add("organizer", _address(organizer))
    if item.attendee is not None:
        attendee = _address(item.attendee)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("DECLINED" if cancelled else item.attendee_status)
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    return event


def calendar_file(
    events: Iterable[CalendarEvent],
    *,
    method: str = PUBLISH,
    name: str = "",
    organizer: CalendarPerson | None = None,
) -> bytes:
    """A whole calendar file: a feed (many events) or one entry. `name` titles a subscribed feed."""
    if method not in METHODS:
        raise ValueError(f"Unknown calendar method {method!r}; use one of {', '.join(METHODS)}.")
    organizer = organizer or portal_organizer()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    for item in events:
        calendar.add_component(_event(item, method=method, organizer=organizer, stamp=stamp))
    return calendar.to_ical()


def calendar_attachment(
    event: CalendarEvent, *, method: str, filename: str = "", organizer: CalendarPerson | None = None
) -> dict:
    """One event as an email attachment for the outbox. The content type carries the method, which is
    what mail programs look for to offer "add to calendar" or to update and remove the entry."""
    content = calendar_file([event], method=method, organizer=organizer).decode("utf-8")
    return {
        "filename": filename or ("cancelled.ics" if method == CANCEL else "invite.ics"),
        "content": content,
        # Django adds charset="utf-8" itself.
        "mimetype": f"text/calendar; method={method}",
    }
