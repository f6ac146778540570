"""How members are paid: kinds of activity with a paid time, a half-day rate, the charities a payment may
be given to, each member's choice (on their profile and on each payment) and each opportunity's
employment-status decision.

Old choices move to the new ones: "volunteer" (no fee, expenses paid) becomes "declined" with expenses
only; "paid" and "declined" stay. The roles get the new lists (docs/permissions.md has the table): this
ADDS permissions to existing groups and going back removes exactly what it added.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions  # noqa: E402
from django.db import migrations, models

GRANTS = {
    "Unit lead": [
        f"{action}_{model}"
        for model in ("activitykind", "charity")
        for action in ("view", "add", "change", "delete")
    ],
    "Involvement coordinator": [
        f"{action}_{model}" for model in ("activitykind", "charity") for action in ("view", "add", "change")
    ],
    "Finance": [
        f"{action}_{model}" for model in ("activitykind", "charity") for action in ("view", "add", "change")
    ],
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


def old_choices_forward(apps, schema_editor):
    # Row by row is not needed: history keeps the old value on the earlier historical rows.
    for name in ("MemberProfile", "Activity"):
        model = apps.get_model("involvement", name)
        model.objects.filter(payment_preference="volunteer").update(
            payment_preference="declined", expenses_only=True
        )


def old_choices_backward(apps, schema_editor):
    for name in ("MemberProfile", "Activity"):
        model = apps.get_model("involvement", name)
        model.objects.filter(payment_preference="declined", expenses_only=True).update(
            payment_preference="volunteer", expenses_only=False
        )
        # Vouchers and donations did not exist before: they were payments to the member.
        model.objects.filter(payment_preference__in=["vouchers", "donated"]).update(
            payment_preference="paid", donation_charity=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0008_fill_membership_dates"),
        ("core", "0007_outbox_keys_at_rest"),
        ("accounts", "0003_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("involvement", "0009_time_record_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Charity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150, unique=True)),
                (
                    "registered_number",
                    models.CharField(
                        blank=True,
                        help_text="For finance's records.",
                        max_length=20,
                        verbose_name="registered charity number",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to take it off the list; payments already given to it stay as they were.",
                        verbose_name="members can choose it",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "charities",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalActivityKind",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(db_index=True, max_length=120)),
                (
                    "paid_hours",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="The time this kind of activity is paid as, in hours: 0.5 for half an hour, 2 for two hours. It is paid at the hourly rate in force on the activity's date.",
                        max_digits=4,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.25"))],
                        verbose_name="paid time (hours)",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="What it covers, for the coordinators choosing it.",
                        max_length=200,
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to stop using it; past activities keep it.",
                        verbose_name="can be chosen",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical activity kind",
                "verbose_name_plural": "historical activity kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCharity",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(db_index=True, max_length=150)),
                (
                    "registered_number",
                    models.CharField(
                        blank=True,
                        help_text="For finance's records.",
                        max_length=20,
                        verbose_name="registered charity number",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to take it off the list; payments already given to it stay as they were.",
                        verbose_name="members can choose it",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical charity",
                "verbose_name_plural": "historical charities",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="activity",
            name="expenses_only",
            field=models.BooleanField(default=False, help_text="No fee for the time; expenses still paid."),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="expenses_only",
            field=models.BooleanField(default=False, help_text="No fee for the time; expenses still paid."),
        ),
        migrations.AddField(
            model_name="historicalmemberprofile",
            name="expenses_only",
            field=models.BooleanField(
                default=False,
                help_text="No fee for their time, whatever is chosen above; their expenses are still paid.",
                verbose_name="expenses only",
            ),
        ),
        migrations.AddField(
            model_name="historicalrate",
            name="half_day_rate",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Leave empty to pay half the daily rate.",
                max_digits=7,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
            ),
        ),
        migrations.AddField(
            model_name="memberprofile",
            name="expenses_only",
            field=models.BooleanField(
                default=False,
                help_text="No fee for their time, whatever is chosen above; their expenses are still paid.",
                verbose_name="expenses only",
            ),
        ),
        migrations.AddField(
            model_name="opportunity",
            name="employment_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("involvement", "Involvement, not employment"),
                    ("invoice", "Needs an invoice (self-employed)"),
                    ("payroll", "Needs payroll"),
                ],
                help_text="Decide before publishing. Involvement, not employment: paid as an involvement payment. Self-employed: the member sends an invoice. Payroll: paid through payroll with tax.",
                max_length=12,
                verbose_name="employment status",
            ),
        ),
        migrations.AddField(
            model_name="rate",
            name="half_day_rate",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Leave empty to pay half the daily rate.",
                max_digits=7,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="basis",
            field=models.CharField(
                choices=[
                    ("hourly", "Hourly rate"),
                    ("half_day", "Half-day rate"),
                    ("daily", "Daily rate"),
                    ("kind", "Paid time for the kind of activity"),
                ],
                default="hourly",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="payment_preference",
            field=models.CharField(
                choices=[
                    ("paid", "Pay me for my time"),
                    ("vouchers", "Pay me in shopping vouchers"),
                    ("donated", "Give it to a charity from the unit's list"),
                    ("declined", "No payment for my time, thank you"),
                ],
                help_text="From the member's profile when recorded; the member may change it until it is in a run.",
                max_length=10,
                verbose_name="how the member wants this payment",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactivity",
            name="basis",
            field=models.CharField(
                choices=[
                    ("hourly", "Hourly rate"),
                    ("half_day", "Half-day rate"),
                    ("daily", "Daily rate"),
                    ("kind", "Paid time for the kind of activity"),
                ],
                default="hourly",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="historicalactivity",
            name="payment_preference",
            field=models.CharField(
                choices=[
                    ("paid", "Pay me for my time"),
                    ("vouchers", "Pay me in shopping vouchers"),
                    ("donated", "Give it to a charity from the unit's list"),
                    ("declined", "No payment for my time, thank you"),
                ],
                help_text="From the member's profile when recorded; the member may change it until it is in a run.",
                max_length=10,
                verbose_name="how the member wants this payment",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmemberprofile",
            name="payment_preference",
            field=models.CharField(
                choices=[
                    ("paid", "Pay me for my time"),
                    ("vouchers", "Pay me in shopping vouchers"),
                    ("donated", "Give it to a charity from the unit's list"),
                    ("declined", "No payment for my time, thank you"),
                ],
                default="paid",
                help_text="Used for each new payment; the member can change it for any payment not yet in a run.",
                max_length=10,
                verbose_name="how you want payments for your time",
            ),
        ),
        migrations.AlterField(
            model_name="memberprofile",
            name="payment_preference",
            field=models.CharField(
                choices=[
                    ("paid", "Pay me for my time"),
                    ("vouchers", "Pay me in shopping vouchers"),
                    ("donated", "Give it to a charity from the unit's list"),
                    ("declined", "No payment for my time, thank you"),
                ],
                default="paid",
                help_text="Used for each new payment; the member can change it for any payment not yet in a run.",
                max_length=10,
                verbose_name="how you want payments for your time",
            ),
        ),
        migrations.CreateModel(
            name="ActivityKind",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True)),
                (
                    "paid_hours",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="The time this kind of activity is paid as, in hours: 0.5 for half an hour, 2 for two hours. It is paid at the hourly rate in force on the activity's date.",
                        max_digits=4,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.25"))],
                        verbose_name="paid time (hours)",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="What it covers, for the coordinators choosing it.",
                        max_length=200,
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to stop using it; past activities keep it.",
                        verbose_name="can be chosen",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("paid_hours__gt", 0)), name="involvement_kind_paid_time"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                help_text="Paid as this kind's paid time, at the hourly rate in force on the activity's date.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="involvement.activitykind",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Paid as this kind's paid time, at the hourly rate in force on the activity's date.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="involvement.activitykind",
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="donation_charity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="donations",
                to="involvement.charity",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="donation_charity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="involvement.charity",
            ),
        ),
        migrations.AddField(
            model_name="historicalmemberprofile",
            name="donation_charity",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="involvement.charity",
            ),
        ),
        migrations.AddField(
            model_name="memberprofile",
            name="donation_charity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="involvement.charity",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("donation_charity__isnull", True), ("payment_preference", "donated"), _negated=True
                ),
                name="involvement_donation_names_charity",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(("basis", "kind"), ("kind__isnull", True), _negated=True),
                name="involvement_kind_basis_has_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="memberprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("donation_charity__isnull", True), ("payment_preference", "donated"), _negated=True
                ),
                name="involvement_profile_donation_names_charity",
            ),
        ),
        migrations.AddField(
            model_name="historicalactivitykind",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalcharity",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(old_choices_forward, old_choices_backward),
        migrations.RunPython(grant, revoke),
    ]
