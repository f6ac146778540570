"""A payment run item's amount is its activity's amount due or its claim's amount: no copy is kept.

Reversible: going back adds the column again, filled from the activity or the claim."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_amounts(apps, schema_editor):
    PaymentRunItem = apps.get_model("involvement", "PaymentRunItem")
    Activity = apps.get_model("involvement", "Activity")
    Expense = apps.get_model("involvement", "Expense")
    PaymentRunItem.objects.filter(activity__isnull=False).update(
        amount=Subquery(Activity.objects.filter(pk=OuterRef("activity_id")).values("amount_due")[:1])
    )
    PaymentRunItem.objects.filter(expense__isnull=False).update(
        amount=Subquery(Expense.objects.filter(pk=OuterRef("expense_id")).values("amount")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0006_payment_details_permission"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="paymentrunitem",
            name="involvement_payment_run_item_positive",
        ),
        # Nullable first, so that going back can add the column before filling it.
        migrations.AlterField(
            model_name="paymentrunitem",
            name="amount",
            field=models.DecimalField(decimal_places=2, max_digits=8, null=True),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_amounts),
        migrations.RemoveField(
            model_name="paymentrunitem",
            name="amount",
        ),
    ]
