"""Exports leave a trace in the audit log: who took which data out of the app, and when."""

import pytest
from django.urls import reverse

from kansrijke.models import AuditAction, AuditLogEntry
from tests.factories import CoalitionPartnerFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db


def exports():
    return list(
        AuditLogEntry.objects.filter(action=AuditAction.EXPORT).values_list(
            "user__username", "what"
        )
    )


def test_members_partner_list_export_with_contacts_is_logged(client, member, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    ContactPersonFactory(partnership=partnership)
    client.force_login(member)

    url = reverse("partners:map_export", args=[coalition.slug, "csv"])
    assert client.get(url).status_code == 200

    assert exports() == [("member-a", "Partnerlijst Delft test (CSV met contactpersonen)")]


def test_half_year_report_download_is_logged(client, pharos):
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": "xlsx"})
    assert response.status_code == 200
    assert exports() == [("pharos-test", "Voortgangsrapportage 2024-07-01 (XLSX)")]


def test_anonymous_public_export_writes_no_audit_entry(client, coalition):
    CoalitionPartnerFactory(coalition=coalition)
    assert (
        client.get(reverse("partners:map_export", args=[coalition.slug, "xlsx"])).status_code == 200
    )
    assert exports() == []
