"""The benefits limits a member may tell us about, with amounts in force now, and who may see what.

The amounts are the 2025 to 2026 figures published on GOV.UK. They change each April: finance checks them
then and adds the new amount (Benefits limits in the admin), ending the old one the day before. Limits
someone already has are left as they are.

Who may see what (docs/permissions.md has the table): the unit lead, the involvement coordinator and
finance see members' benefits information (read-only: members write their own); finance and the unit
lead keep the limits; the coordinator and the unit lead write opportunities' offers and make letters for
a benefits office, which finance may read. The role groups exist already (accounts/0003_staff_roles) and
`staff_roles_ensure()` never changes an existing group, so this migration ADDS the permissions. Going back
removes exactly what it added.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

SOURCE = "GOV.UK, 2025 to 2026: check each April"
LIMITS = [
    {
        "name": "Permitted work: lower limit",
        "period": "week",
        "explanation": "For people on ESA or the health part of Universal Credit doing any work at all.",
        "amount": Decimal("20.00"),
    },
    {
        "name": "Permitted work: higher limit",
        "period": "week",
        "explanation": "For people on ESA who do permitted work of under 16 hours a week.",
        "amount": Decimal("195.50"),
    },
    {
        "name": "Carer's Allowance earnings limit",
        "period": "week",
        "explanation": "For people who get Carer's Allowance (after allowed costs are taken off).",
        "amount": Decimal("196.00"),
    },
    {
        "name": "Jobseeker's Allowance or Income Support: earnings disregard",
        "period": "week",
        "explanation": "Above this, earnings are taken off JSA or Income Support pound for pound.",
        "amount": Decimal("5.00"),
    },
    {
        "name": "Universal Credit work allowance (with help for housing)",
        "period": "month",
        "explanation": "For people on Universal Credit who get help with housing costs.",
        "amount": Decimal("411.00"),
    },
    {
        "name": "Universal Credit work allowance (no help for housing)",
        "period": "month",
        "explanation": "For people on Universal Credit who do not get help with housing costs.",
        "amount": Decimal("684.00"),
    },
    {
        "name": "Trading allowance",
        "period": "tax_year",
        "explanation": "Income from self-employment up to this amount needs no tax return.",
        "amount": Decimal("1000.00"),
    },
]
IN_FORCE_FROM = date(2025, 4, 6)

VIEW, VIEW_ADD_CHANGE, CRUD = ("view",), ("view", "add", "change"), ("view", "add", "change", "delete")


def _codenames(models_and_actions):
    return [f"{action}_{model}" for model, actions in models_and_actions.items() for action in actions]


GRANTS = {
    "Unit lead": _codenames(
        {
            "benefitlimit": CRUD,
            "benefitlimitamount": CRUD,
            "benefitsinformation": VIEW,
            "offerterms": CRUD,
            "offeracceptance": VIEW,
            "benefitsletter": ("view", "add"),
        }
    ),
    "Involvement coordinator": _codenames(
        {
            "benefitlimit": VIEW,
            "benefitlimitamount": VIEW,
            "benefitsinformation": VIEW,
            "offerterms": CRUD,
            "offeracceptance": VIEW,
            "benefitsletter": ("view", "add"),
        }
    ),
    "Finance": _codenames(
        {
            "benefitlimit": VIEW_ADD_CHANGE,
            "benefitlimitamount": CRUD,
            "benefitsinformation": VIEW,
            "benefitsletter": VIEW,
        }
    ),
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="involvement", codename__in=codenames))


def seed_limits(apps, schema_editor):
    BenefitLimit = apps.get_model("involvement", "BenefitLimit")
    BenefitLimitAmount = apps.get_model("involvement", "BenefitLimitAmount")
    for order, values in enumerate(LIMITS):
        values = dict(values)
        amount = values.pop("amount")
        limit, created = BenefitLimit.objects.get_or_create(
            name=values.pop("name"), defaults={**values, "order": order * 10}
        )
        if created:
            BenefitLimitAmount.objects.create(
                limit=limit, amount=amount, in_force_from=IN_FORCE_FROM, note=SOURCE
            )


def remove_unchanged_limits(apps, schema_editor):
    BenefitLimit = apps.get_model("involvement", "BenefitLimit")
    for values in LIMITS:
        limit = BenefitLimit.objects.filter(name=values["name"]).first()
        if limit is not None and not limit.members.exists():
            limit.amounts.filter(note=SOURCE, in_force_from=IN_FORCE_FROM).delete()
            if not limit.amounts.exists():
                limit.delete()


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
        ("involvement", "0011_benefits_limits_offers_letters"),
    ]

    operations = [
        migrations.RunPython(seed_limits, remove_unchanged_limits),
        migrations.RunPython(grant, revoke),
    ]
