"""Receipts uploaded before they had private storage sit under MEDIA_ROOT: move them out of reach."""

import os
import shutil

from django.conf import settings
from django.db import migrations


def move_receipts(apps, schema_editor):
    from apps.core.storage import private_storage

    Expense = apps.get_model("involvement", "Expense")
    storage = private_storage()
    for name in Expense.objects.exclude(receipt="").values_list("receipt", flat=True):
        public = os.path.join(str(settings.MEDIA_ROOT), name)
        private = storage.path(name)
        if os.path.isfile(public) and not os.path.exists(private):
            os.makedirs(os.path.dirname(private), exist_ok=True)
            shutil.move(public, private)


class Migration(migrations.Migration):
    dependencies = [("involvement", "0002_receipts_private_storage")]

    operations = [migrations.RunPython(move_receipts, migrations.RunPython.noop)]
