"""A facilitator moves or cancels a meeting on the management pages: members hear of it, with a valid
calendar invitation (RFC 5546), and the private feed follows. Checked through the pages and real SMTP."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.communities import meeting_services, services
from apps.communities.enums import MembershipStatus, RsvpAnswer
from tests.auth import sign_in
from tests.factories.communities import MembershipFactory

pytestmark = pytest.mark.django_db


def _form(meeting, **changes) -> dict:
    data = {
        "title": meeting.title,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(meeting.end).strftime("%Y-%m-%dT%H:%M"),
        "mode": meeting.mode,
        "venue": meeting.venue,
        "join_link": meeting.join_link,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
    }
    return {**data, **changes}


def _calendar_part(message):
    """The text/calendar part of an email as received over SMTP: (its method= parameter, parsed calendar)."""
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_payload(decode=True))


def _feed_event(client, user, meeting):
    feed = services.calendar_feed_get_or_create(user=user)
    calendar = Calendar.from_ical(client.get(feed.get_absolute_url()).content)
    (event,) = [event for event in calendar.walk("VEVENT") if str(event["UID"]) == meeting.calendar_uid]
    return event


def test_facilitator_moving_a_meeting_on_the_edit_page_emails_each_member_an_updated_invitation(
    client, community, meeting, facilitator, member, smtp_server, django_capture_on_commit_callbacks
):
    not_coming = MembershipFactory(community=community).user
    meeting_services.rsvp_set(meeting=meeting, user=not_coming, answer=RsvpAnswer.NOT_GOING)
    MembershipFactory(community=community, status=MembershipStatus.REQUESTED)  # not a member yet
    meeting_services.rsvp_set(meeting=meeting, user=facilitator, answer=RsvpAnswer.GOING)
    sign_in(client, facilitator)
    later = timezone.localtime(meeting.start + timedelta(days=1))
    url = reverse("communities:meeting_update", args=[community.slug, meeting.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            _form(
                meeting,
                start=later.strftime("%Y-%m-%dT%H:%M"),
                end=(later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            ),
        )

    assert response.status_code == 302
    received = {message["To"]: message for message in smtp_server.messages}
    assert sorted(received) == sorted([member.email, facilitator.email])
    message = received[member.email]
    assert message["Subject"].startswith(f"Meeting changed: {meeting.title}")
    content_method, calendar = _calendar_part(message)
    assert content_method == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert (str(calendar["METHOD"]), event["SEQUENCE"], str(event["UID"])) == (
        "REQUEST",
        1,
        meeting.calendar_uid,
    )
    assert str(event["ORGANIZER"]) == "mailto:portal@iau.example"
    assert str(event["ATTENDEE"]) == f"mailto:{member.email}"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"  # they have not replied on the portal
    going = _calendar_part(received[facilitator.email])[1].walk("VEVENT")[0]
    assert going["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert event.decoded("DTSTART") == later.replace(second=0, microsecond=0)
    assert _feed_event(client, member, meeting)["SEQUENCE"] == 1


def test_saving_the_edit_page_without_changing_the_time_or_place_emails_no_one(
    client, community, meeting, facilitator, member, smtp_server, django_capture_on_commit_callbacks
):
    # Saved through the page, a meeting's times are whole minutes.
    meeting.start = meeting.start.replace(second=0, microsecond=0)
    meeting.end = meeting.end.replace(second=0, microsecond=0)
    meeting.save()
    sign_in(client, facilitator)
    url = reverse("communities:meeting_update", args=[community.slug, meeting.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(meeting, agenda="A new agenda only"))

    assert response.status_code == 302
    assert smtp_server.messages == []
    assert _feed_event(client, member, meeting)["SEQUENCE"] == 0


def test_facilitator_cancelling_a_meeting_sends_a_cancel_with_organizer_and_the_same_uid(
    client, community, meeting, facilitator, member, smtp_server, django_capture_on_commit_callbacks
):
    sign_in(client, facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:meeting_cancel", args=[community.slug, meeting.pk]))

    message = {message["To"]: message for message in smtp_server.messages}[member.email]
    content_method, calendar = _calendar_part(message)
    event = calendar.walk("VEVENT")[0]
    assert content_method == "CANCEL"
    assert (str(calendar["METHOD"]), event["SEQUENCE"], str(event["UID"]), str(event["STATUS"])) == (
        "CANCEL",
        1,
        meeting.calendar_uid,
        "CANCELLED",
    )
    assert str(event["ORGANIZER"]) == "mailto:portal@iau.example"
    print(message.as_string()[:3000])
