"""Mark the outbox's stored sign-in codes, password-reset and address-verification emails as secret and
remove the text of those already sent or failed (whoever read one could take over the account)."""

from django.db import migrations
from django.utils import timezone

# The kinds allauth's emails were stored under ("account-" + the template name), as in
# apps/accounts/adapters.py SECRET_TEMPLATES at the time of writing.
SECRET_KINDS = [
    "account-login-code",
    "account-password-reset-key",
    "account-password-reset-code",
    "account-email-confirmation",
    "account-email-confirmation-signup",
    "account-email-confirm",
]
SECRET_REMOVED_TEXT = "[sign-in code or link removed: it is never kept]"


def remove_secrets(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    secrets = OutboxMessage.objects.filter(kind__in=SECRET_KINDS)
    secrets.update(secret=True)
    secrets.filter(status__in=["sent", "failed"], body_removed_at__isnull=True).update(
        body_text=SECRET_REMOVED_TEXT, body_html="", attachments=[], body_removed_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_outbox_secret_and_retention")]

    # Going back keeps the rows as they are: the removed text cannot (and must not) come back.
    operations = [migrations.RunPython(remove_secrets, migrations.RunPython.noop)]
