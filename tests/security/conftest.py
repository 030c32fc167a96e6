import pytest


@pytest.fixture(scope="session", autouse=True)
def reference_data_survives_the_transactional_tests(request, django_db_blocker):
    """Put back what the data migrations loaded (gemeenten, the Pharos group) at session end.

    Transactional tests (backup/restore, database restart) end with a flush; Django's
    serialized_rollback restores the data only at the start of the next such test, so the last
    one leaves an empty database, which --reuse-db hands to the next test session.
    """
    yield
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    content = getattr(connection, "_test_serialized_contents", None)
    if not content:
        return
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(content)
        # The flush restarted the id sequences; move them past the restored rows.
        sql = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
