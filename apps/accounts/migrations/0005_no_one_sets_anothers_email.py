"""The unit lead no longer adds or changes other people's email addresses in the admin.

An email address is a way into an account (a reset link or sign-in code goes to it), so people add and
confirm their own on their account page. The Unit lead group keeps the view permission; going back
gives add and change again.
"""

from django.db import migrations

TAKEN = [("account", "add_emailaddress"), ("account", "change_emailaddress")]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label="account", codename__in=[codename for _app, codename in TAKEN]
        )
    )


def take(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Unit lead").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


def give_back(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Unit lead").first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_roles_for_new_records")]

    operations = [migrations.RunPython(take, give_back)]
