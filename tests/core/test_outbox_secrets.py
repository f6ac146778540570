"""Sign-in codes and one-time links are sent but never kept: not in the admin, not in "download my data",
not in the logs. Old email text is purged after the retention period; the record of each email stays."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from apps.core.encryption import unseal
from apps.core.enums import OutboxStatus
from apps.core.models import OutboxMessage
from apps.core.services import (
    RETENTION_REMOVED_TEXT,
    SECRET_REMOVED_TEXT,
    outbox_deliver,
    outbox_enqueue,
    outbox_purge_old_bodies,
)
from apps.core.tasks import outbox_purge_old_bodies as purge_task
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _outbox_viewer():
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    return staff


def _everything_stored(message: OutboxMessage) -> str:
    message.refresh_from_db()
    stored = [message.subject, message.body_text, message.body_html, message.headers, message.attachments]
    return " ".join(str(value) for value in stored)


def test_outbox_viewer_opens_a_sent_sign_in_code_email_and_sees_no_code(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": "member@example.org"})
    code = CODE.search(mail.outbox[0].body).group(1)
    message = OutboxMessage.objects.get(kind="account-login-code")

    sign_in(client, _outbox_viewer())
    page = client.get(f"/admin/core/outboxmessage/{message.pk}/change/")

    assert page.status_code == 200
    assert code not in page.content.decode()
    assert SECRET_REMOVED_TEXT in page.content.decode()
    assert code not in _everything_stored(message)
    assert message.status == OutboxStatus.SENT


def test_outbox_viewer_sees_no_code_while_the_email_is_still_waiting(client):
    UserFactory(email="member@example.org")
    client.post("/accounts/login/code/", {"email": "member@example.org"})  # not sent yet: no commit
    message = OutboxMessage.objects.get(kind="account-login-code")
    code = CODE.search(unseal(message.body_text)).group(1)  # kept encrypted: it is needed until sent

    sign_in(client, _outbox_viewer())
    page = client.get(f"/admin/core/outboxmessage/{message.pk}/change/")

    assert message.status == OutboxStatus.PENDING
    assert code not in page.content.decode()
    assert "Hidden: this email carries a sign-in code" in page.content.decode()


def test_password_reset_link_is_sent_but_not_kept(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "member@example.org"})
    link = re.search(r"/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    message = OutboxMessage.objects.get(kind="account-password-reset-key")

    assert message.secret is True
    assert link not in _everything_stored(message)
    assert message.body_text == SECRET_REMOVED_TEXT


def test_email_verification_link_is_sent_but_not_kept(client, django_capture_on_commit_callbacks):
    member = UserFactory(email="member@example.org")
    sign_in(client, member)
    confirm_identity(client)  # changing an email address asks for the password again first
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    link = re.search(r"/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    message = OutboxMessage.objects.get(recipient="new@example.org")

    assert message.secret is True
    assert link not in _everything_stored(message)


def test_a_code_that_finally_failed_is_removed_and_cannot_be_resent(
    client, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.handler.reply = "550 No such mailbox"
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": "member@example.org"})
    message = OutboxMessage.objects.get(kind="account-login-code")
    assert message.status == OutboxStatus.FAILED
    assert message.body_text == SECRET_REMOVED_TEXT
    smtp_server.handler.reply = None

    sign_in(client, StaffFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/outboxmessage/",
            {"action": "resend_failed", "_selected_action": [message.pk]},
            follow=True,
        )

    assert "could not be sent again because their text is no longer kept" in response.content.decode()
    assert smtp_server.messages == []
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.FAILED


def test_download_my_data_and_the_logs_hold_no_sign_in_code(
    client, caplog, django_capture_on_commit_callbacks
):
    member = UserFactory(email="member@example.org")
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": "member@example.org"})
    code = CODE.search(mail.outbox[0].body).group(1)

    sign_in(client, member)
    confirm_identity(client)  # the download asks for the password again first
    download = client.get("/me/data/download.json")

    assert download.status_code == 200
    assert code not in download.content.decode()
    assert code not in caplog.text


def _sent(occasion, *, secret=False):
    message, _ = outbox_enqueue(
        recipient="member@example.org",
        kind="test-note",
        template="account/prerendered",
        context={"subject": "Your claim", "body_text": "Claim text", "body_html": "<p>Claim</p>"},
        occasion=occasion,
        headers={"List-Unsubscribe": "<https://portal.test/unsubscribe/token>"},
        secret=secret,
    )
    outbox_deliver(message_id=message.pk)
    return message


def test_old_email_text_is_purged_after_the_retention_period_and_the_record_stays(settings):
    settings.OUTBOX_BODY_RETENTION_DAYS = 90
    with time_machine.travel(timezone.now() - timedelta(days=91)):
        old = _sent("old")
    recent = _sent("recent")

    assert outbox_purge_old_bodies() == 1
    assert purge_task() == 0  # the periodic task calls the same service: nothing is purged twice

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.recipient, old.kind, old.subject, old.status) == (
        "member@example.org",
        "test-note",
        "Your claim",
        OutboxStatus.SENT,
    )
    assert (old.body_text, old.body_html, old.headers) == (RETENTION_REMOVED_TEXT, "", {})
    assert old.body_removed_at is not None
    assert recent.body_text == "Claim text\n"


def test_the_purge_runs_on_the_beat_schedule():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    assert tasks.count("core.outbox_purge_old_bodies") == 1
