"""A member's calendar link is a password to their meetings (with join links): it opens their feed, they
can see it on their page and replace it, and the database, the admin and a backup never hold it."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from apps.communities import services
from apps.communities.models import CalendarFeed, legacy_feed_token_hash
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

CALENDAR_PAGE = "/communities/my-calendar/"


def _link_on_the_page(client) -> str:
    html = client.get(CALENDAR_PAGE).content.decode()
    (url,) = re.findall(r'id="feed-url"[^>]*value="([^"]+)"', html)
    return url.removeprefix("http://testserver")


def _token(link: str) -> str:
    return link.removeprefix("/communities/feed/").removesuffix(".ics")


def _stored_text() -> str:
    """Every column of every row of the feeds' table, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CalendarFeed._meta.db_table}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


@pytest.mark.django_db
def test_calendar_link_is_not_stored_in_any_readable_form(client, meeting, member):
    sign_in(client, member)
    client.post(CALENDAR_PAGE)
    token = _token(_link_on_the_page(client))
    secret_part = token.rpartition("-")[2]

    stored = _stored_text()

    assert CalendarFeed.objects.filter(user=member).count() == 1
    assert len(secret_part) >= 32
    assert token not in stored
    assert secret_part not in stored


@pytest.mark.django_db
def test_calendar_link_on_the_page_opens_the_feed_and_a_new_one_replaces_it(client, meeting, member):
    sign_in(client, member)
    client.post(CALENDAR_PAGE)
    old_link = _link_on_the_page(client)

    client.post(CALENDAR_PAGE, {"revoke": "1"})
    new_link = _link_on_the_page(client)
    client.logout()

    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    feed = client.get(new_link)
    assert feed.status_code == 200
    assert f"UID:communities-meeting-{meeting.pk}@iau-portal" in feed.content.decode()
    stored = _stored_text()
    assert _token(old_link) not in stored
    assert _token(new_link) not in stored


@pytest.mark.django_db
def test_calendar_link_handed_out_before_keeps_working_until_replaced(client, meeting, member):
    feed = services.calendar_feed_get_or_create(user=member)
    CalendarFeed.objects.filter(pk=feed.pk).update(legacy_token_hash=legacy_feed_token_hash("from-last-year"))

    assert client.get("/communities/feed/from-last-year.ics").status_code == 200
    services.calendar_feed_revoke(user=member)
    assert client.get("/communities/feed/from-last-year.ics").status_code == 404


@pytest.mark.django_db
def test_calendar_link_works_while_its_secret_key_is_a_fallback_and_not_after(client, settings, member):
    link = services.calendar_feed_get_or_create(user=member).get_absolute_url()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-portal-" + "x" * 32

    assert client.get(link).status_code == 200
    assert client.get(CalendarFeed.objects.get(user=member).get_absolute_url()).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_calendar_feed_opens_for_its_link_only_not_for_what_is_stored_or_a_guess(client, member):
    link = services.calendar_feed_get_or_create(user=member).get_absolute_url()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CalendarFeed._meta.db_table}")
        (row,) = cursor.fetchall()
    guesses = [str(value) for value in row if value]
    guesses += ["", "0-abc", "zzzzzzzzzzzzzzzzzzzz-1", "1-" + "0" * 32, _token(link)[:-1], "a\x00b", "é-é"]

    assert client.get(link).status_code == 200
    answers = {guess: client.get(f"/communities/feed/{guess}.ics").status_code for guess in guesses}
    assert set(answers.values()) == {404}, answers
    member.is_active = False
    member.save()
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_admin_of_calendar_feeds_neither_shows_nor_filters_by_what_the_link_is_made_of(client):
    feed = services.calendar_feed_get_or_create(user=UserFactory())
    sign_in(client, StaffFactory(is_superuser=True))
    changelist = reverse("admin:communities_calendarfeed_changelist")

    html = client.get(reverse("admin:communities_calendarfeed_change", args=[feed.pk])).content.decode()

    assert feed.key not in html
    assert _token(feed.get_absolute_url()) not in html
    for lookup in ["token__regex", "key__regex", "legacy_token_hash__regex", "key__startswith"]:
        assert client.get(changelist, {lookup: "^a"}).status_code == 400, lookup


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_links_members_use_and_can_be_undone(client):
    before = [("communities", "0005_membership_named_publicly")]
    executor = MigrationExecutor(connection)
    # Forward to the newest communities migration (0006 is the one tested): the feed's page reads
    # meetings, whose later columns must exist.
    after = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "communities"]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = old_apps.get_model("accounts", "User").objects.create(email="member@example.org")
    old_apps.get_model("communities", "CalendarFeed").objects.create(user=user, token="a-link-from-last-year")
    try:
        MigrationExecutor(connection).migrate(after)
        stored_after = _stored_text()
        feed = CalendarFeed.objects.get(user_id=user.pk)
        old_link_answer = client.get("/communities/feed/a-link-from-last-year.ics").status_code
        current_token = feed.token

        MigrationExecutor(connection).migrate(before)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {CalendarFeed._meta.db_table}")
            tokens_after_undo = [row[0] for row in cursor.fetchall()]
    finally:
        call_command("migrate", verbosity=0)

    assert "a-link-from-last-year" not in stored_after
    assert old_link_answer == 200
    # Undone, the feed keeps the link its member was shown since.
    assert tokens_after_undo == [current_token]
