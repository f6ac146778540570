"""The staff roles get the permissions for the records that came after 0003_staff_roles.

Payment runs, visitors' requests to join a community, the impact log and registrants' personal details
are new; the groups made by 0003 already exist, and `staff_roles_ensure()` never changes an existing
group, so this migration ADDS the permissions (docs/permissions.md has the table). Going back removes
exactly what it added. The brokers' queue was granted by brokering/0002_knowledge_broker_role.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("view", "add", "change", "delete")
VIEW = ("view",)
IMPACT_LOG = {"impactentry": CRUD, "standard": VIEW, "memberpreference": VIEW, "contribution": VIEW}


def _model_permissions(app_label, models_and_actions):
    return [
        (app_label, f"{action}_{model}")
        for model, actions in models_and_actions.items()
        for action in actions
    ]


GRANTS = {
    "Unit lead": [
        *_model_permissions("involvement", {"paymentrun": CRUD}),
        *_model_permissions("communities", {"joinrequest": VIEW}),
        *_model_permissions("impact", IMPACT_LOG),
        ("impact", "publish_impactentry"),
        ("seminars", "view_personal_details"),
    ],
    "Involvement coordinator": [
        *_model_permissions("involvement", {"paymentrun": ("view", "add")}),
        *_model_permissions("impact", IMPACT_LOG),
        ("impact", "publish_impactentry"),
    ],
    "Finance": [
        *_model_permissions("involvement", {"paymentrun": CRUD}),
    ],
}
APPS = ("involvement", "communities", "impact", "seminars")


def _permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]


def grant(apps, schema_editor):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    for label in APPS:
        config = apps.get_app_config(label)
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
        ("accounts", "0003_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("brokering", "0002_knowledge_broker_role"),
        ("involvement", "0004_payment_runs"),
        ("involvement", "0006_payment_details_permission"),
        ("communities", "0002_join_requests_from_visitors"),
        ("impact", "0001_impact_log"),
        ("seminars", "0004_registration_personal_details_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
