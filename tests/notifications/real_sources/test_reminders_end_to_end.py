"""Reminders built from the real domain apps: communities, seminars and involvement access needs."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.communities.enums import MemberRole, RsvpAnswer
from apps.communities.meeting_services import meeting_cancel, meeting_update
from apps.communities.models import Rsvp
from apps.seminars.enums import RegistrationStatus
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.involvement import MemberProfileFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def _send_reminders(capture):
    with capture(execute=True):
        call_command("send_reminders", verbosity=0)


def _reminders():
    return [message for message in mail.outbox if message.subject.startswith("Reminder:")]


def test_community_meeting_reminds_members_who_have_not_declined_once(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(start=timezone.now() + timedelta(hours=20), title="Evidence review")
    going = MembershipFactory(community=meeting.community, user=UserFactory(email="going@example.org"))
    declined = MembershipFactory(community=meeting.community, user=UserFactory(email="declined@example.org"))
    Rsvp.objects.create(meeting=meeting, user=going.user, answer=RsvpAnswer.GOING)
    Rsvp.objects.create(meeting=meeting, user=declined.user, answer=RsvpAnswer.NOT_GOING)

    _send_reminders(django_capture_on_commit_callbacks)
    _send_reminders(django_capture_on_commit_callbacks)

    reminders = _reminders()
    assert [message.to for message in reminders] == [["going@example.org"]]
    reminder = reminders[0]
    assert reminder.subject.startswith("Reminder: Evidence review")
    assert "https://meet.example.org/secret-room" in reminder.body
    calendar = [
        attachment for attachment in reminder.attachments if attachment[2].startswith("text/calendar")
    ]
    assert len(calendar) == 1
    assert f"UID:communities-meeting-{meeting.pk}@iau-portal" in calendar[0][1]


def test_moved_meeting_gets_a_fresh_reminder_and_a_cancelled_one_none(django_capture_on_commit_callbacks):
    facilitator = MembershipFactory(role=MemberRole.FACILITATOR)
    meeting = MeetingFactory(community=facilitator.community, start=timezone.now() + timedelta(hours=20))
    MembershipFactory(community=meeting.community, user=UserFactory(email="member@example.org"))
    cancelled = MeetingFactory(community=meeting.community, start=timezone.now() + timedelta(hours=22))
    meeting_cancel(meeting=cancelled, actor=facilitator.user)
    _send_reminders(django_capture_on_commit_callbacks)
    assert len(_to_member()) == 1

    # Moved to three days ahead: the reminder for "within the week" is due again, for the new time.
    new_start = meeting.start + timedelta(days=3)
    meeting_update(
        meeting=meeting, actor=facilitator.user, start=new_start, end=new_start + timedelta(hours=1)
    )
    _send_reminders(django_capture_on_commit_callbacks)
    assert len(_to_member()) == 2
    assert new_start.astimezone(timezone.get_current_timezone()).strftime("%-d %B") in _to_member()[1].subject

    with time_machine.travel(new_start - timedelta(hours=12)):
        _send_reminders(django_capture_on_commit_callbacks)
        _send_reminders(django_capture_on_commit_callbacks)

    assert len(_to_member()) == 3
    assert all(cancelled.title not in message.subject for message in _to_member())


def _to_member():
    return [message for message in _reminders() if message.to == ["member@example.org"]]


def test_member_who_asked_for_a_carer_copy_gets_their_carer_copied_in(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(start=timezone.now() + timedelta(hours=20))
    member = UserFactory(email="patient@example.org")
    MembershipFactory(community=meeting.community, user=member, role=MemberRole.PATIENT_OR_PUBLIC)
    MemberProfileFactory(user=member, carer_copied=True, carer_email="carer@example.org", large_print=True)

    _send_reminders(django_capture_on_commit_callbacks)

    (reminder,) = _reminders()
    assert reminder.to == ["patient@example.org"]
    assert reminder.cc == ["carer@example.org"]
    html = reminder.alternatives[0][0]
    assert "font-size" in html


def test_online_seminar_reminds_confirmed_registrants_an_hour_before_not_the_waitlist(
    django_capture_on_commit_callbacks,
):
    seminar = SeminarFactory(starts_at=timezone.now() + timedelta(minutes=50), mode="online")
    RegistrationFactory(seminar=seminar, email="confirmed@example.org")
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)

    _send_reminders(django_capture_on_commit_callbacks)
    _send_reminders(django_capture_on_commit_callbacks)

    reminders = _reminders()
    assert [message.to for message in reminders] == [["confirmed@example.org"]]
    assert "https://meet.example.org/secret-room" in reminders[0].body


def test_expense_claims_awaiting_a_decision_remind_the_coordinators(django_capture_on_commit_callbacks):
    from tests.factories.involvement import ExpenseFactory

    coordinator = StaffFactory(email="coordinator@example.org", is_superuser=True)
    claim = ExpenseFactory()

    with time_machine.travel(claim.created_at + timedelta(days=6, hours=1)):
        _send_reminders(django_capture_on_commit_callbacks)

    assert coordinator.email in [address for message in _reminders() for address in message.to]
