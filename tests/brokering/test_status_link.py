"""The status link of a question: never stored in the outbox, signed when the email is sent, and good for
a year after that; an old link gets a page that says what to do, not an error."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from apps.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

STATUS_LINK = re.compile(r"https://portal\.test(/ask/status/[^/\s]+/)")


def _stored_row(message_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_outboxmessage WHERE id = %s", [message_id])
        return " ".join(str(value) for value in cursor.fetchone())


def _ask(client, ask_data, django_capture_on_commit_callbacks, smtp_server):
    with django_capture_on_commit_callbacks() as queued:  # stored; the worker has not sent it yet
        client.post("/ask/", ask_data)
    message = OutboxMessage.objects.get(kind="ask-acknowledgement")
    waiting = _stored_row(message.pk)
    for callback in queued:
        callback()
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    return message, waiting, STATUS_LINK.search(body).group(1)


def test_the_status_link_is_not_in_the_outbox_yet_reaches_the_asker(
    client, ask_data, smtp_server, django_capture_on_commit_callbacks
):
    message, waiting, link = _ask(client, ask_data, django_capture_on_commit_callbacks, smtp_server)
    token = link.split("/")[-2]

    assert "/ask/status/" not in waiting
    assert token not in waiting
    assert token not in _stored_row(message.pk)  # nor once it has been sent
    page = client.get(link)
    assert page.status_code == 200
    assert "ASK-0001" in page.content.decode()


def test_a_status_link_works_for_a_year_then_says_what_to_do(
    client, ask_data, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.CONTACT_EMAIL = "help@iau.example"
    _, _, link = _ask(client, ask_data, django_capture_on_commit_callbacks, smtp_server)

    with time_machine.travel(timezone.now() + timedelta(days=364)):
        assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        expired = client.get(link)

    assert expired.status_code == 410
    content = expired.content.decode()
    assert "This link has expired" in content
    assert "latest email we sent you about your question" in content
    assert "help@iau.example" in content
    assert ask_data["question"] not in content


def test_an_altered_status_link_is_still_not_found(
    client, ask_data, smtp_server, django_capture_on_commit_callbacks
):
    _, _, link = _ask(client, ask_data, django_capture_on_commit_callbacks, smtp_server)

    assert client.get(link[:-3] + "xx/").status_code == 404
