"""Migrating the test database backwards and forwards, for the tests of data migrations (defined
once): the real migrations, run by Django's MigrationExecutor on PostgreSQL, so each test proves
the forward migration and its reverse on rows made as before the migration.

Almost all the time goes to re-rendering historical models, not to SQL. Two kinds of it are
skipped here, each without changing a statement sent to PostgreSQL (checked by recording the SQL
of partners 0002 -> latest -> back with this helper and with Django's plain executor: the same
999 statements in the same order):
- Django computes the state before every migration it unapplies on already rendered models, so
  every operation of every later migration re-renders what it touches once more before the
  unapplying (which renders it again). Here those states stay plain model descriptions and each
  is rendered once, just before its migration is unapplied.
- pgtrigger re-renders models for each trigger operation (see _without_rendering).
Together: the four migration tests went from 33-57 s to 9-17 s each.
"""

from contextlib import ExitStack
from unittest import mock

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pgtrigger.migrations import AddTrigger, RemoveTrigger


class _Executor(MigrationExecutor):
    def _migrate_all_backwards(self, plan, full_plan, fake):
        """Django's own (5.2), except that the states are rendered only when they are used."""
        migrations_to_run = {m[0] for m in plan}
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
                states[migration] = state
                state = migration.mutate_state(state, preserve=True)
                migrations_to_run.remove(migration)
            elif migration in applied_migrations:
                migration.mutate_state(state, preserve=False)

        for migration, _ in plan:
            states[migration].apps  # noqa: B018 - render once; its operations reload what they change
            self.unapply_migration(states[migration], migration, fake=fake)
            applied_migrations.remove(migration)

        last_unapplied_migration = plan[-1][0]
        state = states[last_unapplied_migration]
        del state.apps
        for index, (migration, _) in enumerate(full_plan):
            if migration == last_unapplied_migration:
                for migration, _ in full_plan[index:]:
                    if migration in applied_migrations:
                        migration.mutate_state(state, preserve=False)
                break
        return state


def _without_rendering(state_forwards):
    """A trigger operation's state change without re-rendering the models.

    pgtrigger's AddTrigger and RemoveTrigger change only the model's `triggers` option, then
    re-render the model and its neighbours as Django's own operations do. Nothing reads a
    rendered model's triggers while migrating: the operations install and drop the trigger SQL
    they carry (or find in the model state), so the rendered models may stay as they were. The
    page-cache migrations add four triggers per table, so this was half the remaining work.
    The place for this is pgtrigger itself (it costs `manage.py migrate` the same, once).
    """

    def state_forwards_keeping_the_rendered_models(self, app_label, state):
        rendered = state.__dict__.pop("apps", None)  # reload_model() skips unrendered states
        try:
            state_forwards(self, app_label, state)
        finally:
            if rendered is not None:
                state.apps = rendered

    return state_forwards_keeping_the_rendered_models


def latest():
    """The last migration of every app: where a test returns to."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    """Migrate to the targets (forwards or backwards) and return the models as they are there."""
    # Rows written earlier in the test would leave deferred foreign-key checks pending, and
    # PostgreSQL refuses to ALTER a table with pending trigger events: check them now.
    if connection.in_atomic_block:  # a transactional test migrates in autocommit
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with ExitStack() as patches:
        for operation in (AddTrigger, RemoveTrigger):
            patches.enter_context(
                mock.patch.object(
                    operation, "state_forwards", _without_rendering(operation.state_forwards)
                )
            )
        return _Executor(connection).migrate(targets).apps
