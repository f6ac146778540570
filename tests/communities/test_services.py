from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from apps.communities import meeting_services, services
from apps.communities.calendar import calendar_for
from apps.communities.enums import MemberRole, MembershipStatus, RsvpAnswer
from apps.communities.models import Attendance, Meeting, Membership, Rsvp
from apps.core.models import OutboxMessage
from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_membership_request_twice_is_harmless(community, outsider):
    first, created_first = services.membership_request(
        community=community, user=outsider, role=MemberRole.CLINICIAN
    )
    second, created_second = services.membership_request(
        community=community, user=outsider, role=MemberRole.ACADEMIC
    )

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Membership.objects.filter(community=community, user=outsider).count() == 1
    assert second.status == MembershipStatus.REQUESTED


def test_membership_request_as_facilitator_is_refused(community, outsider):
    with pytest.raises(ValidationError):
        services.membership_request(community=community, user=outsider, role=MemberRole.FACILITATOR)


def test_membership_request_by_a_member_changes_nothing(community, member):
    membership, created = services.membership_request(
        community=community, user=member, role=MemberRole.CLINICIAN
    )

    assert created is False
    assert membership.status == MembershipStatus.APPROVED


def test_membership_approve_emails_the_requester_once(
    community, requester, facilitator, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(community=community, user=requester)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=membership, actor=facilitator)
        services.membership_approve(membership=membership, actor=facilitator)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == facilitator
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [requester.email]
    assert mail.outbox[0].subject == "You are now a member of Physiotherapy across Staffordshire"
    assert "https://portal.test/communities/staffordshire-physiotherapy/" in mail.outbox[0].body


def test_membership_decline_emails_the_requester(
    community, requester, staff_manager, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(community=community, user=requester)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline(membership=membership, actor=staff_manager)

    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.DECLINED
    assert [message.subject for message in mail.outbox] == [
        "Your request to join Physiotherapy across Staffordshire"
    ]


@pytest.mark.parametrize(
    "actor_name", ["member", "other_facilitator", "staff_without_permission", "outsider"]
)
def test_membership_approve_by_someone_who_does_not_manage_this_community_is_refused(
    community, requester, actor_name, request
):
    actor = request.getfixturevalue(actor_name)
    membership = Membership.objects.get(community=community, user=requester)

    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=membership, actor=actor)

    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED
    assert OutboxMessage.objects.count() == 0


def test_membership_rejoin_after_leaving_opens_a_new_request_and_a_new_email(
    community, requester, facilitator, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(community=community, user=requester)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(membership=membership, actor=facilitator)
    services.membership_leave(community=community, user=requester)

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        membership, created = services.membership_request(
            community=community, user=requester, role="academic"
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.membership_approve(membership=membership, actor=facilitator)

    assert created is True
    assert len(mail.outbox) == 2


def test_membership_leave_removes_future_rsvps(community, member, meeting):
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.GOING)

    services.membership_leave(community=community, user=member)
    services.membership_leave(community=community, user=member)

    assert Membership.objects.get(community=community, user=member).status == MembershipStatus.LEFT
    assert Rsvp.objects.filter(user=member).count() == 0


def test_meeting_create_with_end_before_start_is_refused(community, facilitator):
    start = timezone.now() + timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        meeting_services.meeting_create(
            community=community,
            actor=facilitator,
            title="Backwards",
            start=start,
            end=start - timedelta(hours=1),
            mode="online",
        )

    assert error.value.message_dict["end"] == ["The meeting must end after it starts."]
    assert Meeting.objects.count() == 0


def test_meeting_end_before_start_is_refused_by_the_database(community):
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(community=community, title="x", start=start, end=start, mode="online")


def test_meeting_create_by_facilitator_of_another_community_is_refused(community, other_facilitator):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_create(
            community=community,
            actor=other_facilitator,
            title="Nope",
            start=start,
            end=start + timedelta(hours=1),
            mode="online",
        )


def test_meeting_update_of_time_bumps_sequence_and_keeps_uid(meeting, facilitator):
    uid = meeting.calendar_uid
    new_start = meeting.start + timedelta(days=1)

    meeting_services.meeting_update(
        meeting=meeting, actor=facilitator, start=new_start, end=new_start + timedelta(hours=1)
    )
    meeting_services.meeting_update(meeting=meeting, actor=facilitator, agenda="A new agenda")

    meeting.refresh_from_db()
    assert (meeting.calendar_uid, meeting.sequence) == (uid, 1)


def test_meeting_cancel_bumps_sequence_and_calendar_says_cancelled(meeting, facilitator):
    meeting_services.meeting_cancel(meeting=meeting, actor=facilitator)
    meeting_services.meeting_cancel(meeting=meeting, actor=facilitator)

    event = Calendar.from_ical(calendar_for([meeting], name="x", include_join_link=True)).walk("VEVENT")[0]
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
        f"communities-meeting-{meeting.pk}@iau-portal",
        1,
        "CANCELLED",
    )
    assert "secret-room" not in event["DESCRIPTION"]


def test_rsvp_before_the_start_is_saved_and_can_change(meeting, member):
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.GOING)
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.MAYBE)

    assert list(Rsvp.objects.values_list("answer", flat=True)) == [RsvpAnswer.MAYBE]


def test_rsvp_after_the_start_is_refused_with_a_clear_message(meeting, member):
    with time_machine.travel(meeting.start + timedelta(minutes=1)), pytest.raises(ValidationError) as error:
        meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.GOING)

    assert error.value.messages[0].startswith("Replies closed when the meeting started (")
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize("actor_name", ["outsider", "requester", "other_facilitator"])
def test_rsvp_by_a_non_member_is_refused(meeting, actor_name, request):
    with pytest.raises(PermissionDenied):
        meeting_services.rsvp_set(
            meeting=meeting, user=request.getfixturevalue(actor_name), answer=RsvpAnswer.GOING
        )


def test_attendance_before_the_start_is_refused(meeting, facilitator, member):
    with pytest.raises(ValidationError):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])


def test_attendance_after_the_meeting_replaces_what_was_recorded(meeting, facilitator, member):
    with time_machine.travel(meeting.end + timedelta(hours=1)):
        meeting_services.attendance_record(
            meeting=meeting, actor=facilitator, user_ids=[member.pk, facilitator.pk]
        )
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])

    assert list(Attendance.objects.values_list("user_id", flat=True)) == [member.pk]


def test_attendance_of_someone_outside_the_community_is_refused(meeting, facilitator, outsider):
    with time_machine.travel(meeting.end), pytest.raises(ValidationError):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[outsider.pk])


def test_attendance_by_facilitator_of_another_community_is_refused(meeting, other_facilitator, member):
    with time_machine.travel(meeting.end), pytest.raises(PermissionDenied):
        meeting_services.attendance_record(meeting=meeting, actor=other_facilitator, user_ids=[member.pk])


def test_calendar_feed_revoke_replaces_the_token(member):
    old = services.calendar_feed_get_or_create(user=member).token

    new = services.calendar_feed_revoke(user=member).token

    assert old != new
    assert services.calendar_feed_get_or_create(user=member).token == new


def test_meetings_either_side_of_the_clocks_change_keep_london_time(community, facilitator):
    # Clocks go back at 02:00 on Sunday 25 October 2026: 10:00 Saturday is 09:00 UTC, Sunday 10:00 UTC.
    london = ZoneInfo("Europe/London")
    with time_machine.travel("2026-10-20 12:00Z"):
        meetings = [
            meeting_services.meeting_create(
                community=community,
                actor=facilitator,
                title=f"Meeting on the {day}th",
                start=datetime(2026, 10, day, 10, 0, tzinfo=london),
                end=datetime(2026, 10, day, 11, 0, tzinfo=london),
                mode="online",
            )
            for day in (24, 25)
        ]

    events = Calendar.from_ical(calendar_for(meetings, name="x", include_join_link=True)).walk("VEVENT")
    assert [event["DTSTART"].dt.hour for event in events] == [9, 10]
    assert [timezone.localtime(meeting.start).hour for meeting in meetings] == [10, 10]


def test_personal_data_erase_keeps_attendance_only_as_a_count(meeting, member, facilitator):
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.GOING)
    with time_machine.travel(meeting.end):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])
    services.calendar_feed_get_or_create(user=member)

    services.personal_data_erase(user=member)

    meeting.refresh_from_db()
    assert meeting.anonymous_attendance == 1
    assert Attendance.objects.filter(user=member).count() == 0
    assert Membership.objects.filter(user=member).count() == 0
    assert Rsvp.objects.filter(user=member).count() == 0


def test_factories_make_an_approved_membership(db):
    membership = MembershipFactory(user=UserFactory())
    assert membership.status == MembershipStatus.APPROVED
    assert MeetingFactory().end > MeetingFactory().start


def test_membership_request_tells_the_facilitators_once(
    community, facilitator, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(community=community, user=outsider, role=MemberRole.COMMISSIONER)
        services.membership_request(community=community, user=outsider, role=MemberRole.COMMISSIONER)

    assert [message.to for message in mail.outbox] == [[facilitator.email]]
    assert (
        mail.outbox[0].subject == f"{outsider.display_name} asks to join Physiotherapy across Staffordshire"
    )
    assert "The role they chose: commissioner." in mail.outbox[0].body


def test_moving_a_meeting_emails_members_the_new_time_once_per_change(
    meeting, facilitator, member, django_capture_on_commit_callbacks
):
    from django.core import mail

    new_start = meeting.start + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(
            meeting=meeting, actor=facilitator, start=new_start, end=new_start + timedelta(hours=1)
        )
        meeting_services.meeting_update(meeting=meeting, actor=facilitator, agenda="Only the agenda changed")

    to_member = [message for message in mail.outbox if message.to == [member.email]]
    assert len(to_member) == 1
    assert to_member[0].subject.startswith(f"Meeting changed: {meeting.title}")
    (invitation,) = [a for a in to_member[0].attachments if a[2] == "text/calendar; method=REQUEST"]
    event = Calendar.from_ical(invitation[1])
    assert (str(event["METHOD"]), event.walk("VEVENT")[0]["SEQUENCE"]) == ("REQUEST", 1)


def test_cancelling_a_meeting_emails_members_except_those_not_coming(
    meeting, facilitator, member, community, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories.communities import MembershipFactory

    not_coming = MembershipFactory(community=community).user
    meeting_services.rsvp_set(meeting=meeting, user=not_coming, answer=RsvpAnswer.NOT_GOING)

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, actor=facilitator)
        meeting_services.meeting_cancel(meeting=meeting, actor=facilitator)

    recipients = sorted(
        message.to[0] for message in mail.outbox if message.subject.startswith("Meeting cancelled")
    )
    assert member.email in recipients
    assert not_coming.email not in recipients
    assert len(recipients) == len(set(recipients))
    (invitation,) = [a for a in mail.outbox[0].attachments if a[2] == "text/calendar; method=CANCEL"]
    assert "METHOD:CANCEL" in invitation[1]


def test_meeting_update_compares_with_the_saved_meeting_when_a_form_already_changed_the_instance(
    meeting, facilitator, member, django_capture_on_commit_callbacks
):
    """As a ModelForm (the facilitator's page, the admin) leaves it after is_valid(): new values on it."""
    from django.core import mail

    meeting.start += timedelta(hours=2)
    meeting.end += timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(
            meeting=meeting, actor=facilitator, start=meeting.start, end=meeting.end
        )

    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted([member.email, facilitator.email])
