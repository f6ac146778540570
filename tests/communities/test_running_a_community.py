"""Facilitators run their community from its manage pages: they remove a member (who is told kindly),
download a meeting's attendance, add papers (members are told once per paper), and record attendance
from the list of those who were members on the meeting's day. Through the pages, with real SMTP."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from apps.communities import meeting_services, services
from apps.communities.enums import MemberRole, MembershipStatus, RsvpAnswer
from apps.communities.models import Attendance, Membership, Rsvp
from apps.core.models import OutboxMessage
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _remove_url(membership) -> str:
    return reverse("communities:membership_remove", args=[membership.community.slug, membership.pk])


def _membership(user, community) -> Membership:
    return Membership.objects.get(user=user, community=community)


# --- removing a member -------------------------------------------------------------------------


def test_facilitator_removes_a_member_who_is_emailed_kindly_once_with_the_note(
    client, community, facilitator, smtp_server, django_capture_on_commit_callbacks
):
    member = MembershipFactory(community=community, user=UserFactory(display_name="Ruth Baker")).user
    membership = _membership(member, community)
    upcoming = MeetingFactory(community=community)
    meeting_services.rsvp_set(meeting=upcoming, user=member, answer=RsvpAnswer.GOING)
    past = MeetingFactory(community=community, start=timezone.now() - timedelta(days=7))
    Rsvp.objects.create(meeting=past, user=member, answer=RsvpAnswer.GOING)
    sign_in(client, facilitator)

    manage = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    confirm = client.get(_remove_url(membership))
    note = "Thank you for all you gave. The group is changing its focus to hospital care."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_remove_url(membership), {"note": note})
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(membership=membership, actor=facilitator, note="again")

    assert _remove_url(membership) in manage
    assert confirm.status_code == 200
    assert "Remove Ruth Baker" in confirm.content.decode()
    assert confirm.content.decode().count("(optional)") == 1
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.ended_by) == (MembershipStatus.REMOVED, facilitator)
    assert membership.ended_at is not None
    assert list(Rsvp.objects.filter(user=member).values_list("meeting", flat=True)) == [past.pk]
    (message,) = smtp_server.messages
    assert message["To"] == member.email
    assert message["Subject"] == f"Your membership of {community.name} has ended"
    body = message.get_body(("plain",)).get_content()
    assert note in body
    assert "ask to join again" in body
    assert "reply to this email" in body


def test_a_facilitator_cannot_remove_another_facilitator_or_themselves(client, community, facilitator):
    colleague = MembershipFactory(community=community, role=MemberRole.FACILITATOR).user
    sign_in(client, facilitator)

    page = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    answers = [
        client.get(_remove_url(_membership(colleague, community))).status_code,
        client.post(_remove_url(_membership(colleague, community)), {"note": ""}).status_code,
        client.post(_remove_url(_membership(facilitator, community)), {"note": ""}).status_code,
    ]

    assert answers == [404, 404, 404]
    assert _remove_url(_membership(colleague, community)) not in page
    assert _remove_url(_membership(facilitator, community)) not in page
    statuses = set(Membership.objects.filter(community=community).values_list("status", flat=True))
    assert statuses == {MembershipStatus.APPROVED}


def test_staff_who_manage_communities_may_end_a_facilitators_membership(
    client, community, facilitator, staff_manager, smtp_server, django_capture_on_commit_callbacks
):
    sign_in(client, staff_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_remove_url(_membership(facilitator, community)), {"note": ""})

    assert response.status_code == 302
    assert _membership(facilitator, community).status == MembershipStatus.REMOVED
    assert [message["To"] for message in smtp_server.messages] == [facilitator.email]


def test_a_facilitator_of_another_community_cannot_remove_anyone_here(client, member, other_facilitator):
    membership = Membership.objects.get(user=member)
    sign_in(client, other_facilitator)

    assert client.post(_remove_url(membership), {"note": ""}).status_code == 404
    assert Membership.objects.get(user=member).status == MembershipStatus.APPROVED


def test_a_note_that_is_too_long_is_explained_next_to_the_field(client, community, facilitator, member):
    sign_in(client, facilitator)

    response = client.post(_remove_url(_membership(member, community)), {"note": "x" * 1001})

    assert response.status_code == 200
    assert "Keep the note under 1,000 characters." in response.content.decode()
    assert _membership(member, community).status == MembershipStatus.APPROVED


def test_someone_removed_may_ask_to_join_again(community, facilitator, member):
    services.membership_remove(membership=_membership(member, community), actor=facilitator)

    membership, asked = services.membership_request(
        community=community, user=member, role=MemberRole.PATIENT_OR_PUBLIC
    )

    assert (asked, membership.status) == (True, MembershipStatus.REQUESTED)


# --- attendance export -------------------------------------------------------------------------


def _past_meeting_with_attendance(community, facilitator):
    meeting = MeetingFactory(community=community, start=timezone.now() - timedelta(days=2))
    named = MembershipFactory(
        community=community,
        role=MemberRole.PATIENT_OR_PUBLIC,
        user=UserFactory(display_name="=HYPERLINK(1)", email="named@example.org"),
        approved_at=timezone.now() - timedelta(days=30),
    ).user
    unnamed = MembershipFactory(
        community=community,
        user=UserFactory(display_name="", email="unnamed@example.org"),
        approved_at=timezone.now() - timedelta(days=30),
    ).user
    meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[named.pk, unnamed.pk])
    return meeting


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_facilitator_downloads_attendance_with_names_never_emails(client, community, facilitator):
    meeting = _past_meeting_with_attendance(community, facilitator)
    sign_in(client, facilitator)
    url = reverse("communities:attendance_csv", args=[community.slug, meeting.pk])

    manage = client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    asked = client.get(url)
    confirm_identity(client)
    response = client.get(url)

    assert url in manage
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    start = timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M")
    assert _csv(response) == [
        ["community", "meeting", "start", "name", "role"],
        [community.name, meeting.title, start, "A member who has not given a name", "Clinician"],
        [community.name, meeting.title, start, "'=HYPERLINK(1)", "Patient or public member"],
    ]
    assert "@" not in response.content.decode()


def test_staff_who_manage_communities_get_email_addresses_in_the_attendance_export(
    client, community, facilitator, staff_manager
):
    meeting = _past_meeting_with_attendance(community, facilitator)
    sign_in(client, staff_manager)
    confirm_identity(client)

    response = client.get(reverse("communities:attendance_csv", args=[community.slug, meeting.pk]))

    rows = _csv(response)
    assert rows[0] == ["community", "meeting", "start", "name", "email", "role"]
    assert sorted(row[4] for row in rows[1:]) == ["named@example.org", "unnamed@example.org"]


def test_attendance_export_asks_the_facilitator_to_confirm_it_is_them(
    settings, client, community, facilitator
):
    meeting = _past_meeting_with_attendance(community, facilitator)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    sign_in(client, facilitator)

    response = client.get(reverse("communities:attendance_csv", args=[community.slug, meeting.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_attendance_export_is_refused_to_members_and_other_facilitators(
    client, community, facilitator, member, other_facilitator
):
    meeting = _past_meeting_with_attendance(community, facilitator)
    url = reverse("communities:attendance_csv", args=[community.slug, meeting.pk])

    answers = [sign_in(client, person).get(url).status_code for person in (member, other_facilitator)]

    assert answers == [404, 404]


# --- papers ------------------------------------------------------------------------------------


def _upload(client, meeting, title):
    url = reverse("communities:paper_create", args=[meeting.community.slug, meeting.pk])
    return client.post(url, {"title": title, "file": SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 a paper")})


def test_adding_a_paper_tells_each_member_once_per_paper_but_not_those_who_cannot_come(
    client, community, meeting, facilitator, member, smtp_server, django_capture_on_commit_callbacks
):
    going = MembershipFactory(community=community).user
    meeting_services.rsvp_set(meeting=meeting, user=going, answer=RsvpAnswer.GOING)
    not_going = MembershipFactory(community=community).user
    meeting_services.rsvp_set(meeting=meeting, user=not_going, answer=RsvpAnswer.NOT_GOING)
    MembershipFactory(community=community, status=MembershipStatus.REQUESTED)
    sign_in(client, facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        first = _upload(client, meeting, "Summary of the evidence")
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(client, meeting, "Slides")
    paper = meeting.papers.get(title="Summary of the evidence")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services._tell_members_about_paper(paper, uploader=facilitator)  # told again: nothing new

    assert (first.status_code, second.status_code) == (302, 302)
    received = sorted((message["To"], message["Subject"]) for message in smtp_server.messages)
    assert received == sorted(
        (person.email, f"New paper for {meeting.title}")
        for person in (member, going)
        for _paper in ("Summary of the evidence", "Slides")
    )
    bodies = [message.get_body(("plain",)).get_content() for message in smtp_server.messages]
    assert sum("Summary of the evidence" in body for body in bodies) == 2
    assert all("%PDF" not in body for body in bodies)
    assert OutboxMessage.objects.filter(kind="communities-paper-added").count() == 4


# --- attendance by the meeting's date ----------------------------------------------------------


def test_the_attendance_list_holds_members_on_the_meetings_date_not_who_joined_after(
    client, community, facilitator, smtp_server, django_capture_on_commit_callbacks
):
    now = timezone.now()
    meeting = MeetingFactory(community=community, start=now - timedelta(days=3))
    long_standing = MembershipFactory(
        community=community,
        user=UserFactory(display_name="Long Standing"),
        approved_at=now - timedelta(days=60),
    )
    left_after = MembershipFactory(
        community=community,
        user=UserFactory(display_name="Left Afterwards"),
        status=MembershipStatus.LEFT,
        approved_at=now - timedelta(days=60),
        ended_at=now - timedelta(days=1),
    )
    MembershipFactory(
        community=community,
        user=UserFactory(display_name="Left Before"),
        status=MembershipStatus.LEFT,
        approved_at=now - timedelta(days=60),
        ended_at=now - timedelta(days=10),
    )
    newcomer = MembershipFactory(
        community=community,
        user=UserFactory(display_name="New Comer"),
        status=MembershipStatus.REQUESTED,
    )
    Membership.objects.filter(pk=facilitator.community_memberships.get().pk).update(
        approved_at=now - timedelta(days=90)
    )
    sign_in(client, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:membership_decide", args=[community.slug, newcomer.pk, "approve"]))
    url = reverse("communities:attendance", args=[community.slug, meeting.pk])

    page = client.get(url)
    refused = client.post(url, {"attended": [str(newcomer.user_id)]})
    saved = client.post(url, {"attended": [str(long_standing.user_id), str(left_after.user_id)]})

    names = sorted(label.split(" (")[0] for _value, label in page.context["form"].fields["attended"].choices)
    assert names == sorted(["Left Afterwards", "Long Standing", facilitator.display_name])
    assert refused.status_code == 200
    assert saved.status_code == 302
    assert set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == {
        long_standing.user_id,
        left_after.user_id,
    }


def test_recording_someone_who_joined_after_the_meeting_is_refused(community, facilitator):
    meeting = MeetingFactory(community=community, start=timezone.now() - timedelta(days=3))
    newcomer = MembershipFactory(community=community, approved_at=timezone.now())

    with pytest.raises(services.ValidationError):
        meeting_services.attendance_record(meeting=meeting, actor=facilitator, user_ids=[newcomer.user_id])


QUERIES_ON_THE_ATTENDANCE_PAGE = 8


@pytest.mark.parametrize("rows", [1, 6])
def test_attendance_page_runs_a_constant_number_of_queries(
    client, community, facilitator, django_assert_num_queries, rows
):
    meeting = MeetingFactory(community=community, start=timezone.now() - timedelta(days=1))
    for _ in range(rows):
        MembershipFactory(community=community, approved_at=timezone.now() - timedelta(days=30))
    sign_in(client, facilitator)
    url = reverse("communities:attendance", args=[community.slug, meeting.pk])
    client.get(url)

    with django_assert_num_queries(QUERIES_ON_THE_ATTENDANCE_PAGE):
        response = client.get(url)

    # The facilitator became a member (was made one) after this meeting: not on its list.
    assert len(response.context["form"].fields["attended"].choices) == rows


@pytest.mark.django_db(transaction=True)
def test_migration_fills_member_since_from_the_decision_or_when_the_membership_was_made():
    before = [("communities", "0007_membership_dates")]
    after = [("communities", "0008_fill_membership_dates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user_model = old_apps.get_model("accounts", "User")
    community = old_apps.get_model("communities", "Community").objects.create(
        name="A", slug="a", focus="f", region="r", audience="a", purpose="p"
    )
    old_membership = old_apps.get_model("communities", "Membership")
    decided = timezone.now() - timedelta(days=20)
    rows = {
        "decided": old_membership.objects.create(
            community=community,
            user=user_model.objects.create(email="decided@example.org"),
            role="clinician",
            status="approved",
            decided_at=decided,
        ),
        "made_approved": old_membership.objects.create(
            community=community,
            user=user_model.objects.create(email="made@example.org"),
            role="clinician",
            status="approved",
        ),
        "left": old_membership.objects.create(
            community=community,
            user=user_model.objects.create(email="left@example.org"),
            role="clinician",
            status="left",
            decided_at=decided,
        ),
        "withdrew": old_membership.objects.create(
            community=community,
            user=user_model.objects.create(email="withdrew@example.org"),
            role="clinician",
            status="left",
        ),
    }
    try:
        MigrationExecutor(connection).migrate(after)
        filled = {name: Membership.objects.get(pk=row.pk) for name, row in rows.items()}
    finally:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

    assert filled["decided"].approved_at == decided
    assert filled["made_approved"].approved_at == filled["made_approved"].created_at
    assert (filled["left"].approved_at, filled["left"].ended_at) == (decided, filled["left"].updated_at)
    assert (filled["withdrew"].approved_at, filled["withdrew"].ended_at) == (None, None)
