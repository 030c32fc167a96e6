"""Nothing lost: refused deletes, backup and restore, and surviving a database restart."""

import io

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError

from coalitions.models import Coalition, StatusUpdate
from kansrijke import embedded_db
from partners.models import CoalitionPartner, ContactPerson, Organisation
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    OrganisationFactory,
    StatusUpdateFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_deleting_an_organisation_with_partnerships_is_refused():
    partnership = CoalitionPartnerFactory()
    with pytest.raises(ProtectedError):
        partnership.organisation.delete()
    assert Organisation.objects.filter(pk=partnership.organisation.pk).exists()


@pytest.mark.django_db
def test_deleting_a_coalition_with_partners_or_status_history_is_refused():
    with_partner = CoalitionPartnerFactory().coalition
    with_history = StatusUpdateFactory().coalition
    for coalition in (with_partner, with_history):
        with pytest.raises(ProtectedError):
            coalition.delete()
    assert Coalition.objects.count() == 2


@pytest.mark.django_db
def test_deleting_a_trekker_organisation_or_an_update_author_is_refused():
    organisation = OrganisationFactory()
    CoalitionPartnerFactory(organisation=organisation, role="trekker")
    with pytest.raises(ProtectedError):
        organisation.delete()
    author = UserFactory()
    StatusUpdateFactory(author=author)
    with pytest.raises(ProtectedError):
        author.delete()


@pytest.mark.django_db
def test_the_admin_refuses_to_delete_an_organisation_with_partnerships_in_dutch(client, superuser):
    from django.urls import reverse

    organisation = CoalitionPartnerFactory().organisation
    client.force_login(superuser)
    url = reverse("admin:partners_organisation_delete", args=[organisation.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "kan niet worden verwijderd" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
def test_an_ended_partnership_stays_as_history():
    import datetime

    partnership = CoalitionPartnerFactory()
    partnership.until = datetime.date(2024, 12, 31)
    partnership.save()
    assert not CoalitionPartner.objects.running().filter(pk=partnership.pk).exists()
    assert CoalitionPartner.objects.filter(pk=partnership.pk).exists()


def snapshot():
    """Every row of every table, as plain values (what a restore must give back)."""
    tables = sorted(connection.introspection.table_names())
    data = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            data[table] = cursor.fetchall()
    return data


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_exactly_the_same_data(tmp_path):
    coalition = CoalitionFactory(name="Delft test")
    partnership = CoalitionPartnerFactory(coalition=coalition)
    contact = ContactPersonFactory(partnership=partnership, name="Ans de Vries")
    StatusUpdateFactory(coalition=coalition)
    coalition.name = "Delft (gewijzigd)"
    coalition.save()  # a history event that must survive too
    before = snapshot()
    assert before["partners_contactperson"]

    dump = tmp_path / "kansrijke.dump"
    call_command("backup", str(dump), stdout=io.StringIO())
    assert dump.stat().st_size > 0

    # Disaster: data changed and lost after the backup.
    contact_pk = contact.pk
    contact.delete()
    Coalition.objects.filter(pk=coalition.pk).update(name="Kwijt")
    OrganisationFactory(name="Na de back-up")
    assert snapshot() != before

    out = io.StringIO()
    call_command("restore", str(dump), "--dry-run", stdout=out)
    assert "is leesbaar" in out.getvalue()
    assert ContactPerson.objects.filter(pk=contact_pk).count() == 0  # dry run changed nothing

    out = io.StringIO()
    call_command("restore", str(dump), "--yes", stdout=out)
    assert "teruggezet" in out.getvalue()
    assert snapshot() == before
    assert ContactPerson.objects.get(pk=contact_pk).name == "Ans de Vries"
    # The append-only trigger came back with the restore.
    with pytest.raises(Exception, match="statusupdate_append_only"):
        StatusUpdate.objects.update(summary="herschreven")


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_broken_file_and_changes_nothing(tmp_path):
    from django.core.management.base import CommandError

    CoalitionFactory()
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", str(tmp_path / "geen.dump"), "--yes")
    broken = tmp_path / "kapot.dump"
    broken.write_bytes(b"geen back-up")
    with pytest.raises(CommandError, match="Geen leesbare back-up"):
        call_command("restore", str(broken), "--dry-run")
    assert Coalition.objects.count() == 1


def wsgi_get(path):
    """A request through the production handler, signals and all (the test client skips the
    per-request connection check that CONN_HEALTH_CHECKS relies on)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    status = []
    body = WSGIHandler()(environ, lambda s, headers: status.append(s))
    content = b"".join(body)
    return int(status[0].split()[0]), content


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_app_survives_a_database_restart_without_manual_action():
    if "DATABASE_URL" in __import__("os").environ:
        pytest.skip("only the embedded PostgreSQL can be restarted from a test")
    CoalitionFactory(name="Delft test", slug="delft-test")
    assert wsgi_get("/")[0] == 200
    assert connection.connection is not None  # a persistent connection is open (CONN_MAX_AGE)

    embedded_db.stop(settings.EMBEDDED_PGDATA)
    try:
        assert (
            embedded_db.start(settings.EMBEDDED_PGDATA)["HOST"] == connection.settings_dict["HOST"]
        )
    finally:
        embedded_db.start(settings.EMBEDDED_PGDATA)  # never leave the server down

    status, content = wsgi_get("/")
    assert status == 200
    assert b"Delft test" in content
