"""iCalendar (RFC 5545) for seminars: the public feed, one file per seminar, and emailed invitations."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from apps.core.emails import absolute_url

PRODID = "-//IAU Portal//Seminars//EN"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def organizer_address() -> str:
    return settings.SEMINARS_ORGANIZER_EMAIL or settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip("> ")


def seminar_event(seminar, *, registration=None, include_join_link: bool = False) -> Event:
    event = Event()
    event.add("uid", seminar.uid)
    event.add("sequence", seminar.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", seminar.starts_at.astimezone(UTC))
    event.add("dtend", seminar.ends_at.astimezone(UTC))
    event.add("summary", seminar.title)
    url = absolute_url(seminar.get_absolute_url())
    event.add("url", url)
    description = [seminar.description.strip(), "", f"Details: {url}"]
    if include_join_link and seminar.join_link:
        description.append(f"Join online: {seminar.join_link}")
    event.add("description", "\n".join(description))
    if seminar.where:
        event.add("location", seminar.where)
    event.add("status", "CANCELLED" if seminar.cancelled else "CONFIRMED")
    if seminar.updated_at:
        event.add("last-modified", seminar.updated_at.astimezone(UTC))

    organizer = vCalAddress(f"mailto:{organizer_address()}")
    organizer.params["cn"] = vText(settings.SITE_NAME)
    event.add("organizer", organizer)
    if registration is not None:
        attendee = vCalAddress(f"mailto:{registration.email}")
        attendee.params["cn"] = vText(registration.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("DECLINED" if seminar.cancelled else "ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    return event


def seminar_ics(seminar) -> bytes:
    """One seminar as a file people can add to their calendar (no join link: it is public)."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(seminar_event(seminar))
    return calendar.to_ical()


def seminars_feed_ics(seminars) -> bytes:
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", "Seminars – Impact Accelerator Unit")
    for seminar in seminars:
        calendar.add_component(seminar_event(seminar))
    return calendar.to_ical()


def invitation_ics(seminar, registration, *, method: str | None = None) -> str:
    """The invitation emailed to one registrant: REQUEST while it goes ahead, CANCEL when it is off.

    A personal cancellation (they gave up their place) is a CANCEL too, so the entry leaves their calendar.
    """
    method = method or ("CANCEL" if seminar.cancelled else "REQUEST")
    calendar = _calendar(method)
    event = seminar_event(seminar, registration=registration, include_join_link=method == "REQUEST")
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def invitation_attachment(seminar, registration, *, method: str | None = None) -> dict:
    method = method or ("CANCEL" if seminar.cancelled else "REQUEST")
    return {
        "filename": "cancelled.ics" if method == "CANCEL" else "invite.ics",
        "content": invitation_ics(seminar, registration, method=method),
        # Django adds charset="utf-8" itself; the method parameter is what calendar clients look for.
        "mimetype": f"text/calendar; method={method}",
    }
