"""Unsubscribe and email-choice links in a digest: never stored in the outbox, signed when the digest is
sent, good for a year after that; an old link gets a page that says what to do, not an error."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection

from apps.core.models import OutboxMessage
from apps.notifications.models import NotificationPreference
from apps.notifications.services import digests_send_due
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 07:00 in London: the end of a weekly period.
MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
LINK = re.compile(r"https://portal\.test(/notifications/(?:unsubscribe|preferences)/[^/\s]+/)")


def _stored_row(message_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_outboxmessage WHERE id = %s", [message_id])
        return " ".join(str(value) for value in cursor.fetchone())


@pytest.fixture
def digest(smtp_server, django_capture_on_commit_callbacks):
    """Ada's weekly digest (Grace joined), as the mail server got it, and the row as stored before sending."""
    UserFactory(email="ada@example.org", date_joined=MONDAY - timedelta(days=60))
    UserFactory(
        email="grace@example.org", date_joined=MONDAY - timedelta(days=2), display_name="Grace Hopper"
    )
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        with django_capture_on_commit_callbacks() as queued:
            digests_send_due()
        message = OutboxMessage.objects.get(kind="digest")
        waiting = _stored_row(message.pk)
        for callback in queued:
            callback()
    return smtp_server.messages[0], message, waiting


def test_digest_links_are_not_in_the_outbox_yet_reach_the_member(digest):
    email, message, waiting = digest
    text = email.get_body(("plain",)).get_content()
    header = email["List-Unsubscribe"]
    tokens = {link.split("/")[-2] for link in LINK.findall(text) + LINK.findall(header)}

    assert len(tokens) == 1  # the same link in the text and the header, signed at sending time
    token = tokens.pop()
    assert token not in waiting
    assert "/notifications/unsubscribe/" not in waiting
    assert "subject=unsubscribe" not in waiting  # the mailto carries the token too
    assert token not in _stored_row(message.pk)
    assert "mailto:" in header and "subject=unsubscribe%20" in header


def test_the_one_click_unsubscribe_from_the_sent_header_works(client, digest):
    email, _, _ = digest
    path = LINK.search(email["List-Unsubscribe"]).group(1)

    with time_machine.travel(MONDAY + timedelta(days=30)):
        response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user__email="ada@example.org").unsubscribed_at is not None


def test_digest_links_work_for_a_year_then_say_what_to_do(client, digest, settings):
    settings.CONTACT_EMAIL = "help@iau.example"
    email, _, _ = digest
    unsubscribe = LINK.search(email["List-Unsubscribe"]).group(1)
    preferences = "/notifications/preferences/" + unsubscribe.split("/")[-2] + "/"

    with time_machine.travel(MONDAY + timedelta(days=364)):
        assert client.get(unsubscribe).status_code == 200
    with time_machine.travel(MONDAY + timedelta(days=366)):
        pages = [
            client.get(unsubscribe),
            client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}),
            client.get(preferences),
        ]

    for page in pages:
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
        assert "help@iau.example" in page.content.decode()
    assert not NotificationPreference.objects.filter(unsubscribed_at__isnull=False).exists()


def test_a_link_from_before_links_expired_gets_the_expired_page(client):
    member = UserFactory()
    undated = signing.Signer(salt="notifications.email-preferences").sign_object({"user": member.pk})

    response = client.get(f"/notifications/unsubscribe/{undated}/")

    assert response.status_code == 410
    assert "use the link at the bottom of the latest email" in response.content.decode().lower()
