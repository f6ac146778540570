"""Test database helpers shared by the fixtures."""


def reset_sequences() -> None:
    """After rows are put back with their own ids (and `flush` set the counters back to 1), each table's id
    counter goes past its highest id again, so the next row made does not take an id already used
    (PostgreSQL; SQLite needs nothing)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
