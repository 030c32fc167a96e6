"""The demo's relations: plausible ones for Delft, loaded by load_demo, by name only."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from coalitions.models import Coalition
from partners import demo_relations
from partners.models import CoalitionPartner, PartnerRelation

pytestmark = pytest.mark.django_db


def test_load_demo_gives_delft_relations_once_however_often_it_runs(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = sorted(PartnerRelation.objects.values_list("source_id", "target_id", "kind", "note"))
    call_command("load_demo")
    assert (
        sorted(PartnerRelation.objects.values_list("source_id", "target_id", "kind", "note"))
        == first
    )
    assert len(first) == len(demo_relations.RELATIONS)
    assert PartnerRelation.objects.filter(basis_id__isnull=False).count() == 1


def test_delfts_demo_network_shows_bridges_and_who_stands_alone(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    response = client.get(reverse("partners:network", args=["delft"]))
    connections = response.context["connections"]
    assert 0 < connections.bridge_count < connections.possible_bridges
    assert "Gemeente Delft" in {p.organisation.name for p in response.context["alone"]}
    body = response.content.decode()
    assert "privacyfunctionarissen" not in body  # an internal note
    assert "Welzijn op recept" in body
    [path] = response.context["paths"]
    assert path.title == "Zwangere met schulden" and path.gaps == 1


def test_a_missing_organisation_is_skipped_without_a_word(coalition, monkeypatch):
    monkeypatch.setattr(
        demo_relations,
        "RELATIONS",
        [(coalition.slug, "Bestaat niet", "verwijst_naar", "Ook niet", None, "", False, "")],
    )
    monkeypatch.setattr(
        demo_relations, "PATHS", [(coalition.slug, "Pad", "", [("A", "B", "", "")])]
    )
    assert demo_relations.load({}) == {"relaties tussen partners": 0, "zorgpaden": 0}
    assert not PartnerRelation.objects.exists()
    assert not CoalitionPartner.objects.exists()
    assert Coalition.objects.filter(slug=coalition.slug).exists()


def test_zaanstads_medical_professionals_reach_the_wijkteam_and_leiden_meets_in_the_vsv(
    client, settings
):
    settings.DEBUG = True
    call_command("load_demo")

    zaanstad = client.get(reverse("partners:network", args=["zaanstad"]))
    assert zaanstad.context["connections"].bridge_count == 3  # midwives and hospital
    assert "aandachtsfunctionaris" in zaanstad.content.decode()
    [path] = zaanstad.context["paths"]
    assert path.title == "Zorgen rond een zwangerschap" and path.gaps == 0

    leiden = client.get(reverse("partners:network", args=["leiden"]))
    assert "VSV-overleg" in leiden.content.decode()
    assert leiden.context["connections"].bridge_count == 2  # both to the jeugd- en gezinsteam
    [path] = leiden.context["paths"]
    assert path.title == "Kwetsbare zwangere"
