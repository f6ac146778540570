"""Members choose on their email choices page (linked from /me/) when reminders come; the sweep honours it.

Through the pages and a real SMTP server, with the clock frozen at each moment a reminder may be due. Each
reminder says when and where (or the join link), and carries the calendar file.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from apps.communities.enums import MembershipStatus
from apps.core.enums import DeliveryMode
from apps.notifications.models import NotificationPreference
from apps.seminars.enums import RegistrationStatus
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

PREFERENCES = "/notifications/preferences/"
# Tuesday 10 March 2026, 14:00 in London (GMT).
MEETING = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def _sweep(smtp_server, capture, at: datetime) -> list:
    """Run the reminder command twice at `at`; return what reached the SMTP server this time."""
    before = len(smtp_server.messages)
    with time_machine.travel(at, tick=False):
        for _ in range(2):
            with capture(execute=True):
                call_command("send_reminders", verbosity=0)
    return smtp_server.messages[before:]


def _choose(client, user, timings: list[str]):
    sign_in(client, user)
    answer = client.post(PREFERENCES, {"digest_frequency": "weekly", "reminder_timings": timings})
    assert answer.status_code == 302
    client.logout()


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _calendar_files(message) -> list[str]:
    return [
        part.get_filename()
        for part in message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]


@pytest.fixture
def meeting():
    return MeetingFactory(
        start=MEETING,
        end=MEETING + timedelta(hours=1),
        title="Evidence review",
        mode=DeliveryMode.ONLINE,
        join_link="https://meet.example.org/evidence-room",
    )


def test_a_member_who_chose_the_morning_only_gets_that_and_others_keep_the_usual_two(
    client, smtp_server, django_capture_on_commit_callbacks, meeting
):
    morning_person = UserFactory(email="morning@example.org", display_name="Mo Rning")
    usual = UserFactory(email="usual@example.org")
    MembershipFactory(community=meeting.community, user=morning_person)
    MembershipFactory(community=meeting.community, user=usual)
    _choose(client, morning_person, ["morning"])

    week = _sweep(smtp_server, django_capture_on_commit_callbacks, MEETING - timedelta(days=7))
    day = _sweep(smtp_server, django_capture_on_commit_callbacks, MEETING - timedelta(days=1))
    before_seven = _sweep(
        smtp_server, django_capture_on_commit_callbacks, datetime(2026, 3, 10, 6, 59, tzinfo=UTC)
    )
    morning = _sweep(smtp_server, django_capture_on_commit_callbacks, datetime(2026, 3, 10, 7, 0, tzinfo=UTC))

    assert [message["To"] for message in week] == ["usual@example.org"]
    assert [message["To"] for message in day] == ["usual@example.org"]
    assert before_seven == []
    assert [message["To"] for message in morning] == ["morning@example.org"]
    text = _text(morning[0])
    assert "Evidence review" in text
    assert "Tuesday 10 March 2026, 14:00 to 15:00 (UK time)" in text
    assert "Join online: https://meet.example.org/evidence-room" in text
    assert _calendar_files(morning[0]) == ["invitation.ics"]


def test_a_member_who_ticks_nothing_gets_no_reminders(
    client, smtp_server, django_capture_on_commit_callbacks, meeting
):
    member = UserFactory(email="quiet@example.org")
    MembershipFactory(community=meeting.community, user=member)
    _choose(client, member, [])

    for moment in (MEETING - timedelta(days=7), MEETING - timedelta(days=1), MEETING - timedelta(hours=7)):
        assert _sweep(smtp_server, django_capture_on_commit_callbacks, moment) == []
    assert NotificationPreference.objects.get(user=member).reminder_timings == []


def test_reminders_go_only_to_approved_members_and_confirmed_registrants(
    client, smtp_server, django_capture_on_commit_callbacks, meeting
):
    MembershipFactory(community=meeting.community, user=UserFactory(email="approved@example.org"))
    MembershipFactory(
        community=meeting.community,
        user=UserFactory(email="asked@example.org"),
        status=MembershipStatus.REQUESTED,
    )
    seminar = SeminarFactory(
        starts_at=MEETING + timedelta(hours=2),
        ends_at=MEETING + timedelta(hours=3),
        mode=DeliveryMode.HYBRID,
        venue="David Weatherall Building",
        address="Keele\nST5 5BG",
    )
    RegistrationFactory(seminar=seminar, email="confirmed@example.org", name="Con Firmed")
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)

    sent = _sweep(smtp_server, django_capture_on_commit_callbacks, MEETING - timedelta(days=1))

    assert sorted(message["To"] for message in sent) == ["approved@example.org", "confirmed@example.org"]
    seminar_reminder = next(message for message in sent if message["To"] == "confirmed@example.org")
    text = _text(seminar_reminder)
    assert text.startswith("Dear Con Firmed,")
    assert "Tuesday 10 March 2026, 16:00 to 17:00 (UK time)" in text
    assert "David Weatherall Building" in text
    assert "Join online: https://meet.example.org/secret-room" in text
    assert _calendar_files(seminar_reminder) == ["invitation.ics"]


def test_an_hour_before_goes_for_an_online_seminar_only_to_those_who_keep_it(
    client, smtp_server, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(
        starts_at=MEETING, ends_at=MEETING + timedelta(hours=1), mode=DeliveryMode.ONLINE
    )
    keeps = UserFactory(email="keeps@example.org")
    drops = UserFactory(email="drops@example.org")
    RegistrationFactory(seminar=seminar, email=keeps.email)
    RegistrationFactory(seminar=seminar, email=drops.email)
    _choose(client, drops, ["7d", "1d"])

    day_before = _sweep(smtp_server, django_capture_on_commit_callbacks, MEETING - timedelta(days=1))
    hour_before = _sweep(smtp_server, django_capture_on_commit_callbacks, MEETING - timedelta(hours=1))

    assert sorted(message["To"] for message in day_before) == ["drops@example.org", "keeps@example.org"]
    assert [message["To"] for message in hour_before] == ["keeps@example.org"]


def test_the_member_area_shows_the_reminders_chosen(client):
    member = UserFactory()
    _choose(client, member, ["1d", "morning"])
    sign_in(client, member)

    page = client.get("/me/").content.decode()

    assert "The day before, On the morning of the day (at 7am)" in page


def test_an_unknown_reminder_is_explained_next_to_the_field_and_nothing_is_saved(client):
    member = UserFactory()
    sign_in(client, member)

    answer = client.post(PREFERENCES, {"digest_frequency": "weekly", "reminder_timings": ["2y"]})

    assert answer.status_code == 200
    assert answer.context["form"].errors["reminder_timings"] == [
        "Select a valid choice. 2y is not one of the available choices."
    ]
    assert NotificationPreference.objects.filter(user=member).exists() is False
