import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.communities import (
    demo,
    digest,
    home,
    meeting_services,
    member_area,
    personal_data,
    profile_sections,
    reminders,
    search,
    services,
    sitemaps,
)
from apps.communities.enums import JoinRequestStatus, MemberRole, MembershipStatus, RsvpAnswer
from apps.communities.models import Attendance, Community, JoinRequest, Meeting, Membership
from apps.people.models import Profile
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory, MembershipFactory, OutputFactory

pytestmark = pytest.mark.django_db


# --- reminders ---------------------------------------------------------------------------------


def test_occasions_between_lists_members_who_have_not_said_not_going(community, meeting, facilitator, member):
    declined = MembershipFactory(community=community).user
    MembershipFactory(community=community, status=MembershipStatus.REQUESTED)
    meeting_services.rsvp_set(meeting=meeting, user=declined, answer=RsvpAnswer.NOT_GOING)
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.MAYBE)
    meeting_services.meeting_paper_add(
        meeting=meeting, actor=facilitator, title="Agenda pack", file=_upload("pack.pdf")
    )

    (occasion,) = reminders.occasions_between(start=meeting.start, end=meeting.start + timedelta(minutes=1))

    assert sorted(attendee.email for attendee in occasion.attendees) == sorted(
        [facilitator.email, member.email]
    )
    assert {attendee.change_url for attendee in occasion.attendees} == {meeting.get_absolute_url()}
    assert occasion.join_link == "https://meet.example.org/secret-room"
    assert occasion.papers[0][0] == "Agenda pack"
    assert (occasion.uid, occasion.sequence, occasion.cancelled) == (meeting.calendar_uid, 0, False)


def test_occasions_between_flags_cancelled_meetings(meeting, facilitator):
    meeting_services.meeting_cancel(meeting=meeting, actor=facilitator)

    (occasion,) = reminders.occasions_between(start=meeting.start, end=meeting.end)

    assert (occasion.cancelled, occasion.sequence) == (True, 1)


def test_occasions_between_excludes_meetings_outside_the_window(meeting):
    assert reminders.occasions_between(start=meeting.start + timedelta(seconds=1), end=meeting.end) == []


@pytest.mark.parametrize("rows", [1, 30])
def test_occasions_between_runs_a_constant_number_of_queries(django_assert_num_queries, rows):
    start = timezone.now() + timedelta(days=1)
    for _ in range(rows):
        meeting = MeetingFactory(start=start)
        MembershipFactory(community=meeting.community)
        MembershipFactory(community=meeting.community)

    with django_assert_num_queries(4):
        occasions = reminders.occasions_between(start=start, end=start + timedelta(hours=1))
    assert len(occasions) == rows


# --- digest ------------------------------------------------------------------------------------


def test_digest_items_give_each_user_their_own_communities(community, meeting, member):
    OutputFactory(community=community, title="New leaflet")
    other = MembershipFactory()
    MeetingFactory(community=other.community, title="Not yours")
    now = timezone.now()

    items = digest.digest_items(
        users=[member, other.user], since=now - timedelta(days=7), until=now + timedelta(seconds=1)
    )

    assert [item.title for item in items[member.pk]] == [
        "Evidence review (Physiotherapy across Staffordshire)",
        "New leaflet (Physiotherapy across Staffordshire)",
    ]
    assert [item.title for item in items[other.user.pk]] == [f"Not yours ({other.community.name})"]


@pytest.mark.parametrize("rows", [1, 30])
def test_digest_items_run_a_constant_number_of_queries(django_assert_num_queries, rows):
    users = []
    for _ in range(rows):
        membership = MembershipFactory()
        MeetingFactory(community=membership.community)
        OutputFactory(community=membership.community)
        users.append(membership.user)
    now = timezone.now()

    with django_assert_num_queries(3):
        items = digest.digest_items(
            users=users, since=now - timedelta(days=1), until=now + timedelta(seconds=1)
        )
    assert len(items) == rows


# --- people profiles, member area, search, home, sitemap ---------------------------------------


def test_profile_sections_show_only_public_roles(community):
    facilitator = MembershipFactory(
        community=community, role=MemberRole.FACILITATOR, named_publicly=True
    ).user
    patient = MembershipFactory(
        community=community, role=MemberRole.PATIENT_OR_PUBLIC, named_publicly=True
    ).user
    facilitator_profile = Profile.objects.create(name="Fran", slug="fran", user=facilitator)
    patient_profile = Profile.objects.create(name="Pat", slug="pat", user=patient)

    (section,) = profile_sections.sections(facilitator_profile)

    assert [m.community for m in section.context["memberships"]] == [community]
    assert profile_sections.sections(patient_profile) == []
    assert profile_sections.sections(Profile.objects.create(name="No account", slug="none")) == []


def test_member_area_panel_lists_only_my_own_communities(community, meeting, member):
    MembershipFactory(community=CommunityFactory(name="Someone else's"))

    (panel,) = member_area.panels(member)

    assert [m.community.name for m in panel.context["memberships"]] == [community.name]
    assert [m.title for m in panel.context["meetings"]] == [meeting.title]
    assert member_area.panels(UserFactory()) == []


def test_search_finds_active_communities_only(community):
    CommunityFactory(name="Hidden physiotherapy group", is_active=False)

    results = search.search("physiotherapy staffordshire", 10)

    assert [result.title for result in results] == [community.name]
    assert results[0].url == "/communities/staffordshire-physiotherapy/"


def test_home_section_and_sitemap_list_active_communities(community):
    (section,) = home.home_sections()
    sitemap = sitemaps.sitemaps()["communities"]()

    assert [c.name for c in section.context["communities"]] == [community.name]
    assert [c.get_absolute_url() for c in sitemap.items()] == [community.get_absolute_url()]


# --- personal data -----------------------------------------------------------------------------


def test_export_personal_data_holds_memberships_rsvps_and_attendance(community, meeting, member, facilitator):
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.GOING)
    with time_machine.travel(meeting.end):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])

    data = personal_data.export_personal_data(member)

    assert data["community_memberships"][0]["community"] == community.name
    assert data["community_meeting_replies"][0]["reply"] == "Going"
    assert data["community_meeting_attendance"][0]["meeting"] == meeting.title


def test_erase_personal_data_leaves_nothing_about_the_person(meeting, member, facilitator):
    services.join_request_submit(
        community=meeting.community, name="Before my account", email=member.email, role="other", reason="x"
    )
    assert (
        personal_data.export_personal_data(member)["community_join_requests"][0]["name"]
        == "Before my account"
    )
    with time_machine.travel(meeting.end):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])

    personal_data.erase_personal_data(member)

    assert personal_data.export_personal_data(member) == {
        "community_memberships": [],
        "community_meeting_replies": [],
        "community_meeting_attendance": [],
        "community_calendar_feed": False,
        "community_join_requests": [],
    }
    assert Meeting.objects.get(pk=meeting.pk).anonymous_attendance == 1


# --- demo --------------------------------------------------------------------------------------


def _seed():
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def test_demo_gives_each_community_members_past_attendance_and_a_meeting_within_a_day():
    _seed()

    for community in Community.objects.all():
        roles = dict(Membership.objects.filter(community=community).values_list("user__email", "role"))
        assert roles["facilitator@demo.example"] == MemberRole.FACILITATOR
        assert roles["link@demo.example"] == MemberRole.PATIENT_OR_PUBLIC
        assert Attendance.objects.filter(
            meeting__community=community, meeting__start__lt=timezone.now()
        ).exists()
        now = timezone.now()
        assert Meeting.objects.filter(
            community=community, start__gt=now, start__lt=now + timedelta(hours=24), cancelled=False
        ).exists()
    assert Community.objects.filter(region="Staffordshire", name__icontains="physiotherapy").exists()


def test_demo_twice_changes_nothing_and_days_later_moves_the_next_meeting():
    _seed()
    first = list(Meeting.objects.order_by("pk").values_list("pk", "start"))
    _seed()
    assert list(Meeting.objects.order_by("pk").values_list("pk", "start")) == first

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        _seed()
        now = timezone.now()
        for community in Community.objects.all():
            next_meeting = Meeting.objects.get(community=community, title=demo.NEXT_MEETING_TITLE)
            assert now < next_meeting.start < now + timedelta(hours=24)
    assert Meeting.objects.count() == len(first)
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 1


def test_demo_pages_to_check_answer_200(client):
    _seed()
    from apps.accounts.models import User

    for path, email in demo.pages_to_check():
        client.logout()
        if email:
            sign_in(client, User.objects.get(email=email))
        assert client.get(path).status_code == 200, (path, email)


# --- admin -------------------------------------------------------------------------------------


def test_admin_exports_attendance_as_csv(client, meeting, member, facilitator):
    with time_machine.travel(meeting.end):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[member.pk])
    admin = StaffFactory(is_superuser=True)
    sign_in(client, admin)
    confirm_identity(client)

    response = client.post(
        reverse("admin:communities_meeting_changelist"),
        {"action": "export_attendance_csv", "_selected_action": [meeting.pk]},
    )

    lines = response.content.decode().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == "community,meeting,start,name,email,role"
    assert lines[1].endswith(f"{member.email},Patient or public member")


@pytest.mark.parametrize("model", ["community", "membership", "meeting", "output", "calendarfeed"])
def test_admin_pages_open_for_staff(client, meeting, member, model):
    staff = StaffFactory()
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="communities"))
    sign_in(client, staff)

    assert client.get(reverse(f"admin:communities_{model}_changelist") + "?q=a").status_code == 200
    # People ask to join on the community's page (and facilitators decide): no adding in the admin.
    expected_add = 403 if model == "membership" else 200
    assert client.get(reverse(f"admin:communities_{model}_add")).status_code == expected_add


def test_admin_change_of_time_bumps_sequence(client, meeting):
    sign_in(client, StaffFactory(is_superuser=True))
    start = timezone.localtime(meeting.start + timedelta(days=1))
    end = start + timedelta(hours=1)
    response = client.post(
        reverse("admin:communities_meeting_change", args=[meeting.pk]),
        {
            "community": meeting.community.pk,
            "title": meeting.title,
            "start_0": start.strftime("%d/%m/%Y"),
            "start_1": start.strftime("%H:%M:%S"),
            "end_0": end.strftime("%d/%m/%Y"),
            "end_1": end.strftime("%H:%M:%S"),
            "mode": "online",
            "venue": "",
            "join_link": meeting.join_link,
            "agenda": "",
            "notes": "",
            "papers-TOTAL_FORMS": 0,
            "papers-INITIAL_FORMS": 0,
            "attendances-TOTAL_FORMS": 0,
            "attendances-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4")


def test_admin_approves_requests_through_the_service(
    client, community, requester, django_capture_on_commit_callbacks
):
    sign_in(client, StaffFactory(is_superuser=True))
    membership = Membership.objects.get(user=requester)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:communities_membership_changelist"),
            {"action": "approve_requests", "_selected_action": [membership.pk]},
        )

    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.APPROVED
    from django.core import mail

    assert [message.to for message in mail.outbox] == [[requester.email]]
