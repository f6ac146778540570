"""pg_trgm, for site search that forgives a misspelt word (see apps/core/text_search.py).

On databases other than PostgreSQL the operation does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0003_topic")]

    operations = [TrigramExtension()]
