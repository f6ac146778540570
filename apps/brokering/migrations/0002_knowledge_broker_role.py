"""The "Knowledge broker" role, and the queue's permissions for the unit lead and coordinators.

Knowledge brokers see and work on requests for evidence and publish answered questions; nothing else.
Involvement coordinators see requests (researchers' requests are routed to them for patient and
public involvement). docs/permissions.md has the table.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BROKER_ROLE = "Knowledge broker"
WORK = ["view_evidencerequest", "change_evidencerequest", "publish_evidencerequest"]
GRANTS = {
    BROKER_ROLE: WORK,
    "Unit lead": WORK,
    "Involvement coordinator": ["view_evidencerequest"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label="brokering", codename=code) for code in codenames]


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    config = apps.get_app_config("brokering")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))
    Group.objects.filter(name=BROKER_ROLE, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("brokering", "0001_requests_for_evidence"),
        ("accounts", "0003_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
