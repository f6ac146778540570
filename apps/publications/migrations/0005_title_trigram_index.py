"""A GIN trigram index on publication titles, so a misspelt word in site or library search is found by
an index scan (`title %> 'word'`). PostgreSQL only: SQLite searches without it."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS publication_title_trgm ON publications_publication "
            "USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_trigram_extension"), ("publications", "0004_upload_types_checked")]

    operations = [migrations.RunPython(create_index, drop_index)]
