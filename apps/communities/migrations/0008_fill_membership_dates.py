"""Fill the new membership dates from what the records already say.

There is no history of memberships to read, so: a member (or someone who left after being approved)
became a member when their request was decided, or else when the membership was made (the demo and
the admin made some approved at once). Someone who left did so at the last change of their record.
A request that was withdrawn before any decision was never a membership: its dates stay empty.
"""

from django.db import migrations
from django.db.models import F, Q


def fill(apps, schema_editor):
    Membership = apps.get_model("communities", "Membership")
    ever_member = Q(status="approved") | Q(status="left", decided_at__isnull=False)
    Membership.objects.filter(ever_member, decided_at__isnull=False).update(approved_at=F("decided_at"))
    Membership.objects.filter(status="approved", decided_at__isnull=True).update(approved_at=F("created_at"))
    Membership.objects.filter(status="left", decided_at__isnull=False).update(ended_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("communities", "0007_membership_dates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
