"""A facilitator records the changes members reported with a meeting's notes; staff read them on the
impacts that link the meeting, and members never see them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.communities.enums import MemberRole
from tests.auth import sign_in
from tests.evidence.conftest import make_impact, staff_in
from tests.factories.communities import CommunityFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CHANGE = "Two practices now offer a knee class before any referral."


def test_changes_reported_are_recorded_by_the_facilitator_and_shown_to_staff_on_the_impact(client):
    community = CommunityFactory(slug="knees")
    meeting = MeetingFactory(
        community=community, title="Evidence review", notes="We read the NICE guideline."
    )
    facilitator = MembershipFactory(community=community, role=MemberRole.FACILITATOR).user
    member = MembershipFactory(community=community, role=MemberRole.CLINICIAN).user
    impact = make_impact("Knee classes before referral")
    impact.meetings.add(meeting)
    url = reverse("communities:meeting_update", args=[community.slug, meeting.pk])
    form = {
        "title": meeting.title,
        "start": timezone.localtime(meeting.start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(meeting.end).strftime("%Y-%m-%dT%H:%M"),
        "mode": meeting.mode,
        "venue": meeting.venue,
        "join_link": meeting.join_link,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
    }

    sign_in(client, facilitator)
    assert "Changes reported by members" in client.get(url).content.decode()
    assert client.post(url, {**form, "changes_reported": CHANGE}).status_code == 302
    client.logout()

    meeting.refresh_from_db()
    assert meeting.changes_reported == CHANGE
    sign_in(client, member)
    assert CHANGE not in client.get(meeting.get_absolute_url()).content.decode()
    client.logout()
    sign_in(client, staff_in("Unit lead", "lead@iau.example"))
    page = client.get(impact.get_absolute_url()).content.decode()
    assert "Changes reported by members at meetings" in page
    assert CHANGE in page
