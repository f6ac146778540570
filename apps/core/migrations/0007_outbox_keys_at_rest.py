"""Nothing stored in the outbox opens anything any more.

- Sign-in codes and one-time links still waiting to go (secret) are encrypted (apps/core/encryption.py,
  a key derived from SECRET_KEY); the delivery step opens them. Reversible: going back decrypts them.
- Links that act as keys (a question's status page, unsubscribing, email choices, a seminar
  registration's cancel, stop-emails and feedback links) were stored as signed URLs. From now on an email
  holds a placeholder and the link is signed when it is sent. Here, an email still waiting keeps its links
  but is encrypted as a whole (reversible, and it is sent as it was); in an email already sent or failed
  the link's token is removed (not reversible: that is the point). Every row stays.
"""

import re

from django.db import migrations, models

from apps.core.encryption import is_sealed, seal, unseal

WAITING = ["pending", "sending"]
REMOVED_TOKEN = "link-removed"
# The signed part of each link (django.core.signing tokens: URL-safe base64, ':' and '.'; in the
# unsubscribe mailto the token is percent-encoded).
KEY_LINKS = [
    re.compile(r"(/ask/status/)[A-Za-z0-9_\-:.]+(/)"),
    re.compile(r"(/notifications/(?:unsubscribe|preferences)/)[A-Za-z0-9_\-:.]+(/)"),
    re.compile(r"(/seminars/registration/)[A-Za-z0-9_\-:.]+(/)"),
    re.compile(r"(/seminars/feedback/)[A-Za-z0-9_\-:.]+(/)"),
    re.compile(r"(subject=unsubscribe%20)[A-Za-z0-9_\-:.%]+()"),
]


def _has_key_link(text) -> bool:
    return isinstance(text, str) and any(pattern.search(text) for pattern in KEY_LINKS)


def _without_key_links(text):
    if not isinstance(text, str):
        return text
    for pattern in KEY_LINKS:
        text = pattern.sub(rf"\g<1>{REMOVED_TOKEN}\g<2>", text)
    return text


def _texts(message) -> list:
    return [
        message.body_text,
        message.body_html,
        *message.headers.values(),
        *(attachment.get("content") for attachment in message.attachments),
    ]


def _apply(message, change) -> None:
    message.body_text = change(message.body_text)
    message.body_html = change(message.body_html)
    message.headers = {name: change(value) for name, value in message.headers.items()}
    message.attachments = [
        {**attachment, "content": change(attachment.get("content"))} for attachment in message.attachments
    ]


def _seal(value):
    return seal(value) if isinstance(value, str) else value


def _unseal(value):
    return unseal(value) if isinstance(value, str) else value


def protect(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    fields = ["body_text", "body_html", "headers", "attachments"]
    for message in OutboxMessage.objects.filter(body_removed_at__isnull=True).iterator(chunk_size=500):
        waiting = message.status in WAITING
        if waiting and (message.secret or any(_has_key_link(text) for text in _texts(message))):
            _apply(message, _seal)
        elif not waiting and any(_has_key_link(text) for text in _texts(message)):
            _apply(message, _without_key_links)
        else:
            continue
        message.save(update_fields=fields)


def open_again(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    for message in OutboxMessage.objects.filter(body_removed_at__isnull=True).iterator(chunk_size=500):
        if any(is_sealed(text) for text in _texts(message)):
            _apply(message, _unseal)
            message.save(update_fields=["body_text", "body_html", "headers", "attachments"])


class Migration(migrations.Migration):
    dependencies = [("core", "0006_remove_stored_sign_in_codes_and_links")]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="secret",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Holds a sign-in code or one-time link: its text is stored encrypted, never shown, and "
                    "removed once sent."
                ),
            ),
        ),
        migrations.RunPython(protect, open_again),
    ]
