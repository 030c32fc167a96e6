"""Overlaps and gaps in the intervention palette, on a hand-made palette."""

import datetime

import pytest
from django.urls import reverse

from pijlers.models import Intervention, InterventionKind, LifePhase, Offering, Vulnerability
from tests.factories import CoalitionPartnerFactory, InterventionFactory, OfferingFactory

pytestmark = pytest.mark.django_db

ALL_LEVELS = list(Vulnerability.values)
VOORLICHTING, HUISBEZOEK = InterventionKind.VOORLICHTING, InterventionKind.HUISBEZOEK


@pytest.fixture
def palette(coalition, other_coalition):
    """JGZ and Kraamzorg both give voorlichting in (geboorte en kraam, kwetsbaar): an overlap.
    Everything else that shares a cell differs in kind, partner organisation, coalition or
    is an ended partnership. Preconceptie and 0–2 jaar are not covered at all."""
    jgz = CoalitionPartnerFactory(coalition=coalition, organisation__name="JGZ")
    kraam = CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg")
    welzijn = CoalitionPartnerFactory(coalition=coalition, organisation__name="Welzijn")
    ended = CoalitionPartnerFactory(
        coalition=coalition, organisation__name="Oud", until=datetime.date(2022, 1, 1)
    )
    elsewhere = CoalitionPartnerFactory(coalition=other_coalition, organisation=jgz.organisation)

    def offer(partner, name, kind, phases, levels):
        intervention = InterventionFactory(
            name=name, kind=kind, life_phases=phases, vulnerability_levels=levels
        )
        return OfferingFactory(partner=partner, intervention=intervention)

    return {
        "jgz_info": offer(
            jgz, "Info JGZ", VOORLICHTING, ["zwangerschap", "geboorte_kraam"], ALL_LEVELS
        ),
        "jgz_more": offer(jgz, "Meer info JGZ", VOORLICHTING, ["zwangerschap"], ["zelfredzaam"]),
        "kraam_info": offer(kraam, "Info kraam", VOORLICHTING, ["geboorte_kraam"], ["kwetsbaar"]),
        "welzijn_visit": offer(welzijn, "Bezoek", HUISBEZOEK, ["zwangerschap"], ["zeer_kwetsbaar"]),
        "ended_info": offer(ended, "Oude info", VOORLICHTING, ["zwangerschap"], ["kwetsbaar"]),
        "other_info": offer(elsewhere, "Info elders", VOORLICHTING, ["nul_twee"], ["kwetsbaar"]),
    }


def test_overlap_is_the_same_kind_of_offer_from_two_partners_in_one_cell(coalition, palette):
    overlapping = Offering.objects.for_coalition(coalition).overlaps()
    assert set(overlapping) == {palette["jgz_info"], palette["kraam_info"]}


def test_gaps_are_the_cells_nobody_in_the_coalition_covers(coalition, palette):
    gaps = Offering.objects.for_coalition(coalition).gaps()
    assert gaps == [("preconceptie", level) for level in ALL_LEVELS] + [
        ("nul_twee", level) for level in ALL_LEVELS
    ]


def test_an_empty_palette_is_all_gaps(coalition):
    gaps = Offering.objects.for_coalition(coalition).gaps()
    assert len(gaps) == len(LifePhase.values) * len(Vulnerability.values)


def test_the_palette_matrix_marks_the_overlap_and_the_gaps(client, member, coalition, palette):
    client.force_login(member)
    response = client.get(reverse("pijlers:palette", args=[coalition.slug]))
    page = response.content.decode()
    assert response.context["gap_count"] == 8
    assert response.context["overlap_count"] == 1
    assert page.count("Gat: geen aanbod") == 8
    assert "<strong>Overlap:</strong> Voorlichting" in page
    assert "Oude info" not in page and "Info elders" not in page


def test_interventions_offered_in_a_gemeente_leave_out_ended_partnerships(coalition, palette):
    gemeente = coalition.gemeenten.get()
    names = set(Intervention.objects.offered_in(gemeente).values_list("name", flat=True))
    assert names == {"Info JGZ", "Meer info JGZ", "Info kraam", "Bezoek"}


def test_editor_adds_an_offering_for_a_partner_of_the_coalition(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    voorzorg = Intervention.objects.get(slug="voorzorg")
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:offering_add", args=[coalition.slug]),
        {
            "partner": partner.pk,
            "intervention": voorzorg.pk,
            "life_phases": ["zwangerschap"],
            "vulnerability_levels": ["kwetsbaar", "zeer_kwetsbaar"],
        },
    )
    assert response.status_code == 302
    offering = Offering.objects.get()
    assert offering.vulnerability_levels == ["kwetsbaar", "zeer_kwetsbaar"]


def test_an_offering_without_life_phase_is_refused_with_an_error_on_the_field(
    client, editor, coalition
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:offering_add", args=[coalition.slug]),
        {
            "partner": partner.pk,
            "intervention": Intervention.objects.first().pk,
            "vulnerability_levels": ["kwetsbaar"],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["life_phases"]
    assert not Offering.objects.exists()


def test_editor_cannot_offer_through_a_partner_of_another_coalition(
    client, editor, coalition, other_coalition
):
    foreign = CoalitionPartnerFactory(coalition=other_coalition)
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:offering_add", args=[coalition.slug]),
        {
            "partner": foreign.pk,
            "intervention": Intervention.objects.first().pk,
            "life_phases": ["zwangerschap"],
            "vulnerability_levels": ["kwetsbaar"],
        },
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Offering.objects.exists()


def test_other_coalitions_editor_and_a_member_cannot_change_the_palette(
    client, member, other_editor, coalition, palette
):
    offering = palette["jgz_info"]
    delete_url = reverse("pijlers:offering_delete", args=[coalition.slug, offering.pk])
    client.force_login(other_editor)
    assert client.post(delete_url).status_code == 404
    client.force_login(member)
    assert client.post(delete_url).status_code == 403
    assert Offering.objects.filter(pk=offering.pk).exists()
