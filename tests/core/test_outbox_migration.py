"""The data migration removes the sign-in codes and links that earlier releases kept in the outbox."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0005_outbox_secret_and_retention")]
AFTER = [("core", "0006_remove_stored_sign_in_codes_and_links")]


@pytest.mark.django_db(transaction=True)
def test_migration_removes_stored_codes_and_keeps_other_email_and_codes_still_to_send():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OutboxMessage = executor.loader.project_state(BEFORE).apps.get_model("core", "OutboxMessage")
    common = {"recipient": "member@example.org", "subject": "Subject", "about": ""}
    sent_code = OutboxMessage.objects.create(
        kind="account-login-code", occasion="1", body_text="Your code: ABCD-EFGH", status="sent", **common
    )
    waiting_reset = OutboxMessage.objects.create(
        kind="account-password-reset-key", occasion="2", body_text="https://x/reset/key/1-abc", **common
    )
    seminar = OutboxMessage.objects.create(
        kind="seminars-registration-confirmed",
        occasion="3",
        body_text="See you there",
        status="sent",
        **common,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    OutboxMessage = executor.loader.project_state(AFTER).apps.get_model("core", "OutboxMessage")

    sent_code = OutboxMessage.objects.get(pk=sent_code.pk)
    assert (sent_code.secret, sent_code.body_text) == (
        True,
        "[sign-in code or link removed: it is never kept]",
    )
    waiting_reset = OutboxMessage.objects.get(pk=waiting_reset.pk)
    assert (waiting_reset.secret, waiting_reset.body_text) == (True, "https://x/reset/key/1-abc")
    assert OutboxMessage.objects.get(pk=seminar.pk).body_text == "See you there"
