"""AVG requests: export everything about one contact person; erase them, history included."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kansrijke.models import AuditAction, AuditLogEntry
from partners.models import ContactPerson
from tests.factories import CoalitionPartnerFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    person = ContactPersonFactory(
        partnership=partnership,
        name="Fenna Oudewater",
        email="fenna@voorbeeld.nl",
        phone="015 123 4567",
    )
    person.function = "Jeugdverpleegkundige"
    person.save()  # a second history event
    return person


def all_history_text():
    """Every value in every pghistory event table and the audit log, as one string."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM partners_contactpersonevent")
        rows = cursor.fetchall()
        cursor.execute("SELECT username, what, path FROM kansrijke_auditlogentry")
        rows += cursor.fetchall()
    return repr(rows)


def test_export_gives_the_person_their_data_and_history_and_is_logged(contact, capsys):
    call_command("export_contact_person", str(contact.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["contactpersoon"]["naam"] == "Fenna Oudewater"
    assert data["contactpersoon"]["e-mail"] == "fenna@voorbeeld.nl"
    assert data["zichtbaar_voor_coalities"] == ["Delft test"]
    assert [e["handeling"] for e in data["geschiedenis"]] == ["insert", "update"]
    event = AuditLogEntry.objects.get(action=AuditAction.PRIVACY_EXPORT)
    assert str(contact.pk) in event.what and "Fenna" not in event.what


def test_export_to_a_file(contact, tmp_path):
    path = tmp_path / "inzage.json"
    call_command("export_contact_person", str(contact.pk), "--output", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["contactpersoon"]["telefoon"] == (
        "015 123 4567"
    )


def test_erasure_removes_the_person_and_scrubs_every_value_from_the_history(contact):
    AuditLogEntry.objects.create(action=AuditAction.LOGIN_FAILED, username="fenna@voorbeeld.nl")
    assert "Fenna Oudewater" in all_history_text()
    call_command("erase_contact_person", str(contact.pk))
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    history = all_history_text()
    for value in ["Fenna", "Oudewater", "fenna@voorbeeld.nl", "015 123 4567", "Jeugdverpleeg"]:
        assert value not in history
    # The history still shows that the record existed, changed and was deleted.
    from partners.models import ContactPersonEvent

    labels = list(
        ContactPersonEvent.objects.filter(pgh_obj_id=contact.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "name")
    )
    assert labels == [("insert", "[gewist]"), ("update", "[gewist]"), ("delete", "[gewist]")]
    erasure = AuditLogEntry.objects.get(action=AuditAction.ERASURE)
    assert f"#{contact.pk}" in erasure.what


def test_erasure_leaves_other_contact_people_alone(contact):
    other = ContactPersonFactory(partnership=contact.partnership, name="Joost Bakker")
    call_command("erase_contact_person", str(contact.pk))
    other.refresh_from_db()
    assert other.name == "Joost Bakker"
    assert "Joost Bakker" in all_history_text()


def test_erasure_dry_run_changes_nothing(contact):
    call_command("erase_contact_person", str(contact.pk), "--dry-run")
    assert ContactPerson.objects.filter(pk=contact.pk).exists()
    assert not AuditLogEntry.objects.filter(action=AuditAction.ERASURE).exists()


def test_an_unknown_contact_person_gives_a_dutch_error():
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("erase_contact_person", "999999")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("export_contact_person", "999999")
