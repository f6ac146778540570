"""The "you said, we did" impact log as the public, members and coordinators meet it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import OutboxMessage
from apps.impact.enums import EntryStatus, HearAbout
from apps.impact.models import Contribution, ImpactEntry, MemberPreference
from apps.impact.services import preference_set
from tests.auth import sign_in
from tests.factories.impact import ContributionFactory, ImpactEntryFactory, standard
from tests.factories.notifications import TopicFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def admin_action(client, action, entries):
    return client.post(
        "/admin/impact/impactentry/",
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
    )


# ----------------------------------------------------------------------------------------- public pages


def test_public_log_shows_published_entries_and_filters_by_standard_and_topic(client):
    falls = TopicFactory(name="Falls", slug="falls")
    leaflet = ImpactEntryFactory(title="Bigger print on the falls leaflet", standards=["communications"])
    leaflet.topics.add(falls)
    ImpactEntryFactory(title="Members on the steering group", standards=["governance"])
    ImpactEntryFactory(title="A draft nobody should see", status=EntryStatus.DRAFT)

    page = client.get("/involvement/impact/").content.decode()
    assert "Bigger print on the falls leaflet" in page
    assert "Members on the steering group" in page
    assert "A draft nobody should see" not in page
    assert "2 changes found." in page

    by_standard = client.get("/involvement/impact/?standard=governance").content.decode()
    assert "Members on the steering group" in by_standard
    assert "Bigger print on the falls leaflet" not in by_standard

    by_topic = client.get("/involvement/impact/?topic=falls").content.decode()
    assert "Bigger print on the falls leaflet" in by_topic
    assert "Members on the steering group" not in by_topic


def test_public_log_explains_an_unknown_filter_and_shows_everything(client):
    ImpactEntryFactory(title="Members on the steering group")
    response = client.get("/involvement/impact/?standard=made-up&page=x")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Members on the steering group" in page


def test_public_log_queries_do_not_grow_with_entries(client, django_assert_num_queries, member):
    ContributionFactory(entry=ImpactEntryFactory(standards=["impact", "governance"]), user=member, named=True)
    with django_assert_num_queries(8) as one:
        client.get("/involvement/impact/")
    for _ in range(15):
        entry = ImpactEntryFactory(standards=["impact", "working-together"])
        entry.topics.add(TopicFactory())
        ContributionFactory(entry=entry, named=True)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/involvement/impact/")


def test_entry_page_names_only_the_members_who_chose_to_be_named(client, member, other_member):
    entry = ImpactEntryFactory(title="Clearer letters", standards=["impact", "communications"])
    ContributionFactory(entry=entry, user=member, named=True)
    ContributionFactory(entry=entry, user=other_member, named=False)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Mo Member" in page
    assert "Olu Other" not in page
    assert "2 members of our patient and public groups took part, including Mo Member." in page
    assert "Impact" in page and "Communications" in page


def test_draft_entry_page_is_404(client):
    entry = ImpactEntryFactory(status=EntryStatus.DRAFT)
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_member_chooses_to_be_named_and_no_one_else_can(client, member, other_member):
    entry = ImpactEntryFactory(title="Clearer letters")
    ContributionFactory(entry=entry, user=member)
    url = f"{entry.get_absolute_url()}name/"

    sign_in(client, other_member)
    assert client.post(url, {"named": "yes"}).status_code == 404

    sign_in(client, member)
    assert "Show my name" in client.get(entry.get_absolute_url()).content.decode()
    response = client.post(url, {"named": "yes"}, follow=True)
    assert "Your name is now shown on this entry." in response.content.decode()
    assert "Mo Member" in response.content.decode()
    assert Contribution.objects.get(entry=entry, user=member).named is True

    client.post(url, {"named": "no"})
    assert Contribution.objects.get(entry=entry, user=member).named is False


def test_site_search_and_sitemap_list_published_entries_only(client):
    published = ImpactEntryFactory(title="Easier booking for seminars", we_did="We added a phone line.")
    draft = ImpactEntryFactory(title="Easier booking draft", status=EntryStatus.DRAFT)
    search = client.get("/search/?q=easier booking").content.decode()
    assert "Easier booking for seminars" in search
    assert "Easier booking draft" not in search
    sitemap = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in sitemap
    assert draft.get_absolute_url() not in sitemap
    assert "/involvement/impact/</loc>" in sitemap


# ------------------------------------------------------------------------------------------------- /me/


def test_member_sees_the_difference_their_advice_made_on_me(client, member, other_member):
    mine = ImpactEntryFactory(title="Plainer consent forms", we_did="We cut the form from six pages to two.")
    ContributionFactory(entry=mine, user=member)
    ContributionFactory(entry=ImpactEntryFactory(title="Someone else's change"), user=other_member)
    draft = ImpactEntryFactory(title="Not yet public", status=EntryStatus.DRAFT)
    ContributionFactory(entry=draft, user=member)
    sign_in(client, member)
    page = client.get("/me/").content.decode()
    assert "The difference your advice made" in page
    assert "Plainer consent forms" in page
    assert "We cut the form from six pages to two." in page
    assert "Someone else&#x27;s change" not in page and "Someone else's change" not in page
    assert "Not yet public" not in page
    assert "in your email digest" in page


def test_member_chooses_how_to_hear(client, member):
    sign_in(client, member)
    response = client.post("/involvement/impact/how-we-tell-you/", {"hear_about": "shout"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    client.post("/involvement/impact/how-we-tell-you/", {"hear_about": HearAbout.AT_ONCE})
    assert MemberPreference.objects.get(user=member).hear_about == HearAbout.AT_ONCE


# ------------------------------------------------------------------------------------- admin and email


def test_publishing_from_the_admin_emails_members_who_asked_once_over_smtp(
    client, coordinator, member, other_member, smtp_server, django_capture_on_commit_callbacks
):
    preference_set(user=member, hear_about=HearAbout.AT_ONCE)  # told at once
    # other_member keeps the default (the digest): no email now.
    entry = ImpactEntryFactory(title="Shorter surveys", status=EntryStatus.DRAFT)
    ContributionFactory(entry=entry, user=member)
    ContributionFactory(entry=entry, user=other_member)
    sign_in(client, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "publish", [entry])
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "unpublish", [entry])
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "publish", [entry])

    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED
    assert [message["To"] for message in smtp_server.messages] == ["mo@example.org"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Your advice made a difference: Shorter surveys"
    text = message.get_body(("plain",)).get_content()
    assert "Dear Mo" in text
    assert f"https://portal.test{entry.get_absolute_url()}" in text
    assert "We did: We rewrote the letter" in text
    assert "Your name is not shown on the public page unless you choose it." in text
    assert OutboxMessage.objects.filter(kind="impact-entry-published").count() == 1


def test_publish_action_needs_the_publish_permission(client, member):
    from django.contrib.auth.models import Permission

    from tests.factories.accounts import StaffFactory

    editor = StaffFactory()
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="impact", codename__in=["view_impactentry", "change_impactentry"]
        )
    )
    entry = ImpactEntryFactory(status=EntryStatus.DRAFT)
    ContributionFactory(entry=entry, user=member)
    sign_in(client, editor)
    page = client.get("/admin/impact/impactentry/").content.decode()
    assert 'value="publish"' not in page
    admin_action(client, "publish", [entry])
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT


def test_admin_add_form_saves_through_the_service(client, coordinator, member, other_member):
    sign_in(client, coordinator)
    response = client.post(
        "/admin/impact/impactentry/add/",
        {
            "title": "Captions on every recording",
            "slug": "captions-on-every-recording",
            "happened_on": "2026-05-04",
            "you_said": "Recordings without captions shut people out.",
            "we_did": "Every seminar recording now has checked captions.",
            "standards": [standard("inclusive-opportunities").pk],
            "members": [member.pk, other_member.pk],
            "contributions-TOTAL_FORMS": "0",
            "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0",
            "contributions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ImpactEntry.objects.get(slug="captions-on-every-recording")
    assert entry.status == EntryStatus.DRAFT
    emails = sorted(entry.contributions.values_list("user__email", flat=True))
    assert emails == ["mo@example.org", "olu@example.org"]
    assert [s.slug for s in entry.standards.all()] == ["inclusive-opportunities"]


def test_digest_tells_members_who_chose_it_once(member, django_capture_on_commit_callbacks):
    from apps.impact.services import impact_entry_publish

    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        entry = ImpactEntryFactory(title="A quieter waiting room", status=EntryStatus.DRAFT)
        ContributionFactory(entry=entry, user=member)
        impact_entry_publish(entry=entry)

    for monday in (datetime.datetime(2026, 11, 30, 7, 30), datetime.datetime(2026, 12, 7, 7, 30)):
        with time_machine.travel(monday.replace(tzinfo=LONDON)):
            for _ in range(2):
                with django_capture_on_commit_callbacks(execute=True):
                    call_command("send_digests", verbosity=0)

    digests = [message for message in mail.outbox if message.to == ["mo@example.org"]]
    assert len(digests) == 1
    assert "WHAT CHANGED BECAUSE OF YOUR ADVICE" in digests[0].body
    assert "A quieter waiting room" in digests[0].body
    assert not [message for message in mail.outbox if "Your advice made a difference" in message.subject]


def test_digest_leaves_out_members_told_at_once(member, django_capture_on_commit_callbacks):
    from apps.impact.services import impact_entry_publish

    preference_set(user=member, hear_about=HearAbout.AT_ONCE)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        entry = ImpactEntryFactory(title="A quieter waiting room", status=EntryStatus.DRAFT)
        ContributionFactory(entry=entry, user=member)
        with django_capture_on_commit_callbacks(execute=True):
            impact_entry_publish(entry=entry)
    monday = datetime.datetime(2026, 11, 30, 7, 30, tzinfo=LONDON)
    with time_machine.travel(monday), django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", verbosity=0)
    subjects = [message.subject for message in mail.outbox if message.to == ["mo@example.org"]]
    assert subjects == ["Your advice made a difference: A quieter waiting room"]


def test_your_data_exports_and_erasure_forgets_contributions(member):
    from apps.accounts.services import account_erase, personal_data_export

    entry = ImpactEntryFactory(title="Plainer consent forms")
    ContributionFactory(entry=entry, user=member, named=True)
    preference_set(user=member, hear_about=HearAbout.AT_ONCE)
    exported = personal_data_export(user=member)["impact"]
    assert exported["how_we_tell_you"] == HearAbout.AT_ONCE
    assert exported["took_part_in"][0]["entry"] == "Plainer consent forms"
    assert exported["took_part_in"][0]["your_name_is_shown"] is True

    account_erase(user=member)
    assert not Contribution.objects.filter(user=member).exists()
    assert not MemberPreference.objects.filter(user=member).exists()
    assert ImpactEntry.objects.filter(pk=entry.pk).exists()


def test_seed_demo_puts_back_the_standards_an_emptied_database_lost(client):
    """A transactional test flushes the tables, data-migration rows too; the demo must still seed."""
    from apps.impact.models import Standard

    Standard.objects.all().delete()
    Standard.objects.create(slug="governance", name="Governance", description="Edited by staff", order=6)

    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Standard.objects.count() == 6
    assert Standard.objects.get(slug="governance").description == "Edited by staff"
    page = client.get("/involvement/impact/?standard=communications").content.decode()
    assert "The back pain leaflet now uses everyday words" in page


def test_admin_entry_page_queries_do_not_grow_with_members(client, coordinator, django_assert_num_queries):
    entry = ImpactEntryFactory()
    ContributionFactory(entry=entry)
    sign_in(client, coordinator)
    url = f"/admin/impact/impactentry/{entry.pk}/change/"
    client.get(url)  # the first view of the admin fills per-process caches (content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(6):
        ContributionFactory(entry=entry)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_admin_spells_the_uk_standards_as_they_are_called(client):
    from django.contrib.auth.models import Group

    from tests.factories.accounts import StaffFactory

    lead = StaffFactory()
    lead.groups.add(Group.objects.get(name="Unit lead"))
    sign_in(client, lead)

    page = client.get("/admin/").content.decode()

    assert "UK Standards for Public Involvement" in page
    assert "Involvements" not in page
