import pytest

from tests.security.permission_matrix import build_world


@pytest.fixture(scope="session", autouse=True)
def reference_data_survives_the_transactional_tests(django_db_setup, django_db_blocker):
    """Put back what the data migrations loaded (gemeenten, the Pharos group...) at session end.

    Transactional tests (backup/restore, database restart) end with a flush, and --reuse-db
    would hand the emptied database to the next test session. pytest-django runs them after
    all other tests, so a copy taken before the first test of this folder is still the
    migrated state. (Django's serialized_rollback is no help: it restores before a test, and
    clashes with rows that another app's post_migrate recreated after its own flush.)
    """
    from django.db import connection

    with django_db_blocker.unblock():
        content = connection.creation.serialize_db_to_string()
    yield
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style

    from tests.factories import drop_dead_connection

    with django_db_blocker.unblock():
        drop_dead_connection()
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(content)
        # The flush restarted the id sequences; move them past the restored rows.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


# --- The permission matrices' worlds and users ---------------------------------------------


@pytest.fixture
def world(coalition, other_coalition):
    """Coalition A's objects."""
    return build_world(coalition, other_coalition)


@pytest.fixture
def other_world(world, coalition, other_coalition):
    """Coalition B's objects (made after A's, so no id of B equals the id of A's object)."""
    return build_world(other_coalition, coalition)


@pytest.fixture
def users(request, coalition, other_coalition):
    """The user per role (None for anonymous)."""
    names = {
        "outsider": "outsider",
        "member": "member",
        "editor": "editor",
        "other_editor": "other_editor",
        "pharos": "pharos",
        "superuser": "superuser",
    }
    return {"anonymous": None} | {r: request.getfixturevalue(f) for r, f in names.items()}
