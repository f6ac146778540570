"""Authenticator app secrets and recovery-code seeds were stored as they are; encrypt the ones already
there (new ones are encrypted by the MFA adapter). Going back decrypts them again."""

from django.db import migrations

FIELD_OF_TYPE = {"totp": "secret", "recovery_codes": "seed"}


def _rewrite(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(FIELD_OF_TYPE)):
        field = FIELD_OF_TYPE[authenticator.type]
        value = authenticator.data.get(field)
        if value:
            authenticator.data[field] = change(value)
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    from apps.core.encryption import seal

    _rewrite(apps, seal)


def decrypt(apps, schema_editor):
    from apps.core.encryption import unseal

    _rewrite(apps, unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_no_one_sets_anothers_email"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
