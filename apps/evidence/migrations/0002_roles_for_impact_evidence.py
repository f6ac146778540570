"""The staff roles get impact evidence (docs/permissions.md has the table).

The unit lead may do everything with impacts and their evidence items; involvement coordinators and
knowledge brokers, who do much of the work that leads to impacts, may see, add and change them but not
delete them. All three may add and remove the people involved in an impact (a row inside the impact).
The groups made by accounts/0003_staff_roles already exist and `staff_roles_ensure()` never changes an
existing group, so this migration ADDS the permissions (apps/accounts/roles.py has the same entries for
new databases). Going back removes exactly what it added.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("view", "add", "change", "delete")
VIEW_ADD_CHANGE = ("view", "add", "change")


def _model_permissions(models_and_actions):
    return [
        ("evidence", f"{action}_{model}") for model, actions in models_and_actions.items() for action in actions
    ]


WORKERS = _model_permissions({"impact": VIEW_ADD_CHANGE, "evidenceitem": VIEW_ADD_CHANGE, "impactperson": CRUD})
GRANTS = {
    "Unit lead": _model_permissions({"impact": CRUD, "evidenceitem": CRUD, "impactperson": CRUD}),
    "Involvement coordinator": WORKERS,
    "Knowledge broker": WORKERS,
}


def _permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    config = apps.get_app_config("evidence")
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
        ("evidence", "0001_impacts"),
        ("accounts", "0004_roles_for_new_records"),
        ("brokering", "0002_knowledge_broker_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
