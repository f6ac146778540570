"""Calendar files (RFC 5545) for community meetings: stable UIDs, SEQUENCE from the meeting."""

from collections.abc import Iterable
from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from apps.core.emails import absolute_url

from .models import Meeting


def _event(meeting: Meeting, *, include_join_link: bool) -> Event:
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    # UTC, so no VTIMEZONE is needed and every calendar app agrees across the clocks changing.
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("dtend", meeting.end.astimezone(UTC))
    prefix = "Cancelled: " if meeting.cancelled else ""
    event.add("summary", f"{prefix}{meeting.title} ({meeting.community.name})")
    event.add("location", meeting.where)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    page = absolute_url(meeting.get_absolute_url())
    event.add("url", page)
    description = [meeting.agenda.strip(), f"Meeting page: {page}"]
    if include_join_link and meeting.join_link and not meeting.cancelled:
        description.insert(1, f"Join online: {meeting.join_link}")
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str, include_join_link: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//IAU Portal//Communities of practice//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, include_join_link=include_join_link))
    return calendar.to_ical()
