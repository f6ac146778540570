"""The admin goes through the same services as the facilitator's pages: moving or cancelling a meeting
emails the members once with an updated invitation, and memberships change only through the actions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.communities import meeting_services
from apps.communities.enums import MembershipStatus
from apps.communities.models import Meeting, Membership
from tests.admin_forms import form_data
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.communities import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in(client, StaffFactory(is_superuser=True))
    return client


def _moved(data, meeting, days):
    start = timezone.localtime(meeting.start + timedelta(days=days))
    end = timezone.localtime(meeting.end + timedelta(days=days))
    return {
        **data,
        "start_0": start.strftime("%d/%m/%Y"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%d/%m/%Y"),
        "end_1": end.strftime("%H:%M:%S"),
    }


def _calendar(email):
    part = next(part for part in email.walk() if part.get_content_type() == "text/calendar")
    return part.get_content()


def test_meeting_change_page_with_a_paper_opens_and_links_the_private_download(
    admin_client, meeting, facilitator
):
    paper = meeting_services.meeting_paper_add(
        meeting=meeting,
        actor=facilitator,
        title="Minutes",
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4"),
    )

    page = admin_client.get(reverse("admin:communities_meeting_change", args=[meeting.pk]))

    assert page.status_code == 200
    assert f'href="{paper.get_absolute_url()}"' in page.content.decode()


def test_moving_a_meeting_in_the_admin_emails_each_member_once_with_sequence_raised(
    admin_client, meeting, member, facilitator, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    moved = _moved(form_data(admin_client.get(url), "meeting_form"), meeting, days=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, moved)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, moved)  # the same form again: nothing has changed, nobody is told twice

    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1
    assert sorted(email["To"] for email in smtp_server.messages) == sorted([member.email, facilitator.email])
    invitation = _calendar(smtp_server.messages[0])
    assert "SEQUENCE:1" in invitation
    assert "METHOD:REQUEST" in invitation


def test_changing_only_the_agenda_in_the_admin_tells_no_one(
    admin_client, meeting, member, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    data = {**form_data(admin_client.get(url), "meeting_form"), "agenda": "Evidence review, then tea."}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, data)

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.agenda, stored.sequence) == ("Evidence review, then tea.", 0)
    assert smtp_server.messages == []


def test_cancelling_a_meeting_in_the_admin_sends_members_a_cancellation(
    admin_client, meeting, member, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:communities_meeting_change", args=[meeting.pk])
    data = {**form_data(admin_client.get(url), "meeting_form"), "cancelled": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, data)

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.cancelled, stored.sequence) == (True, 1)
    assert [email["To"] for email in smtp_server.messages] == [member.email]
    assert "METHOD:CANCEL" in _calendar(smtp_server.messages[0])


def test_adding_a_meeting_in_the_admin_goes_through_the_service(admin_client, community):
    url = reverse("admin:communities_meeting_add")
    start = timezone.localtime(timezone.now() + timedelta(days=10))
    data = {
        **form_data(admin_client.get(url), "meeting_form"),
        "community": community.pk,
        "title": "Spring meeting",
        "mode": "in_person",
        "venue": "",
        "start_0": start.strftime("%d/%m/%Y"),
        "start_1": "10:00:00",
        "end_0": start.strftime("%d/%m/%Y"),
        "end_1": "12:00:00",
    }

    refused = admin_client.post(url, data)
    created = admin_client.post(url, {**data, "venue": "Keele Hall"})

    assert "Say where people meet" in refused.content.decode()
    assert created.status_code == 302
    assert Meeting.objects.get(title="Spring meeting").venue == "Keele Hall"


def test_the_community_page_lists_memberships_and_meetings_without_changing_them(
    admin_client, community, meeting, requester
):
    url = reverse("admin:communities_community_change", args=[community.pk])
    page = admin_client.get(url)
    membership = Membership.objects.get(user=requester)
    data = {
        **form_data(page, "community_form"),
        # What the old editable lists accepted: a status set by hand, a meeting moved without a word.
        "memberships-0-id": membership.pk,
        "memberships-0-status": MembershipStatus.APPROVED,
        "meetings-0-id": meeting.pk,
        "meetings-0-title": "Renamed quietly",
    }

    admin_client.post(url, data)

    assert reverse("admin:communities_membership_change", args=[membership.pk]) in page.content.decode()
    assert reverse("admin:communities_meeting_change", args=[meeting.pk]) in page.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED
    assert Meeting.objects.get(pk=meeting.pk).title == meeting.title


def test_a_membership_status_cannot_be_set_by_hand(admin_client, requester):
    membership = Membership.objects.get(user=requester)
    url = reverse("admin:communities_membership_change", args=[membership.pk])
    data = {**form_data(admin_client.get(url), "membership_form"), "status": MembershipStatus.APPROVED}

    admin_client.post(url, data)

    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED


def test_many_members_do_not_slow_the_community_page(admin_client, community, django_assert_max_num_queries):
    url = reverse("admin:communities_community_change", args=[community.pk])
    MembershipFactory(community=community)
    with django_assert_max_num_queries(60) as few:
        admin_client.get(url)
    MembershipFactory.create_batch(15, community=community)

    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_attendance_export_asks_staff_to_confirm_who_they_are(admin_client, meeting, member):
    meeting.attendances.create(user=member)
    export = {"action": "export_attendance_csv", "_selected_action": [meeting.pk]}

    asked = admin_client.post(reverse("admin:communities_meeting_changelist"), export)
    replayed = admin_client.post(asked["Location"], {"password": "a-long-test-password"})

    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert replayed["Content-Type"] == "text/csv; charset=utf-8"
    assert member.email in replayed.content.decode()


def test_attendance_export_needs_the_view_permission_on_attendance_and_memberships(client, meeting, member):
    from django.contrib.auth.models import Permission

    meeting.attendances.create(user=member)
    staff = StaffFactory()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_meeting", "view_membership"]))
    sign_in(client, staff)

    response = client.post(
        reverse("admin:communities_meeting_changelist"),
        {"action": "export_attendance_csv", "_selected_action": [meeting.pk]},
    )

    assert response.get("Content-Type") != "text/csv; charset=utf-8"
    assert member.email not in response.content.decode()
