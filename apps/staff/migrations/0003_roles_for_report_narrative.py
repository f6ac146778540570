"""The unit lead writes the annual report's narrative for each period (docs/permissions.md).

The groups made by accounts/0003_staff_roles already exist and `staff_roles_ensure()` never changes an
existing group, so this migration ADDS the permissions (apps/accounts/roles.py has the same entry for
new databases). Going back removes exactly what it added.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Unit lead": [("staff", f"{action}_reportnarrative") for action in ("view", "add", "change", "delete")]
}


def _permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    config = apps.get_app_config("staff")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, wanted in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:  # a role someone deleted on purpose stays deleted
            group.permissions.add(*_permissions(apps, wanted))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, wanted in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0002_report_narrative"),
        ("accounts", "0004_roles_for_new_records"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
