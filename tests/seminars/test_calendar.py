from datetime import timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from apps.core.models import OutboxMessage
from apps.seminars.enums import RegistrationStatus
from apps.seminars.services import seminar_cancel, seminar_reschedule
from tests.factories.seminars import PastSeminarFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_lists_upcoming_seminars_as_valid_icalendar_with_stable_uids(client):
    upcoming = SeminarFactory()
    cancelled = SeminarFactory(cancelled=True, sequence=1)
    PastSeminarFactory()
    SeminarFactory(is_published=False)

    response = client.get("/seminars/feed.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = _events(response)
    assert calendar["VERSION"] == "2.0"
    assert sorted(events) == sorted([upcoming.uid, cancelled.uid])
    assert events[cancelled.uid]["STATUS"] == "CANCELLED"
    assert "secret-room" not in response.content.decode()


def test_feed_sequence_goes_up_when_a_seminar_moves(client):
    seminar = SeminarFactory()
    before = _events(client.get("/seminars/feed.ics"))[1][seminar.uid]

    seminar_reschedule(
        seminar=seminar,
        starts_at=seminar.starts_at + timedelta(hours=1),
        ends_at=seminar.ends_at + timedelta(hours=1),
    )

    after = _events(client.get("/seminars/feed.ics"))[1][seminar.uid]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == seminar.starts_at + timedelta(hours=1)


def test_event_ics_for_one_seminar_and_404_for_unknown(client):
    seminar = SeminarFactory()

    response = client.get(f"/seminars/{seminar.slug}/event.ics")

    assert response.status_code == 200
    assert list(_events(response)[1]) == [seminar.uid]
    assert client.get("/seminars/no-such-seminar/event.ics").status_code == 404


def test_reschedule_emails_every_registrant_once_per_change_with_an_updated_invite(
    django_capture_on_commit_callbacks,
):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar, email="holder@example.org")
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(seminar=seminar, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    new_start = seminar.starts_at + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        moved = seminar_reschedule(
            seminar=seminar, starts_at=new_start, ends_at=new_start + timedelta(hours=2)
        )
        seminar_reschedule(seminar=moved, starts_at=new_start, ends_at=new_start + timedelta(hours=2))

    assert moved.sequence == 1
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["holder@example.org", "waiting@example.org"]
    calendar = Calendar.from_ical(by_recipient["holder@example.org"].attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST"
    assert (str(event["UID"]), event["SEQUENCE"]) == (seminar.uid, 1)
    assert event.decoded("DTSTART") == new_start
    assert by_recipient["waiting@example.org"].attachments == []
    assert sorted(OutboxMessage.objects.values_list("occasion", flat=True)) == ["sequence-1", "sequence-1"]

    with django_capture_on_commit_callbacks(execute=True):
        seminar_reschedule(seminar=moved, venue="Another room")

    assert len(mail.outbox) == 4
    assert OutboxMessage.objects.filter(occasion="sequence-2").count() == 2


def test_cancelling_a_seminar_sends_method_cancel_once(django_capture_on_commit_callbacks):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="holder@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = seminar_cancel(seminar=seminar)
        seminar_cancel(seminar=cancelled)

    assert (cancelled.cancelled, cancelled.sequence) == (True, 1)
    (message,) = mail.outbox
    assert message.subject.startswith("Cancelled: ")
    calendar = Calendar.from_ical(message.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert (calendar["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 1)
    assert message.attachments[0][2].startswith("text/calendar")


def test_reschedule_refuses_an_end_before_the_start():
    seminar = SeminarFactory()

    with pytest.raises(Exception) as error:
        seminar_reschedule(seminar=seminar, ends_at=seminar.starts_at - timedelta(hours=1))

    assert "The seminar must end after it starts." in str(error.value)
    seminar.refresh_from_db()
    assert seminar.sequence == 0


def test_seminar_across_the_clocks_change_keeps_its_local_time(time_machine, register):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    time_machine.move_to(datetime(2026, 3, 20, 12, 0, tzinfo=london))
    # The clocks go forward on Sunday 29 March 2026: 10:00 in London is then 09:00 UTC, not 10:00.
    seminar = SeminarFactory(
        starts_at=datetime(2026, 3, 30, 10, 0, tzinfo=london),
        ends_at=datetime(2026, 3, 30, 12, 0, tzinfo=london),
    )

    register(seminar)

    message = mail.outbox[0]
    assert "When: Monday 30 March 2026, 10:00 to 12:00 (UK time)" in message.body
    (event,) = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20260330T090000Z"


def _calendar_part(message):
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def test_invitations_over_real_smtp_are_valid_itip_request_then_cancel(
    client, smtp_server, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    form = {"name": "Ann Example", "email": "ann@example.org", "role": "patient_public", "consent": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/seminars/{seminar.slug}/register/", form)
    with django_capture_on_commit_callbacks(execute=True):
        seminar_cancel(seminar=seminar)

    invited, cancelled = smtp_server.messages
    for message, method, sequence in ((invited, "REQUEST", 0), (cancelled, "CANCEL", 1)):
        content_method, calendar = _calendar_part(message)
        (event,) = calendar.walk("VEVENT")
        assert (content_method, str(calendar["METHOD"])) == (method, method)
        assert (str(event["UID"]), event["SEQUENCE"]) == (seminar.uid, sequence)
        assert str(event["ORGANIZER"]) == "mailto:portal@iau.example"
        assert str(event["ATTENDEE"]) == "mailto:ann@example.org"
    assert str(_calendar_part(cancelled)[1].walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
