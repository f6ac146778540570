"""The data migration removes the sign-in codes and links that earlier releases kept in the outbox."""

import pytest
from django.db import connection

from tests.migrating import MigrationExecutor

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


KEYS_AT_REST = [("core", "0007_outbox_keys_at_rest")]


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_waiting_codes_and_links_and_removes_sent_links_keeping_every_row():
    from apps.core.encryption import PREFIX, unseal

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    OutboxMessage = executor.loader.project_state(AFTER).apps.get_model("core", "OutboxMessage")
    common = {"recipient": "member@example.org", "subject": "Subject", "about": ""}
    waiting_code = OutboxMessage.objects.create(
        kind="account-login-code", occasion="1", body_text="Your code: ABCD-EFGH", secret=True, **common
    )
    unsubscribe = "https://portal.test/notifications/unsubscribe/eyJ1c2VyIjoxfQ:1xyzAB:abc-DEF_123/"
    header = f"<{unsubscribe}>, <mailto:unsubscribe@iau.example?subject=unsubscribe%20eyJ1c2VyIjoxfQ%3Aabc>"
    waiting_digest = OutboxMessage.objects.create(
        kind="digest",
        occasion="2",
        body_text=f"Unsubscribe: {unsubscribe}",
        headers={"List-Unsubscribe": header},
        **common,
    )
    sent_answer = OutboxMessage.objects.create(
        kind="ask-answer",
        occasion="3",
        body_text="See how it is going: https://portal.test/ask/status/eyJyZXF1ZXN0IjoxfQ:1xyzAB:sig_-9/",
        body_html='<a href="https://portal.test/ask/status/eyJyZXF1ZXN0IjoxfQ:1xyzAB:sig_-9/">status</a>',
        status="sent",
        **common,
    )
    plain = OutboxMessage.objects.create(
        kind="seminars-confirmed", occasion="4", body_text="See you", **common
    )

    executor = MigrationExecutor(connection)
    executor.migrate(KEYS_AT_REST)
    OutboxMessage = executor.loader.project_state(KEYS_AT_REST).apps.get_model("core", "OutboxMessage")

    assert OutboxMessage.objects.count() == 4
    code = OutboxMessage.objects.get(pk=waiting_code.pk)
    assert code.body_text.startswith(PREFIX)
    assert unseal(code.body_text) == "Your code: ABCD-EFGH"
    digest = OutboxMessage.objects.get(pk=waiting_digest.pk)
    assert digest.body_text.startswith(PREFIX)
    assert digest.headers["List-Unsubscribe"].startswith(PREFIX)
    assert unseal(digest.headers["List-Unsubscribe"]) == header  # still sent as it was
    answer = OutboxMessage.objects.get(pk=sent_answer.pk)
    assert answer.body_text == "See how it is going: https://portal.test/ask/status/link-removed/"
    assert "sig_-9" not in answer.body_html
    assert OutboxMessage.objects.get(pk=plain.pk).body_text == "See you"

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)  # going back opens what was encrypted
    OutboxMessage = executor.loader.project_state(AFTER).apps.get_model("core", "OutboxMessage")
    assert OutboxMessage.objects.get(pk=waiting_code.pk).body_text == "Your code: ABCD-EFGH"
    assert OutboxMessage.objects.get(pk=waiting_digest.pk).headers == {"List-Unsubscribe": header}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
