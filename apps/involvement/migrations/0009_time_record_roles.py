"""The unit lead and the involvement coordinator check the time members record themselves.

The role groups exist already (accounts/0003_staff_roles) and `staff_roles_ensure()` never changes an
existing group, so this migration ADDS the permissions (docs/permissions.md has the table). Going back
removes exactly what it added.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Unit lead": ["view_timerecord", "change_timerecord"],
    "Involvement coordinator": ["view_timerecord", "change_timerecord"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="involvement", codename__in=codenames))


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    config = apps.get_app_config("involvement")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:  # a role someone deleted on purpose stays deleted
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("involvement", "0008_member_time_meetings_payroll_reference"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
