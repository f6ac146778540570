from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from apps.core.calendar import CANCEL, CalendarEvent, CalendarPerson, calendar_attachment, calendar_file

EVENT = CalendarEvent(
    uid="thing-1@iau-portal",
    title="A meeting",
    starts_at=datetime(2030, 3, 1, 14, 0, tzinfo=UTC),
    ends_at=datetime(2030, 3, 1, 16, 0, tzinfo=UTC),
    sequence=3,
    attendee=CalendarPerson(email="ann@example.org", name="Ann"),
)


def test_a_cancel_names_the_organizer_and_the_attendee_and_says_cancelled(settings):
    settings.DEFAULT_FROM_EMAIL = "The Unit <unit@iau.example>"

    attachment = calendar_attachment(EVENT, method=CANCEL)

    calendar = Calendar.from_ical(attachment["content"])
    (event,) = calendar.walk("VEVENT")
    assert (attachment["filename"], attachment["mimetype"]) == (
        "cancelled.ics",
        "text/calendar; method=CANCEL",
    )
    assert (str(calendar["METHOD"]), str(event["STATUS"]), event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 3)
    assert (str(event["ORGANIZER"]), str(event["ORGANIZER"].params["CN"])) == (
        "mailto:unit@iau.example",
        "The Unit",
    )
    assert (str(event["ATTENDEE"]), str(event["ATTENDEE"].params["PARTSTAT"])) == (
        "mailto:ann@example.org",
        "DECLINED",
    )


def test_an_unknown_method_is_refused_rather_than_written():
    with pytest.raises(ValueError, match="Unknown calendar method"):
        calendar_file([EVENT], method="COUNTER")
