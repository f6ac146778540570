"""The .ics file attached to a reminder (icalendar), with the occasion's own UID and SEQUENCE."""

from django.utils import timezone
from icalendar import Calendar, Event

from apps.core.contracts import Occasion
from apps.core.emails import absolute_url


def occasion_uid(occasion: Occasion) -> str:
    if occasion.uid:
        return occasion.uid
    meta = occasion.obj._meta
    return f"{meta.app_label}-{meta.model_name}-{occasion.obj.pk}@iau-portal"


def occasion_ics(occasion: Occasion) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//IAU Portal//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", occasion_uid(occasion))
    event.add("sequence", occasion.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", occasion.starts_at)
    if occasion.ends_at:
        event.add("dtend", occasion.ends_at)
    event.add("summary", occasion.title)
    if occasion.where:
        event.add("location", occasion.where)
    event.add("url", absolute_url(occasion.url))
    event.add("description", f"Details: {absolute_url(occasion.url)}")
    calendar.add_component(event)
    return calendar.to_ical().decode()
