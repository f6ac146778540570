from datetime import UTC, datetime, timedelta
from email import message_from_string
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from apps.core.contracts import Attendee
from apps.core.models import OutboxMessage
from apps.notifications.services import reminders_send_due
from tests.factories.accounts import UserFactory
from tests.factories.involvement import MemberProfileFactory
from tests.factories.notifications import TopicFactory

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 14:00 in London (GMT, so 14:00 UTC).
MEETING = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)


def _send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send_due(**kwargs)


@pytest.fixture
def member():
    return UserFactory(email="ada@example.org", display_name="Ada Lovelace")


@pytest.fixture
def meeting(notification_sources, member):
    topic = TopicFactory(name="Stroke rehab", slug="stroke-rehab")
    return notification_sources.add_occasion(
        topic=topic,
        starts_at=MEETING,
        ends_at=MEETING + timedelta(hours=1, minutes=30),
        title="Stroke rehab community meeting",
        where="Room 2, Keele Hall, Keele ST5 5BG",
        mode="hybrid",
        join_link="https://meet.example/stroke",
        papers=[("Minutes of February", "/communities/stroke-rehab/papers/1/")],
        uid="communities-meeting-7@iau-portal",
        sequence=2,
        attendees=[
            Attendee(
                email=member.email,
                name="Ada",
                user_id=member.pk,
                change_url="/communities/stroke-rehab/rsvp/",
            )
        ],
    )


def test_reminder_goes_a_week_before_with_what_and_when_in_the_subject(
    meeting, django_capture_on_commit_callbacks
):
    with time_machine.travel(MEETING - timedelta(days=7), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 1

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reminder: Stroke rehab community meeting, Tue 3 March, 14:00"
    assert mail.outbox[0].to == ["ada@example.org"]


def test_reminder_is_not_sent_before_it_is_due(meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(MEETING - timedelta(days=7, minutes=1), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []


def test_reminder_run_twice_sends_once(meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(MEETING - timedelta(days=6), tick=False):
        _send(django_capture_on_commit_callbacks)
        assert _send(django_capture_on_commit_callbacks) == 0

    assert len(mail.outbox) == 1


def test_send_reminders_command_run_twice_sends_each_email_once(meeting, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(MEETING - timedelta(hours=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders", stdout=StringIO())
        call_command("send_reminders", stdout=StringIO())

    assert len(mail.outbox) == 1


def test_each_offset_sends_its_own_reminder_at_its_time(meeting, django_capture_on_commit_callbacks):
    for moment in (MEETING - timedelta(days=7), MEETING - timedelta(days=3), MEETING - timedelta(hours=23)):
        with time_machine.travel(moment, tick=False):
            _send(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert OutboxMessage.objects.order_by("pk").values_list("occasion", flat=True)[::1] == [
        "reminder:7d:20260303T1400Z",
        "reminder:1d:20260303T1400Z",
    ]


def test_occasion_added_late_gets_only_the_nearest_reminder(meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(MEETING - timedelta(hours=10), tick=False):
        _send(django_capture_on_commit_callbacks)
        _send(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().occasion == "reminder:1d:20260303T1400Z"


def test_moved_meeting_gets_a_fresh_reminder_for_its_new_time(meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(MEETING - timedelta(days=7), tick=False):
        _send(django_capture_on_commit_callbacks)
    meeting["starts_at"] = (MEETING + timedelta(days=1)).isoformat()
    with time_machine.travel(MEETING - timedelta(days=6), tick=False):
        _send(django_capture_on_commit_callbacks)
        _send(django_capture_on_commit_callbacks)

    assert [message.subject for message in mail.outbox] == [
        "Reminder: Stroke rehab community meeting, Tue 3 March, 14:00",
        "Reminder: Stroke rehab community meeting, Wed 4 March, 14:00",
    ]


def test_cancelled_meeting_gets_no_reminder(meeting, django_capture_on_commit_callbacks):
    meeting["cancelled"] = True
    with time_machine.travel(MEETING - timedelta(hours=2), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []


def test_meeting_that_has_started_gets_no_reminder(meeting, django_capture_on_commit_callbacks):
    with time_machine.travel(MEETING + timedelta(minutes=1), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 0


@pytest.mark.parametrize(
    ("source", "mode", "expected"),
    [
        ("seminar", "online", ["reminder:1d:20260303T1400Z", "reminder:1h:20260303T1400Z"]),
        ("seminar", "hybrid", ["reminder:1d:20260303T1400Z", "reminder:1h:20260303T1400Z"]),
        ("seminar", "in_person", ["reminder:1d:20260303T1400Z"]),
        ("community-meeting", "online", ["reminder:1d:20260303T1400Z"]),
    ],
)
def test_online_seminars_also_get_a_reminder_an_hour_before(
    meeting, source, mode, expected, django_capture_on_commit_callbacks
):
    meeting.update(source=source, mode=mode)
    for moment in (MEETING - timedelta(hours=2), MEETING - timedelta(minutes=59)):
        with time_machine.travel(moment, tick=False):
            _send(django_capture_on_commit_callbacks)

    assert list(OutboxMessage.objects.order_by("pk").values_list("occasion", flat=True)) == expected


def test_reminder_body_says_where_join_link_papers_and_how_to_change_the_answer(
    meeting, django_capture_on_commit_callbacks
):
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    body = mail.outbox[0].body
    assert "When: Tuesday 3 March 2026, 14:00 to 15:30 (UK time)" in body
    assert "Where: Room 2, Keele Hall, Keele ST5 5BG" in body
    assert "Join online: https://meet.example/stroke" in body
    assert "- Minutes of February: https://portal.test/communities/stroke-rehab/papers/1/" in body
    assert "https://portal.test/communities/stroke-rehab/rsvp/" in body
    assert "https://portal.test/notifications/preferences/" in body
    html = mail.outbox[0].alternatives[0][0]
    assert '<a href="https://meet.example/stroke">Join online</a>' in html


def test_join_link_is_left_out_for_an_attendee_who_may_not_see_it(
    meeting, django_capture_on_commit_callbacks
):
    meeting["attendees"] = [Attendee(email="guest@example.org", may_see_join_link=False)]
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert "meet.example" not in mail.outbox[0].body
    assert "meet.example" not in mail.outbox[0].alternatives[0][0]
    assert "The joining link is on the page below once you sign in." in mail.outbox[0].body


def test_reminder_attaches_an_ics_with_the_occasions_uid_and_sequence(
    meeting, django_capture_on_commit_callbacks
):
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("invitation.ics", "text/calendar; method=PUBLISH")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]) == "communities-meeting-7@iau-portal"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == MEETING
    assert str(event["LOCATION"]) == "Room 2, Keele Hall, Keele ST5 5BG"


def test_carer_is_copied_in_and_large_print_html_sent_when_asked_for(
    meeting, member, notification_sources, django_capture_on_commit_callbacks
):
    MemberProfileFactory(user=member, large_print=True, carer_copied=True, carer_email="Carer@Example.org")
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    sent = mail.outbox[0]
    assert sent.cc == ["carer@example.org"]
    assert "font-size: 24px" in sent.alternatives[0][0]
    assert sent.subject == "Reminder: Stroke rehab community meeting, Tue 3 March, 14:00"


def test_reminder_without_access_needs_is_normal_print_without_cc(
    meeting, django_capture_on_commit_callbacks
):
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert mail.outbox[0].cc == []
    assert "font-size: 16px" in mail.outbox[0].alternatives[0][0]


# The clocks go back on Sunday 25 October 2026: a 14:00 meeting on Monday 26 October is 14:00 GMT.
AFTER_CLOCKS_GO_BACK = datetime(2026, 10, 26, 14, 0, tzinfo=UTC)
# The clocks go forward on Sunday 28 March 2027: a 14:00 meeting on Monday 29 March is 14:00 BST.
AFTER_CLOCKS_GO_FORWARD = datetime(2027, 3, 29, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("starts_at", "subject", "week_before_utc", "day_before_utc"),
    [
        # A week before is 14:00 BST (13:00 UTC); the day before is 14:00 GMT (14:00 UTC).
        (
            AFTER_CLOCKS_GO_BACK,
            "Reminder: Clocks meeting, Mon 26 October, 14:00",
            datetime(2026, 10, 19, 13, 0, tzinfo=UTC),
            datetime(2026, 10, 25, 14, 0, tzinfo=UTC),
        ),
        # A week before is 14:00 GMT (14:00 UTC); the day before is 14:00 BST (13:00 UTC).
        (
            AFTER_CLOCKS_GO_FORWARD,
            "Reminder: Clocks meeting, Mon 29 March, 14:00",
            datetime(2027, 3, 22, 14, 0, tzinfo=UTC),
            datetime(2027, 3, 28, 13, 0, tzinfo=UTC),
        ),
    ],
)
def test_reminders_keep_london_time_across_the_clocks_change(
    notification_sources,
    starts_at,
    subject,
    week_before_utc,
    day_before_utc,
    django_capture_on_commit_callbacks,
):
    notification_sources.add_occasion(
        topic=TopicFactory(),
        starts_at=starts_at,
        title="Clocks meeting",
        attendees=[Attendee(email="member@example.org")],
    )
    for due in (week_before_utc, day_before_utc):
        with time_machine.travel(due - timedelta(minutes=1), tick=False):
            assert _send(django_capture_on_commit_callbacks) == 0
        with time_machine.travel(due, tick=False):
            assert _send(django_capture_on_commit_callbacks) == 1

    assert [message.subject for message in mail.outbox] == [subject, subject]
    assert "Monday" in mail.outbox[0].body
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts_at


def test_deadline_reminder_speaks_of_a_deadline(notification_sources, django_capture_on_commit_callbacks):
    notification_sources.add_occasion(
        topic=TopicFactory(),
        starts_at=MEETING,
        source="opportunity-deadline",
        title="Interest in the diabetes study panel",
        attendees=[Attendee(email="member@example.org")],
    )
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert mail.outbox[0].subject == "Reminder: Interest in the diabetes study panel, Tue 3 March, 14:00"
    assert "the deadline for Interest in the diabetes study panel is tomorrow" in mail.outbox[0].body


def test_each_attendee_gets_their_own_reminder(meeting, django_capture_on_commit_callbacks):
    meeting["attendees"] = [Attendee(email=f"member{n}@example.org") for n in range(5)]
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 5

    assert sorted(message.to[0] for message in mail.outbox) == [f"member{n}@example.org" for n in range(5)]


def test_reminder_over_real_smtp_carries_a_text_calendar_part(meeting, smtp_server):
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        reminders_send_due()
    from apps.core.services import outbox_deliver

    outbox_deliver(message_id=OutboxMessage.objects.get().pk)

    received = message_from_string(smtp_server.messages[0].as_string())
    types = [part.get_content_type() for part in received.walk()]
    assert "text/calendar" in types
    assert "text/plain" in types
    (part,) = [part for part in received.walk() if part.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    event = calendar.walk("VEVENT")[0]
    assert (part.get_param("method"), str(calendar["METHOD"])) == ("PUBLISH", "PUBLISH")
    assert (str(event["UID"]), event["SEQUENCE"]) == ("communities-meeting-7@iau-portal", 2)
    assert str(event["ORGANIZER"]) == "mailto:portal@iau.example"


def test_a_failing_source_does_not_stop_the_others(meeting, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_SOURCE_MODULES = [
        "tests.notifications.broken_source",
        "tests.notifications.sources",
    ]
    with time_machine.travel(MEETING - timedelta(days=1), tick=False):
        assert _send(django_capture_on_commit_callbacks) == 1

    assert len(mail.outbox) == 1


def test_beat_runs_reminders_every_five_minutes_and_digests_hourly(settings):
    from iau_portal.celery import app as celery_app

    celery_app.loader.import_default_modules()  # what a worker does when it starts: find every tasks.py
    schedule = settings.CELERY_BEAT_SCHEDULE
    reminders, digests = schedule["notifications-send-reminders"], schedule["notifications-send-digests"]

    assert (reminders["task"], str(reminders["schedule"])) == (
        "notifications.send_reminders",
        "<crontab: */5 * * * * (m/h/dM/MY/d)>",
    )
    assert (digests["task"], str(digests["schedule"])) == (
        "notifications.send_digests",
        "<crontab: 15 * * * * (m/h/dM/MY/d)>",
    )
    assert {"notifications.send_reminders", "notifications.send_digests"} <= set(celery_app.tasks)


def test_reminder_run_uses_the_same_queries_for_one_attendee_and_many(meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count, moment):
        meeting["attendees"] = [Attendee(email=f"member{n}@example.org", user_id=None) for n in range(count)]
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            assert reminders_send_due() == count
        return len(queries)

    assert queries_for(1, MEETING - timedelta(days=7)) == queries_for(30, MEETING - timedelta(days=1))
