"""The unit's staff roles (docs/permissions.md): each a group with the smallest set of permissions.

The data migration `accounts/0003_staff_roles` made these groups with a frozen copy of this table;
`brokering/0002_knowledge_broker_role` and `accounts/0004_roles_for_new_records` added the permissions
for records that came later (the brokers' queue, payment runs, join requests, the impact log,
registrants' personal details). A new permission for an existing role needs such a migration too.
`staff_roles_ensure()` creates any group that is missing (a fresh test database emptied by a
transactional test, a demo database) and never changes a group that exists: staff may have adjusted it.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

CRUD = ("view", "add", "change", "delete")
VIEW = ("view",)
VIEW_CHANGE = ("view", "change")
VIEW_ADD_CHANGE = ("view", "add", "change")


def _model_permissions(app_label, models_and_actions):
    return [
        (app_label, f"{action}_{model}")
        for model, actions in models_and_actions.items()
        for action in actions
    ]


ROLES = {
    # Runs the unit: everything a person needs day to day, but not a superuser: no sites, no
    # authenticators, no deleting accounts, no changing groups and their permissions.
    "Unit lead": [
        *_model_permissions("auth", {"group": VIEW}),
        *_model_permissions("account", {"emailaddress": VIEW}),
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
                "paymentrun": CRUD,
                # Time members record themselves (involvement/0009_time_record_roles).
                "timerecord": VIEW_CHANGE,
                # Kinds of activity paid as a set time, and the charities members may give a payment to
                # (involvement/0010_payment_choices_kinds_employment_status).
                "activitykind": CRUD,
                "charity": CRUD,
            },
        ),
        # Benefits limits, members' benefits information, written offers, letters for a benefits office
        # (involvement/0012_benefit_limits_and_roles).
        *_model_permissions(
            "involvement",
            {
                "benefitlimit": CRUD,
                "benefitlimitamount": CRUD,
                "benefitsinformation": VIEW,
                "offerterms": CRUD,
                "offeracceptance": VIEW,
                "benefitsletter": ("view", "add"),
            },
        ),
        ("involvement", "view_personal_details"),
        ("involvement", "view_payment_details"),
        ("involvement", "export_finance"),
        # Requests from visitors to join a community: read here, decided on the community's page.
        *_model_permissions("communities", {"joinrequest": VIEW}),
        # The impact log ("you said, we did"); contributions show read-only inside an entry.
        *_model_permissions(
            "impact",
            {"impactentry": CRUD, "standard": VIEW, "memberpreference": VIEW, "contribution": VIEW},
        ),
        ("impact", "publish_impactentry"),
        *_model_permissions("publications", {"publication": CRUD, "publicationauthor": CRUD}),
        *_model_permissions(
            "seminars",
            {
                "seminarseries": CRUD,
                "seminar": CRUD,
                "registration": CRUD,
                "feedback": CRUD,
                "announcement": CRUD,
            },
        ),
        # Registrants' email addresses and access requirements, and exporting them.
        ("seminars", "view_personal_details"),
        *_model_permissions(
            "pages", {"section": CRUD, "page": CRUD, "homeblock": CRUD, "homeblockitem": CRUD}
        ),
        *_model_permissions("notifications", {"notificationpreference": VIEW_CHANGE}),
        # The brokers' queue (brokering/0002_knowledge_broker_role).
        *_model_permissions("brokering", {"evidencerequest": VIEW_CHANGE}),
        ("brokering", "publish_evidencerequest"),
        # Messages to a group (messaging/0002_send_permission_for_roles).
        ("messaging", "send_groupmessage"),
        # Impact evidence (evidence/0002_roles_for_impact_evidence).
        *_model_permissions("evidence", {"impact": CRUD, "evidenceitem": CRUD, "impactperson": CRUD}),
        # The annual report's narrative for each period (staff/0003_roles_for_report_narrative).
        *_model_permissions("staff", {"reportnarrative": CRUD}),
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
                # They make a payment run and hand it to finance; finance marks it paid.
                "paymentrun": ("view", "add"),
                # Time members record themselves (involvement/0009_time_record_roles).
                "timerecord": VIEW_CHANGE,
                # Kinds of activity and charities (involvement/0010_payment_choices_kinds_employment_status).
                "activitykind": VIEW_ADD_CHANGE,
                "charity": VIEW_ADD_CHANGE,
            },
        ),
        # Benefits: they see members' limits, write offers, make letters (involvement/0012_...).
        *_model_permissions(
            "involvement",
            {
                "benefitlimit": VIEW,
                "benefitlimitamount": VIEW,
                "benefitsinformation": VIEW,
                "offerterms": CRUD,
                "offeracceptance": VIEW,
                "benefitsletter": ("view", "add"),
            },
        ),
        ("involvement", "view_personal_details"),
        ("involvement", "view_payment_details"),
        ("involvement", "export_finance"),
        *_model_permissions(
            "impact",
            {"impactentry": CRUD, "standard": VIEW, "memberpreference": VIEW, "contribution": VIEW},
        ),
        ("impact", "publish_impactentry"),
        # Researchers' requests for help with involvement are routed to them.
        ("brokering", "view_evidencerequest"),
        # Messages to the Link group and the RUG (messaging/0002_send_permission_for_roles).
        ("messaging", "send_groupmessage"),
        # Impact evidence: see, add, change (evidence/0002_roles_for_impact_evidence).
        *_model_permissions(
            "evidence", {"impact": VIEW_ADD_CHANGE, "evidenceitem": VIEW_ADD_CHANGE, "impactperson": CRUD}
        ),
    ],
    # Pays members: payments, expense claims, the rate table and the finance export. No access needs,
    # no motivations, no applications.
    "Finance": [
        *_model_permissions(
            "involvement",
            {
                "activity": VIEW_CHANGE,
                "expense": VIEW_CHANGE,
                "rate": VIEW_ADD_CHANGE,
                # Make, mark paid (with change on activities and expenses) and delete unpaid runs.
                "paymentrun": CRUD,
                # Kinds of activity and charities (involvement/0010_payment_choices_kinds_employment_status).
                "activitykind": VIEW_ADD_CHANGE,
                "charity": VIEW_ADD_CHANGE,
            },
        ),
        # Benefits: they keep the limits (new amounts each April), see members' limits and the letters
        # (involvement/0012_benefit_limits_and_roles).
        *_model_permissions(
            "involvement",
            {
                "benefitlimit": VIEW_ADD_CHANGE,
                "benefitlimitamount": CRUD,
                "benefitsinformation": VIEW,
                "benefitsletter": VIEW,
            },
        ),
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
        *_model_permissions(
            "pages", {"section": CRUD, "page": CRUD, "homeblock": CRUD, "homeblockitem": CRUD}
        ),
    ],
    # Facilitators run their own communities from the community's "manage" pages; that right comes
    # from their membership of the community, not from model permissions. The group names the role.
    "Community facilitator": [],
    # Answers requests for evidence at /staff/requests/ and publishes answered questions, and records
    # the impacts they lead to (impact evidence, in the admin and at /staff/impacts/).
    # (Made by the data migration brokering/0002_knowledge_broker_role.)
    "Knowledge broker": [
        *_model_permissions("brokering", {"evidencerequest": VIEW_CHANGE}),
        ("brokering", "publish_evidencerequest"),
        # Impact evidence: see, add, change (evidence/0002_roles_for_impact_evidence).
        *_model_permissions(
            "evidence", {"impact": VIEW_ADD_CHANGE, "evidenceitem": VIEW_ADD_CHANGE, "impactperson": CRUD}
        ),
    ],
}


@transaction.atomic
def staff_roles_ensure() -> None:
    for name, wanted in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(_permissions(wanted))


def _permissions(wanted) -> list[Permission]:
    """The permissions named (app label, codename), in one query; a name that matches none is an error."""
    wanted = set(wanted)
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
        ).select_related("content_type")
    }
    missing = wanted - set(found)
    if missing:
        raise Permission.DoesNotExist(f"No such permission: {sorted(missing)}")
    return [found[key] for key in wanted]
