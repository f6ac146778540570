"""Migrating backwards and forwards in tests, as `manage.py migrate` does, without its slow start.

Django's executor, going back to a migration, first renders every model of the project (a few hundred
with the history tables) and then re-renders the affected ones after each migration that lies between the
first migration to undo and the last: most of the project's migrations, each taking seconds on a busy
machine, before anything is undone. `MigrationExecutor` here undoes exactly the same migrations with the
same operations and the same states; it only leaves each state unrendered until an operation needs its
models (a `RunPython` asks for `apps`, a schema change for the models it alters), as Django's forward
migrations already do.
"""

from django.db.migrations.executor import MigrationExecutor as DjangoMigrationExecutor


class MigrationExecutor(DjangoMigrationExecutor):
    def _migrate_all_backwards(self, plan, full_plan, fake):
        """Django's own, except that the states before each migration to undo are not rendered first."""
        migrations_to_run = {migration for migration, _ in plan}
        states = {}
        state = self._create_project_state()
        applied_migrations = {
            self.loader.graph.nodes[key]
            for key in self.loader.applied_migrations
            if key in self.loader.graph.nodes
        }
        for migration, _ in full_plan:
            if not migrations_to_run:
                break
            if migration in migrations_to_run:
                states[migration] = state  # the state before this migration
                state = migration.mutate_state(state, preserve=True)
                migrations_to_run.remove(migration)
            elif migration in applied_migrations:
                migration.mutate_state(state, preserve=False)

        for migration, _ in plan:
            self.unapply_migration(states[migration], migration, fake=fake)
            applied_migrations.remove(migration)

        last_unapplied_migration = plan[-1][0]
        state = states[last_unapplied_migration]
        state.__dict__.pop("apps", None)
        for index, (migration, _) in enumerate(full_plan):
            if migration == last_unapplied_migration:
                for later, _ in full_plan[index:]:
                    if later in applied_migrations:
                        later.mutate_state(state, preserve=False)
                break
        return state
