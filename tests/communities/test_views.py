import os
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.communities import meeting_services, services
from apps.communities.enums import MemberRole, MembershipStatus, RsvpAnswer
from apps.communities.models import Meeting, MeetingPaper, Membership, Output, Rsvp
from apps.core.models import Topic
from apps.people.models import Profile
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory, MembershipFactory, OutputFactory

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/secret-room"


def _paper(meeting, facilitator, name="evidence.pdf", content=b"%PDF-1.4 evidence"):
    return meeting_services.meeting_paper_add(
        meeting=meeting,
        actor=facilitator,
        title="Summary of the evidence",
        file=SimpleUploadedFile(name, content),
    )


# --- public list -------------------------------------------------------------------------------


def test_list_shows_active_communities_with_next_meeting_and_member_count(client, community, member, meeting):
    CommunityFactory(name="Closed community", is_active=False)
    MeetingFactory(community=community, start=timezone.now() - timedelta(days=3))

    response = client.get("/communities/")

    assert response.status_code == 200
    assert [c.name for c in response.context["communities"]] == ["Physiotherapy across Staffordshire"]
    listed = response.context["communities"][0]
    assert (listed.member_count, listed.next_meeting_start) == (1, meeting.start)


def test_list_filters_by_topic_region_and_text(client):
    topic = Topic.objects.create(name="Physiotherapy", slug="physiotherapy")
    physio = CommunityFactory(name="Physio", region="Staffordshire", focus="Knee pain")
    physio.topics.add(topic)
    CommunityFactory(name="Diabetes", region="Cheshire", focus="Foot care")

    by_topic = client.get("/communities/?topic=physiotherapy")
    by_region = client.get("/communities/?region=Cheshire")
    by_text = client.get("/communities/?q=knee")

    assert [c.name for c in by_topic.context["communities"]] == ["Physio"]
    assert [c.name for c in by_region.context["communities"]] == ["Diabetes"]
    assert [c.name for c in by_text.context["communities"]] == ["Physio"]


def test_list_with_a_bad_filter_value_explains_it_and_shows_everything(client):
    CommunityFactory()

    response = client.get("/communities/?topic=no-such-topic")
    assert response.status_code == 200
    assert len(response.context["communities"]) == 1
    assert "We did not recognise the topic you asked for" in response.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/communities/").status_code == 200
    return len(queries)


def _populate_community(community, rows: int):
    topic, _ = Topic.objects.get_or_create(name="Physiotherapy", slug="physiotherapy")
    community.topics.add(topic)
    for _ in range(rows):
        MembershipFactory(community=community)
        MeetingFactory(community=community)


@pytest.mark.parametrize("rows", [1, 50])
def test_list_runs_a_constant_number_of_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        _populate_community(CommunityFactory(), 2)

    with django_assert_num_queries(5):
        assert client.get("/communities/").status_code == 200


# --- public detail -----------------------------------------------------------------------------


def test_detail_unknown_slug_is_404(client, community):
    assert client.get("/communities/no-such-community/").status_code == 404


def test_detail_of_an_inactive_community_is_404(client):
    CommunityFactory(slug="closed", is_active=False)
    assert client.get("/communities/closed/").status_code == 404


def test_detail_names_facilitators_with_their_profile_but_never_patient_members(client, community, meeting):
    facilitator = MembershipFactory(
        community=community, role=MemberRole.FACILITATOR, user__display_name="Fran Fac", named_publicly=True
    )
    Profile.objects.create(name="Dr Fran Fac", slug="fran-fac", user=facilitator.user)
    patient = MembershipFactory(
        community=community,
        role=MemberRole.PATIENT_OR_PUBLIC,
        user__display_name="Pat Secret",
        named_publicly=True,  # a consent given for a role that is never named changes nothing
    )
    OutputFactory(community=community, title="Knee leaflet")

    html = client.get(community.get_absolute_url()).content.decode()

    assert '<a href="/people/fran-fac/">Dr Fran Fac</a>' in html
    assert "Patient or public member: 1" in html
    assert patient.user.display_name not in html
    assert patient.user.email not in html
    assert "Knee leaflet" in html
    assert meeting.title in html
    assert SECRET_LINK not in html


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries, community, rows):
    for index in range(rows):
        membership = MembershipFactory(community=community, role=MemberRole.FACILITATOR)
        Profile.objects.create(name=f"Person {index}", slug=f"person-{index}", user=membership.user)
        MembershipFactory(community=community, role=MemberRole.PATIENT_OR_PUBLIC)
        MeetingFactory(community=community)
        MeetingFactory(community=community, start=timezone.now() - timedelta(days=index + 1))
        OutputFactory(community=community)

    # One of them asks the apps above for what they add to the page (page_sections: impact stories).
    with django_assert_num_queries(10):
        assert client.get(community.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_for_a_member_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, community, member, rows
):
    sign_in(client, member)
    for _ in range(rows):
        MembershipFactory(community=community)
        MeetingFactory(community=community)
    # The session comes from the cache (cached_db), not the database.
    with django_assert_num_queries(11):
        assert client.get(community.get_absolute_url()).status_code == 200


# --- what non-members never see ----------------------------------------------------------------


@pytest.mark.parametrize(
    "viewer", [None, "outsider", "requester", "other_facilitator", "staff_without_permission"]
)
def test_meeting_page_hides_join_link_and_papers_from_non_members(
    client, meeting, facilitator, viewer, request
):
    paper = _paper(meeting, facilitator)
    if viewer:
        sign_in(client, request.getfixturevalue(viewer))

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert meeting.title in html
    assert SECRET_LINK not in html
    assert paper.title not in html
    assert paper.get_absolute_url() not in html


@pytest.mark.parametrize("viewer", ["member", "facilitator", "staff_manager"])
def test_meeting_page_shows_join_link_and_papers_to_members(client, meeting, facilitator, viewer, request):
    paper = _paper(meeting, facilitator)
    sign_in(client, request.getfixturevalue(viewer))

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert SECRET_LINK in html
    assert paper.get_absolute_url() in html


def test_paper_download_for_a_visitor_asks_to_sign_in(client, meeting, facilitator):
    paper = _paper(meeting, facilitator)

    response = client.get(paper.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("viewer", ["outsider", "requester", "other_facilitator", "staff_without_permission"])
def test_paper_download_by_guessing_the_url_is_404_for_non_members(
    client, meeting, facilitator, viewer, request
):
    paper = _paper(meeting, facilitator)
    sign_in(client, request.getfixturevalue(viewer))

    assert client.get(paper.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("viewer", ["member", "staff_manager"])
def test_paper_download_for_members(client, meeting, facilitator, viewer, request):
    paper = _paper(meeting, facilitator)
    sign_in(client, request.getfixturevalue(viewer))

    response = client.get(paper.get_absolute_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert response["Cache-Control"] == "private, no-store"


def test_paper_under_another_community_url_is_404(client, meeting, facilitator):
    paper = _paper(meeting, facilitator)
    other = MembershipFactory()
    sign_in(client, other.user)

    url = reverse(
        "communities:paper", kwargs={"slug": other.community.slug, "pk": meeting.pk, "paper_pk": paper.pk}
    )
    assert client.get(url).status_code == 404


def test_paper_file_is_stored_outside_the_public_media_folder(settings, meeting, facilitator):
    paper = _paper(meeting, facilitator)

    assert not paper.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        paper.file.url  # noqa: B018


def test_meeting_ics_is_for_members_only(client, meeting, member, outsider):
    sign_in(client, outsider)
    assert (
        client.get(reverse("communities:meeting_ics", args=[meeting.community.slug, meeting.pk])).status_code
        == 404
    )

    sign_in(client, member)
    response = client.get(reverse("communities:meeting_ics", args=[meeting.community.slug, meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:communities-meeting-{meeting.pk}@iau-portal" in response.content.decode()


def test_calendar_feed_lists_my_meetings_and_stops_working_once_revoked(client, meeting, member):
    MeetingFactory(title="Somebody else's meeting")
    sign_in(client, member)
    client.post("/communities/my-calendar/")
    feed_url = member.community_calendar_feed.get_absolute_url()
    client.logout()

    body = client.get(feed_url).content.decode()
    services.calendar_feed_revoke(user=member)

    assert f"UID:communities-meeting-{meeting.pk}@iau-portal" in body
    assert "Somebody else" not in body
    assert client.get(feed_url).status_code == 404


def test_calendar_feed_with_a_guessed_token_is_404(client):
    assert client.get("/communities/feed/guessed-token.ics").status_code == 404


# --- joining, leaving, replying ------------------------------------------------------------------


def test_join_for_a_visitor_asks_to_sign_in(client, community):
    response = client.post(reverse("communities:join", args=[community.slug]), {"role": "clinician"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_join_twice_is_harmless(client, community, outsider):
    sign_in(client, outsider)
    for _ in range(2):
        response = client.post(reverse("communities:join", args=[community.slug]), {"role": "clinician"})
        assert response.status_code == 302

    assert Membership.objects.filter(community=community, user=outsider).count() == 1


def test_join_without_a_role_explains_next_to_the_field(client, community, outsider):
    sign_in(client, outsider)
    response = client.post(reverse("communities:join", args=[community.slug]), {})
    assert response.status_code == 200
    assert "Please fill this in." in response.content.decode()
    assert Membership.objects.count() == 0


def test_leave(client, community, member):
    sign_in(client, member)
    client.post(reverse("communities:leave", args=[community.slug]))
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT


def test_rsvp_by_member_before_start(client, meeting, member):
    sign_in(client, member)
    response = client.post(
        reverse("communities:rsvp", args=[meeting.community.slug, meeting.pk]), {"answer": "going"}
    )
    assert response.status_code == 302
    assert Rsvp.objects.get(user=member).answer == RsvpAnswer.GOING


def test_rsvp_after_start_shows_a_clear_message(client, meeting, member):
    sign_in(client, member)
    with time_machine.travel(meeting.start + timedelta(minutes=5)):
        response = client.post(
            reverse("communities:rsvp", args=[meeting.community.slug, meeting.pk]),
            {"answer": "going"},
            follow=True,
        )
    assert "Replies closed when the meeting started" in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_rsvp_by_non_member_is_404(client, meeting, outsider):
    sign_in(client, outsider)
    response = client.post(
        reverse("communities:rsvp", args=[meeting.community.slug, meeting.pk]), {"answer": "going"}
    )
    assert response.status_code == 404


# --- management --------------------------------------------------------------------------------


def _manage_urls(community, meeting, membership):
    slug = community.slug
    return [
        ("get", reverse("communities:manage", args=[slug]), {}),
        ("get", reverse("communities:meeting_create", args=[slug]), {}),
        ("get", reverse("communities:meeting_update", args=[slug, meeting.pk]), {}),
        ("get", reverse("communities:attendance", args=[slug, meeting.pk]), {}),
        ("get", reverse("communities:paper_create", args=[slug, meeting.pk]), {}),
        ("get", reverse("communities:output_create", args=[slug]), {}),
        ("get", reverse("communities:meeting_cancel", args=[slug, meeting.pk]), {}),
        ("post", reverse("communities:meeting_cancel", args=[slug, meeting.pk]), {}),
        ("post", reverse("communities:membership_decide", args=[slug, membership.pk, "approve"]), {}),
    ]


@pytest.mark.parametrize("viewer", ["member", "other_facilitator", "staff_without_permission", "outsider"])
def test_management_pages_are_404_for_anyone_who_does_not_manage_this_community(
    client, community, meeting, requester, viewer, request
):
    membership = Membership.objects.get(user=requester)
    sign_in(client, request.getfixturevalue(viewer))

    for method, url, data in _manage_urls(community, meeting, membership):
        assert getattr(client, method)(url, data).status_code == 404, url

    assert Meeting.objects.get(pk=meeting.pk).cancelled is False
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED


def test_management_pages_for_a_visitor_ask_to_sign_in(client, community):
    response = client.get(reverse("communities:manage", args=[community.slug]))
    assert response.status_code == 302


@pytest.mark.parametrize("viewer", ["facilitator", "staff_manager"])
def test_management_pages_work_for_facilitator_and_staff(
    client, community, meeting, requester, viewer, request
):
    membership = Membership.objects.get(user=requester)
    sign_in(client, request.getfixturevalue(viewer))

    for method, url, data in _manage_urls(community, meeting, membership):
        assert getattr(client, method)(url, data).status_code in (200, 302), url

    assert Meeting.objects.get(pk=meeting.pk).cancelled is True
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.APPROVED


def test_facilitator_creates_a_meeting_in_london_time(client, community, facilitator):
    sign_in(client, facilitator)
    response = client.post(
        reverse("communities:meeting_create", args=[community.slug]),
        {"title": "Summer meeting", "start": "2030-07-01T14:00", "end": "2030-07-01T16:00", "mode": "online"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Summer meeting")
    assert timezone.localtime(meeting.start).hour == 14
    assert meeting.start.utcoffset() is not None


def test_meeting_form_with_end_before_start_shows_the_error_and_keeps_the_input(
    client, community, facilitator
):
    sign_in(client, facilitator)
    response = client.post(
        reverse("communities:meeting_create", args=[community.slug]),
        {"title": "Backwards", "start": "2030-07-01T14:00", "end": "2030-07-01T13:00", "mode": "online"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The meeting must end after it starts." in html
    assert 'value="Backwards"' in html
    assert Meeting.objects.count() == 0


def test_paper_upload_of_a_wrong_type_is_refused(client, meeting, facilitator):
    sign_in(client, facilitator)
    response = client.post(
        reverse("communities:paper_create", args=[meeting.community.slug, meeting.pk]),
        {"title": "Run me", "file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert ".exe files cannot be uploaded here. Choose a PDF, Word" in response.content.decode()
    assert MeetingPaper.objects.count() == 0


def test_paper_upload_that_is_too_big_is_refused(client, settings, meeting, facilitator):
    settings.COMMUNITIES_PAPER_MAX_BYTES = 1024 * 1024
    sign_in(client, facilitator)
    response = client.post(
        reverse("communities:paper_create", args=[meeting.community.slug, meeting.pk]),
        {"title": "Huge", "file": SimpleUploadedFile("huge.pdf", b"x" * (1024 * 1024 + 1))},
    )
    assert response.status_code == 200
    assert "The file is too big." in response.content.decode()
    assert MeetingPaper.objects.count() == 0


def test_attendance_page_records_who_came(client, meeting, facilitator, member):
    sign_in(client, facilitator)
    with time_machine.travel(meeting.end + timedelta(hours=1)):
        response = client.post(
            reverse("communities:attendance", args=[meeting.community.slug, meeting.pk]),
            {"attended": [member.pk]},
        )
    assert response.status_code == 302
    assert list(meeting.attendances.values_list("user_id", flat=True)) == [member.pk]


def test_output_added_by_facilitator_shows_on_the_community_page(client, community, facilitator):
    sign_in(client, facilitator)
    client.post(
        reverse("communities:output_create", args=[community.slug]),
        {"title": "Back pain pathway", "kind": "pathway_change", "description": "Seen within a week."},
    )
    client.logout()
    assert Output.objects.get().title == "Back pain pathway"
    assert "Back pain pathway" in client.get(community.get_absolute_url()).content.decode()


def test_member_panel_on_me_shows_my_communities_and_my_reply(client, meeting, member):
    meeting_services.rsvp_set(meeting=meeting, user=member, answer=RsvpAnswer.MAYBE)
    UserFactory()
    sign_in(client, member)

    html = client.get("/me/").content.decode()

    assert "Your communities of practice" in html
    assert "Your reply: maybe." in html


def test_list_with_a_page_number_out_of_range_shows_the_last_page(client):
    CommunityFactory()
    response = client.get("/communities/?page=99")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_facilitator_changes_a_member_role(client, community, facilitator, member):
    sign_in(client, facilitator)
    membership = Membership.objects.get(user=member)
    response = client.post(
        reverse("communities:membership_role", args=[community.slug, membership.pk]), {"role": "academic"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.ACADEMIC


def test_member_role_change_by_facilitator_of_another_community_is_404(
    client, community, other_facilitator, member
):
    sign_in(client, other_facilitator)
    membership = Membership.objects.get(user=member)
    response = client.post(
        reverse("communities:membership_role", args=[community.slug, membership.pk]), {"role": "academic"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == MemberRole.PATIENT_OR_PUBLIC


def test_facilitator_removes_a_paper_and_its_file(
    client, meeting, facilitator, django_capture_on_commit_callbacks
):
    paper = _paper(meeting, facilitator)
    path = paper.file.path
    sign_in(client, facilitator)
    url = reverse("communities:paper_delete", args=[meeting.community.slug, meeting.pk, paper.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert MeetingPaper.objects.count() == 0
    assert not os.path.exists(path)


def test_paper_removal_by_a_member_is_404(client, meeting, facilitator, member):
    paper = _paper(meeting, facilitator)
    sign_in(client, member)
    url = reverse("communities:paper_delete", args=[meeting.community.slug, meeting.pk, paper.pk])
    assert client.post(url).status_code == 404
    assert MeetingPaper.objects.count() == 1


def test_facilitator_is_asked_to_confirm_before_a_meeting_is_cancelled(
    client, community, meeting, facilitator
):
    sign_in(client, facilitator)
    url = reverse("communities:meeting_cancel", args=[community.slug, meeting.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert "Yes, cancel the meeting" in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).cancelled is False
    client.post(url)
    assert Meeting.objects.get(pk=meeting.pk).cancelled is True


def test_facilitators_are_encouraged_to_turn_on_two_factor_sign_in_until_they_have(client):
    from apps.communities.enums import MemberRole, MembershipStatus
    from apps.communities.models import Membership
    from tests.auth import give_totp
    from tests.factories.communities import CommunityFactory

    community = CommunityFactory()
    facilitator = UserFactory()
    Membership.objects.create(
        community=community, user=facilitator, role=MemberRole.FACILITATOR, status=MembershipStatus.APPROVED
    )
    sign_in(client, facilitator)
    nudge = "Please turn on two-factor sign-in."

    assert nudge in client.get("/me/").content.decode()
    assert nudge in client.get(f"/communities/{community.slug}/manage/").content.decode()
    give_totp(facilitator)
    assert nudge not in client.get("/me/").content.decode()
    assert nudge not in client.get(f"/communities/{community.slug}/manage/").content.decode()
