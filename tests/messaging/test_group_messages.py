"""Messages to a group, through the pages as staff, facilitators and members meet them, and over SMTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.communities.enums import MemberRole
from apps.messaging.enums import Audience
from apps.messaging.models import GroupMessage
from apps.messaging.personal_data import export_personal_data
from apps.messaging.services import group_message_create, group_message_send
from apps.notifications.models import NotificationPreference
from apps.seminars.enums import RegistrationStatus
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import CommunityFactory
from tests.factories.communities import MembershipFactory as CommunityMembershipFactory
from tests.factories.involvement import GroupFactory, MembershipFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

BODY = (
    "We meet on **18 July** at 12:30.\n\n- Lunch is provided\n- Travel is paid\n\n<script>alert(1)</script>"
)


def _recipients(sink):
    return sorted(str(message["To"]) for message in sink.messages)


def _post(client, capture, url, data=None):
    with capture(execute=True):
        return client.post(url, data or {})


def test_coordinator_previews_tests_and_sends_to_the_link_group_once_each(
    client, smtp_server, django_capture_on_commit_callbacks, coordinator, link_members, rug_member
):
    turned_off = link_members[2]
    NotificationPreference.objects.create(user=turned_off, unsubscribed_at=timezone.now())
    sign_in(client, coordinator)
    link = link_members[0].involvement_memberships.get().group

    response = client.post(
        "/staff/messages/new/",
        {"audience": Audience.GROUPS, "groups": [link.pk], "subject": "Summer get-together", "body": BODY},
    )
    message = GroupMessage.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/messages/{message.pk}/"

    preview = client.get(response.url)
    assert preview.status_code == 200
    assert b"Send to 2 people" in preview.content
    assert smtp_server.messages == []

    _post(client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/test/")
    assert _recipients(smtp_server) == ["coordinator@example.org"]
    assert smtp_server.messages[0]["Subject"] == "[Test] Summer get-together"

    _post(
        client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/send/", {"confirm": "on"}
    )
    sent = smtp_server.messages[1:]
    assert sorted(str(email["To"]) for email in sent) == ["link0@example.org", "link1@example.org"]
    for email in sent:
        assert email["Subject"] == "Summer get-together"
        assert "/notifications/unsubscribe/" in email["List-Unsubscribe"]
        assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html = email.get_body(("html",)).get_content()
        assert "<strong>18 July</strong>" in html
        assert "<script>" not in html
        # The plain-text part reads the Markdown as words, not asterisks.
        text = email.get_body(("plain",)).get_content()
        assert "We meet on 18 July at 12:30." in text and "**" not in text
    message.refresh_from_db()
    assert (message.status, message.recipients_count) == ("sent", 2)

    # Pressing send again, or the test button, sends nothing more.
    _post(
        client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/send/", {"confirm": "on"}
    )
    _post(client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/test/")
    assert len(smtp_server.messages) == 3


def test_send_needs_the_confirmation_box(
    client, smtp_server, django_capture_on_commit_callbacks, coordinator, link_members
):
    message = group_message_create(
        author=coordinator,
        audience=Audience.GROUPS,
        subject="Hello",
        body="Hi",
        groups=[link_members[0].involvement_memberships.get().group],
    )
    sign_in(client, coordinator)
    response = _post(client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/send/")
    assert response.status_code == 200
    assert b"Tick the box to confirm" in response.content
    assert smtp_server.messages == []


def test_members_read_their_own_messages_and_no_one_elses(client, coordinator, link_members, rug_member):
    message = group_message_create(
        author=coordinator,
        audience=Audience.GROUPS,
        subject="For the Link group",
        body="Hello *everyone*.",
        groups=[link_members[0].involvement_memberships.get().group],
    )
    group_message_send(message=message)

    sign_in(client, link_members[0])
    listing = client.get("/me/messages/")
    assert listing.status_code == 200
    assert b"For the Link group" in listing.content
    reading = client.get(f"/me/messages/{message.pk}/")
    assert reading.status_code == 200
    assert b"<em>everyone</em>" in reading.content
    assert b"Messages from the unit" in client.get("/me/").content

    client.logout()
    sign_in(client, rug_member)
    assert client.get(f"/me/messages/{message.pk}/").status_code == 404
    assert b"For the Link group" not in client.get("/me/messages/").content


def test_both_groups_reach_a_member_of_both_once(coordinator, link_members, rug, rug_member):
    MembershipFactory(user=link_members[0], group=rug)
    message = group_message_create(
        author=coordinator,
        audience=Audience.GROUPS,
        subject="To both",
        body="Hello",
        groups=[link_members[0].involvement_memberships.first().group, rug],
    )
    assert group_message_send(message=message) == 4  # three Link members and the RUG member, each once


def test_sending_costs_the_same_queries_for_5_and_for_50_people(coordinator):
    def queries_to_send_to(count):
        group = GroupFactory()
        for n in range(count):
            MembershipFactory(group=group, user=UserFactory(email=f"p{count}-{n}@example.org"))
        message = group_message_create(
            author=coordinator, audience=Audience.GROUPS, subject="Hello", body="Hi", groups=[group]
        )
        with CaptureQueriesContext(connection) as captured:
            assert group_message_send(message=message) == count
        return [query["sql"] for query in captured.captured_queries]

    few, many = queries_to_send_to(5), queries_to_send_to(50)
    if connection.vendor == "postgresql":
        assert len(few) == len(many)
    else:
        # SQLite caps the parameters of one statement, so the outbox inserts 50 emails in two statements
        # (on PostgreSQL: one per 500). Everything else is the same.
        def others(queries):
            return [sql for sql in queries if 'INTO "core_outboxmessage"' not in sql]

        assert len(others(few)) == len(others(many))


def test_a_facilitator_writes_to_their_community_but_not_another(
    client, smtp_server, django_capture_on_commit_callbacks
):
    community, other = CommunityFactory(), CommunityFactory()
    facilitator = UserFactory(email="fac@example.org")
    CommunityMembershipFactory(community=community, user=facilitator, role=MemberRole.FACILITATOR)
    member = CommunityMembershipFactory(community=community).user
    CommunityMembershipFactory(community=community, status="requested")  # not a member yet
    CommunityMembershipFactory(community=other)
    sign_in(client, facilitator)

    assert client.get(f"/communities/{other.slug}/manage/messages/new/").status_code == 404
    assert (
        client.post(
            f"/communities/{other.slug}/manage/messages/new/", {"subject": "Hi", "body": "Hi"}
        ).status_code
        == 404
    )
    assert client.get("/staff/messages/new/").status_code == 403

    response = client.post(
        f"/communities/{community.slug}/manage/messages/new/", {"subject": "Next meeting", "body": "Hi"}
    )
    message = GroupMessage.objects.get()
    assert response.url == f"/communities/{community.slug}/manage/messages/{message.pk}/"
    assert (message.audience, message.community) == (Audience.COMMUNITY, community)
    assert b"Send to 2 people" in client.get(response.url).content  # the facilitator and the member
    _post(
        client,
        django_capture_on_commit_callbacks,
        f"/communities/{community.slug}/manage/messages/{message.pk}/send/",
        {"confirm": "on"},
    )
    assert _recipients(smtp_server) == sorted(["fac@example.org", member.email])
    # The other community's address cannot reach this message.
    assert client.get(f"/communities/{other.slug}/manage/messages/{message.pk}/").status_code == 404


def test_an_editor_is_refused(client, editor, link_group):
    sign_in(client, editor)
    assert client.get("/staff/messages/").status_code == 403
    assert client.get("/staff/messages/new/").status_code == 403
    assert (
        client.post(
            "/staff/messages/new/",
            {"audience": "groups", "groups": [link_group.pk], "subject": "x", "body": "y"},
        ).status_code
        == 403
    )
    assert not GroupMessage.objects.exists()


def test_a_coordinator_cannot_write_to_seminar_registrants(client, coordinator):
    seminar = SeminarFactory()
    sign_in(client, coordinator)
    response = client.post(
        "/staff/messages/new/", {"audience": "seminar", "seminar": seminar.pk, "subject": "x", "body": "y"}
    )
    assert response.status_code == 200
    assert not GroupMessage.objects.exists()


def test_unit_lead_writes_to_seminar_registrants_with_their_stop_link(
    client, smtp_server, django_capture_on_commit_callbacks, unit_lead
):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="guest@example.org")
    RegistrationFactory(seminar=seminar, email="stopped@example.org", emails_stopped=True)
    RegistrationFactory(seminar=seminar, email="cancelled@example.org", status=RegistrationStatus.CANCELLED)
    account = UserFactory(email="member@example.org")
    RegistrationFactory(seminar=seminar, email="member@example.org")
    sign_in(client, unit_lead)

    response = client.post(
        "/staff/messages/new/",
        {"audience": "seminar", "seminar": seminar.pk, "subject": "Room change", "body": "Room 2"},
    )
    message = GroupMessage.objects.get()
    assert response.url == f"/staff/messages/{message.pk}/"
    _post(
        client, django_capture_on_commit_callbacks, f"/staff/messages/{message.pk}/send/", {"confirm": "on"}
    )

    emails = {str(email["To"]): email for email in smtp_server.messages}
    assert sorted(emails) == ["guest@example.org", "member@example.org"]
    assert "/seminars/registration/" in emails["guest@example.org"]["List-Unsubscribe"]
    assert "/notifications/unsubscribe/" in emails["member@example.org"]["List-Unsubscribe"]
    assert [item["subject"] for item in export_personal_data(account)["messages_received"]] == ["Room change"]


def test_personal_data_export_lists_messages_received(coordinator, link_members):
    message = group_message_create(
        author=coordinator,
        audience=Audience.GROUPS,
        subject="For the Link group",
        body="Hello",
        groups=[link_members[0].involvement_memberships.get().group],
    )
    group_message_send(message=message)
    exported = export_personal_data(link_members[0])
    assert [item["subject"] for item in exported["messages_received"]] == ["For the Link group"]
    assert [item["subject"] for item in export_personal_data(coordinator)["messages_written"]] == [
        "For the Link group"
    ]


def test_a_group_id_too_big_for_the_database_is_a_message_next_to_the_field(client):
    from django.contrib.auth.models import Group as Role

    from tests.auth import sign_in as sign_in_staff
    from tests.factories.accounts import StaffFactory

    coordinator = StaffFactory()
    coordinator.groups.add(Role.objects.get(name="Involvement coordinator"))
    sign_in_staff(client, coordinator)

    response = client.post(
        "/staff/messages/new/",
        {"audience": "groups", "groups": ["99999999999999999999"], "subject": "Hello", "body": "Text."},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
