"""The unit's staff roles as groups, each with the smallest set of permissions for the job.

docs/permissions.md explains every role. The old single "Coordinators" group is replaced by
"Involvement coordinator" (its members move there); going back restores it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("view", "add", "change", "delete")
VIEW = ("view",)
VIEW_CHANGE = ("view", "change")
VIEW_ADD_CHANGE = ("view", "add", "change")


def _model_permissions(app_label, models_and_actions):
    return [
        (app_label, f"{action}_{model}") for model, actions in models_and_actions.items() for action in actions
    ]


ROLES = {
    # Runs the unit: everything a person needs day to day, but not a superuser: no sites, no
    # authenticators, no deleting accounts, no changing groups and their permissions.
    "Unit lead": [
        *_model_permissions("auth", {"group": VIEW}),
        *_model_permissions("account", {"emailaddress": VIEW_ADD_CHANGE}),
        *_model_permissions("accounts", {"user": VIEW_ADD_CHANGE}),
        *_model_permissions("core", {"topic": CRUD, "outboxmessage": VIEW_CHANGE}),
        *_model_permissions("people", {"profile": CRUD, "profilerole": CRUD, "expertisearea": CRUD}),
        *_model_permissions(
            "communities",
            {
                "community": CRUD,
                "membership": CRUD,
                "meeting": CRUD,
                "meetingpaper": CRUD,
                "rsvp": CRUD,
                "attendance": CRUD,
                "output": CRUD,
                "calendarfeed": ("view", "delete"),
            },
        ),
        *_model_permissions(
            "involvement",
            {
                "group": CRUD,
                "membership": CRUD,
                "application": CRUD,
                "memberprofile": CRUD,
                "opportunity": CRUD,
                "interest": CRUD,
                "rate": CRUD,
                "activity": CRUD,
                "expense": CRUD,
            },
        ),
        ("involvement", "view_personal_details"),
        ("involvement", "view_payment_details"),
        ("involvement", "export_finance"),
        *_model_permissions("publications", {"publication": CRUD, "publicationauthor": CRUD}),
        *_model_permissions(
            "seminars",
            {"seminarseries": CRUD, "seminar": CRUD, "registration": CRUD, "feedback": CRUD, "announcement": CRUD},
        ),
        *_model_permissions("pages", {"section": CRUD, "page": CRUD, "homeblock": CRUD, "homeblockitem": CRUD}),
        *_model_permissions("notifications", {"notificationpreference": VIEW_CHANGE}),
    ],
    # The Link group and the Research User Group: members' personal details, applications,
    # opportunities, activities, payments and expenses.
    "Involvement coordinator": [
        *_model_permissions("accounts", {"user": VIEW}),
        *_model_permissions("core", {"topic": VIEW}),
        *_model_permissions(
            "involvement",
            {
                "group": VIEW,
                "membership": CRUD,
                "application": VIEW_CHANGE,
                "memberprofile": VIEW_ADD_CHANGE,
                "opportunity": CRUD,
                "interest": VIEW_CHANGE,
                "rate": VIEW,
                "activity": VIEW_ADD_CHANGE,
                "expense": VIEW_CHANGE,
            },
        ),
        ("involvement", "view_personal_details"),
        ("involvement", "view_payment_details"),
        ("involvement", "export_finance"),
    ],
    # Pays members: payments, expense claims, the rate table and the finance export. No access needs,
    # no motivations, no applications.
    "Finance": [
        *_model_permissions("involvement", {"activity": VIEW_CHANGE, "expense": VIEW_CHANGE, "rate": VIEW_ADD_CHANGE}),
        ("involvement", "view_payment_details"),
        ("involvement", "export_finance"),
    ],
    # The public face: pages, publications, seminars and people's profiles. Never patient members,
    # seminar registrants, money, the outbox or user accounts.
    "Communications editor": [
        *_model_permissions("core", {"topic": VIEW_ADD_CHANGE}),
        *_model_permissions("people", {"profile": CRUD, "profilerole": CRUD, "expertisearea": CRUD}),
        *_model_permissions("publications", {"publication": CRUD, "publicationauthor": CRUD}),
        *_model_permissions("seminars", {"seminarseries": CRUD, "seminar": CRUD}),
        *_model_permissions("pages", {"section": CRUD, "page": CRUD, "homeblock": CRUD, "homeblockitem": CRUD}),
    ],
    # Facilitators run their own communities from the community's "manage" pages; that right comes
    # from their membership of the community, not from model permissions. The group names the role.
    "Community facilitator": [],
}
OLD_GROUP = "Coordinators"
COORDINATOR_ROLE = "Involvement coordinator"


def _ensure_permissions(apps):
    # On a fresh database permissions are created only after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
    old = Group.objects.filter(name=OLD_GROUP).first()
    if old is not None:
        Group.objects.get(name=COORDINATOR_ROLE).user_set.add(*old.user_set.all())
        old.delete()


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators = Group.objects.filter(name=COORDINATOR_ROLE).first()
    old, _ = Group.objects.get_or_create(name=OLD_GROUP)
    old.permissions.set(Permission.objects.filter(content_type__app_label="involvement"))
    if coordinators is not None:
        old.user_set.add(*coordinators.user_set.all())
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_historicaluser"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_topic"),
        ("people", "0002_historicalprofile"),
        ("communities", "0001_initial"),
        ("involvement", "0004_payment_details_permission"),
        ("publications", "0003_publication_communities"),
        ("seminars", "0002_historicalregistration"),
        ("pages", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
