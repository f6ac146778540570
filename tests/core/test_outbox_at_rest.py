"""Nothing the outbox stores opens anything: a waiting sign-in code is kept encrypted, links that act as keys
are placeholders signed only when the email is sent, and the admin shows neither. What reaches the mail
server is the real email."""

import re

import pytest
from django.core import mail
from django.db import connection

from apps.core.encryption import PREFIX, seal, unseal
from apps.core.enums import OutboxStatus
from apps.core.key_links import MASKED_LINK
from apps.core.models import OutboxMessage
from apps.core.services import outbox_deliver, outbox_enqueue
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


QUESTION = {
    "kind": "evidence",
    "question": "Does walking help after a stroke?",
    "purpose": "Planning a service",
    "needed_by": "",
    "name": "Sam",
    "email": "sam@example.org",
    "requester_role": "clinician",
    "organisation": "",
    "funder": "",
    "application_deadline": "",
    "research_stage": "",
    "consent_to_contact": "on",
    "website": "",
}


def stored_row(message_id: int) -> str:
    """Every column of the row as the database holds it (raw SQL: no model code in between)."""
    table = OutboxMessage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [message_id])  # noqa: S608 - our table name
        return " ".join(str(value) for value in cursor.fetchone())


def test_a_waiting_sign_in_code_is_stored_encrypted_and_the_mail_server_gets_it(
    client, smtp_server, django_capture_on_commit_callbacks
):
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks() as queued:  # the worker has not picked it up yet
        client.post("/accounts/login/code/", {"email": "member@example.org"})
    message = OutboxMessage.objects.get(kind="account-login-code")
    waiting = stored_row(message.pk)
    code = CODE.search(unseal(message.body_text)).group(1)  # only the portal's key opens it

    for callback in queued:
        callback()

    assert message.status == OutboxStatus.PENDING
    assert code not in waiting
    assert PREFIX in waiting
    sent = smtp_server.messages[0]
    assert sent["To"] == "member@example.org"
    assert code in sent.get_body(("plain",)).get_content()
    assert code not in stored_row(message.pk)
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT


def test_a_waiting_password_reset_link_is_stored_encrypted(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@example.org")
    with django_capture_on_commit_callbacks() as queued:
        client.post("/accounts/password/reset/", {"email": "member@example.org"})
    message = OutboxMessage.objects.get(kind="account-password-reset-key")
    waiting = stored_row(message.pk)

    for callback in queued:
        callback()

    key = re.search(r"/accounts/password/reset/key/(\S+)/", mail.outbox[0].body).group(1)
    assert key not in waiting
    assert "/accounts/password/reset/key/" not in waiting


def test_an_admin_changelist_lookup_on_the_text_finds_no_waiting_code(client):
    UserFactory(email="member@example.org")
    client.post("/accounts/login/code/", {"email": "member@example.org"})  # waiting: no commit in a test
    message = OutboxMessage.objects.get(kind="account-login-code")
    code = CODE.search(unseal(message.body_text)).group(1)
    sign_in(client, StaffFactory(is_superuser=True))

    page = client.get("/admin/core/outboxmessage/", {"status": "pending", "body_text__regex": f"^{code[:2]}"})

    assert not OutboxMessage.objects.filter(body_text__regex=f"^{code[:2]}").exists()
    assert not OutboxMessage.objects.filter(body_text__contains=code).exists()
    assert f"/admin/core/outboxmessage/{message.pk}/change/" not in page.content.decode()


def test_an_encrypted_email_from_an_earlier_key_still_opens_while_the_key_is_rotated(settings):
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    sealed = seal("Your code: ABCD-EFGH")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the-new-key-" + "y" * 40, [settings.SECRET_KEY]

    assert unseal(sealed) == "Your code: ABCD-EFGH"


def test_an_email_encrypted_with_a_lost_key_fails_for_staff_instead_of_going_out_garbled(
    settings, smtp_server
):
    message, _ = outbox_enqueue(
        recipient="member@example.org",
        kind="test-code",
        template="account/prerendered",
        context={"subject": "Your code", "body_text": "ABCD-EFGH", "body_html": ""},
        secret=True,
    )
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "an-entirely-new-key-" + "z" * 40, []

    assert outbox_deliver(message_id=message.pk) == OutboxStatus.FAILED

    message.refresh_from_db()
    assert "CannotOpen" in message.last_error
    assert smtp_server.messages == []


def test_a_key_link_is_a_placeholder_in_the_admin_and_a_signed_link_in_the_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", QUESTION)
    message = OutboxMessage.objects.get(kind="ask-acknowledgement")
    staff = StaffFactory(is_superuser=True)
    sign_in(client, staff)

    page = client.get(f"/admin/core/outboxmessage/{message.pk}/change/").content.decode()

    link = re.search(r"https://portal\.test(/ask/status/\S+/)", mail.outbox[0].body).group(1)
    assert MASKED_LINK in page
    assert "/ask/status/" not in page
    assert "key-link" not in page
    assert link not in stored_row(message.pk)
    assert client.get(link).status_code == 200


def test_a_placeholder_typed_into_a_question_does_not_become_a_link_to_someone_elses(
    client, django_capture_on_commit_callbacks
):
    def ask(email, question):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/ask/", {**QUESTION, "email": email, "question": question})
        return OutboxMessage.objects.get(kind="ask-acknowledgement", recipient=email)

    first = ask("first@example.org", "A question about falls prevention?")
    stored_placeholder = re.search(r"\[\[key-link:[^\]]+\]\]", first.body_text).group(0)
    forged = f"[[key-link:{'0' * 32}:brokering.status:{first.about.split(':')[1]}]]"

    ask("second@example.org", f"Copied: {stored_placeholder} and made up: {forged}")

    second_email = mail.outbox[-1]
    assert second_email.to == ["second@example.org"]
    assert len(re.findall(r"/ask/status/", second_email.body)) == 1  # their own link only
    assert stored_placeholder in second_email.body  # the copy stays text
    assert forged in second_email.body
