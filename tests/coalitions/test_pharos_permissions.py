"""What Pharos may change: feedback and reference data, never a coalition's own data."""

import pytest
from django.urls import reverse

from coalitions.models import Gemeente, Phase, StatusUpdate
from partners.models import CoalitionPartner
from tests.factories import GemeenteFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_pharos_may_correct_a_gemeente(client, pharos):
    gemeente = GemeenteFactory(name="Oudnaam")
    client.force_login(pharos)

    response = client.post(
        reverse("admin:coalitions_gemeente_change", args=[gemeente.pk]),
        {
            "cbs_code": gemeente.cbs_code,
            "name": "Nieuwnaam",
            "province": gemeente.province,
            "ggd_region": "GGD Test",
            "active": "on",
        },
    )

    assert response.status_code == 302
    gemeente.refresh_from_db()
    assert gemeente.name == "Nieuwnaam"


def test_pharos_may_not_delete_a_gemeente(client, pharos):
    gemeente = GemeenteFactory()
    client.force_login(pharos)

    response = client.post(
        reverse("admin:coalitions_gemeente_delete", args=[gemeente.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Gemeente.objects.filter(pk=gemeente.pk).exists()


def test_pharos_may_add_and_change_organisations_in_the_register_but_not_delete_them(pharos):
    assert pharos.has_perm("partners.add_organisation")
    assert pharos.has_perm("partners.change_organisation")
    assert not pharos.has_perm("partners.delete_organisation")


def test_pharos_may_not_post_a_status_update(client, pharos, coalition):
    client.force_login(pharos)

    response = client.post(
        reverse("admin:coalitions_statusupdate_add"),
        {"coalition": coalition.pk, "date": "2024-07-01", "phase": Phase.BORGING},
    )

    assert response.status_code == 403
    assert StatusUpdate.objects.count() == 0


def test_pharos_may_not_add_a_partner_to_a_coalition(client, pharos, coalition):
    organisation = OrganisationFactory()
    client.force_login(pharos)

    response = client.post(
        reverse("admin:partners_coalitionpartner_add"),
        {"coalition": coalition.pk, "organisation": organisation.pk, "role": "partner"},
    )

    assert response.status_code == 403
    assert CoalitionPartner.objects.count() == 0


def test_pharos_does_not_hold_the_contact_export_permission(pharos):
    assert pharos.has_perm("partners.view_contactperson")
    assert not pharos.has_perm("partners.export_contactperson")
    assert not pharos.has_perm("partners.change_contactperson")
