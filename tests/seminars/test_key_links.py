"""A registration's cancel, stop-emails and feedback links are keys: they are never stored readable in the
outbox (the outbox signs them as the email is sent), and the stop-emails and feedback links have a
lifetime that fits their use."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from apps.seminars import tokens
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Ann Example", "email": "ann@example.org", "role": "patient_public", "consent": "on"}


def _outbox_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_outboxmessage")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_the_cancel_link_reaches_the_inbox_but_is_not_stored(smtp_server, django_capture_on_commit_callbacks):
    seminar = SeminarFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/seminars/{seminar.slug}/register/", FORM)

    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://portal\.test(/seminars/registration/[^/\s]+/cancel/)", body).group(1)
    token = link.split("/")[3]
    assert token not in _outbox_text()
    assert "/seminars/registration/" not in _outbox_text()
    assert Client().get(link).status_code == 200


def test_stop_emails_and_feedback_links_expire_with_a_page_that_says_what_to_do():
    seminar = SeminarFactory(starts_at=timezone.now() - timedelta(days=2))
    registration = RegistrationFactory(seminar=seminar)
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        old_stop = tokens.signed_path(registration, tokens.STOP_EMAILS)
        old_feedback = tokens.signed_path(registration, tokens.FEEDBACK)
    fresh_stop = tokens.signed_path(registration, tokens.STOP_EMAILS)

    assert Client().get(fresh_stop).status_code == 200
    for path in (old_stop, old_feedback):
        expired = Client().get(path)
        assert expired.status_code == 410
        assert "This link has expired" in expired.content.decode()
    # A link that was never ours is still a plain 404.
    assert Client().get("/seminars/registration/not-a-token/stop-emails/").status_code == 404
