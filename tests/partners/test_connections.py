"""Who works with whom, and the figure for links across the medical–social divide."""

import datetime

import pytest
from django.urls import reverse

from partners import connections as conn
from partners.extensions import connection_sources
from partners.models import Category, CoalitionPartner, Level, PartnerRole
from tests.factories import (
    CoalitionPartnerFactory,
    OrganisationFactory,
    SignatoryFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def partner(coalition, name, category, levels, role=PartnerRole.PARTNER, **kwargs):
    return CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(name=name, category=category),
        levels=levels,
        role=role,
        **kwargs,
    )


@pytest.fixture
def example(coalition, other_coalition):
    """Hand-made: who shares a level or the core group, across which domains.

    uitvoering:  A (medisch), C (sociaal), E (JGZ), F (informeel)
    management:  D (sociaal)
    bestuurlijk: B (medisch), G (medisch)
    core group (trekker/kernpartner): B, D, E
    Links: AC AE AF CE CF EF (uitvoering), BD BE DE (core); B–G share bestuurlijk: BG.
    Across the divide (medisch–sociaal): AC, BD. Possible pairs: 3 medical x 2 social = 6.
    """
    return {
        "A": partner(coalition, "A verloskundigen", Category.VERLOSKUNDIGEN, [Level.UITVOERING]),
        "B": partner(
            coalition, "B ziekenhuis", Category.ZIEKENHUIS, [Level.BESTUURLIJK],
            PartnerRole.KERNPARTNER,
        ),
        "C": partner(coalition, "C wijkteam", Category.WIJKTEAM, [Level.UITVOERING]),
        "D": partner(
            coalition, "D welzijn", Category.WELZIJN, [Level.MANAGEMENT], PartnerRole.KERNPARTNER
        ),
        "E": partner(
            coalition, "E jgz", Category.JGZ, [Level.UITVOERING], PartnerRole.TREKKER
        ),
        "F": partner(coalition, "F moedercafe", Category.MOEDERCAFE, [Level.UITVOERING]),
        "G": partner(coalition, "G huisartsen", Category.HUISARTSEN, [Level.BESTUURLIJK]),
        # Neither counts: an ended partnership, and a partner of another coalition.
        "ended": partner(
            coalition, "H ggz", Category.GGZ, [Level.UITVOERING],
            since=datetime.date(2019, 1, 1), until=datetime.date(2020, 1, 1),
        ),
        "elsewhere": partner(other_coalition, "I cjg", Category.CJG, [Level.UITVOERING]),
    }  # fmt: skip


def compute(coalition, sources=None):
    partnerships = list(CoalitionPartner.objects.filter(coalition=coalition).running().for_map())
    return conn.coalition_connections(coalition, partnerships, sources=sources)


def pairs(links):
    return {link.a.organisation.name[0] + link.b.organisation.name[0] for link in links}


def test_links_come_from_shared_levels_and_the_core_group(coalition, example):
    result = compute(coalition)
    assert pairs(result.links) == {"AC", "AE", "AF", "CE", "CF", "EF", "BD", "BE", "DE", "BG"}
    reasons = {pair: link.reasons for link in result.links for pair in [pairs([link]).pop()]}
    assert reasons["AC"] == ["samen op niveau uitvoering"]
    assert reasons["BD"] == ["samen in de kerngroep"]


def test_the_cross_domain_figure_counts_medical_social_pairs_only(coalition, example):
    result = compute(coalition)
    assert pairs(result.bridges) == {"AC", "BD"}
    assert result.bridge_count == 2
    assert result.possible_bridges == 6  # A, B, G x C, D
    # JGZ (publieke gezondheid) and the moedercafé (informeel) link to both sides, yet no
    # link with them is a bridge.
    assert {p.organisation.name for p in result.without_bridge} == {"G huisartsen"}
    assert [(link.medical_partner.organisation.name, link.social_partner.organisation.name)
            for link in result.bridges] == [("A verloskundigen", "C wijkteam"),
                                            ("B ziekenhuis", "D welzijn")]  # fmt: skip


def test_crosses_divide_is_exactly_medisch_with_sociaal():
    assert conn.crosses_divide("medisch", "sociaal")
    assert conn.crosses_divide("sociaal", "medisch")
    for other in ["publieke_gezondheid", "informeel", "overig", "medisch"]:
        assert not conn.crosses_divide("medisch", other)
    for other in ["publieke_gezondheid", "informeel", "overig", "sociaal"]:
        assert not conn.crosses_divide("sociaal", other)


def test_domain_pairs_count_every_link_once(coalition, example):
    result = compute(coalition)
    assert sum(n for _a, _b, n in result.domain_pairs) == len(result.links) == 10
    assert ("Medisch", "Sociaal", 2) in result.domain_pairs


def test_per_partner_counts_links_and_bridges(coalition, example):
    counts = {p.organisation.name[0]: (n, b) for p, n, b in compute(coalition).per_partner}
    assert counts == {
        "A": (3, 1), "B": (3, 1), "C": (3, 1), "D": (2, 1), "E": (5, 0), "F": (3, 0), "G": (1, 0),
    }  # fmt: skip


def test_another_app_can_add_a_source_of_links(coalition, example):
    """How experiments will plug in shared werkagenda items, without partners importing it."""
    a, g = example["A"], example["G"]
    outside = example["elsewhere"]

    def shared_item(coalition_, partnerships):
        yield a.organisation_id, g.organisation_id, "samen in werkagenda-item Moedercafé"
        yield g.organisation_id, a.organisation_id, "samen in werkagenda-item Moedercafé"
        yield a.organisation_id, outside.organisation_id, "niet van deze coalitie"

    result = compute(coalition, sources=[*connection_sources, shared_item])
    [ag] = [link for link in result.links if pairs([link]) == {"AG"}]
    assert ag.reasons == ["samen in werkagenda-item Moedercafé"]
    assert len(result.links) == 11


def test_the_page_shows_the_figure(client, coalition, example):
    response = client.get(reverse("partners:map", args=[coalition.slug]))
    body = response.content.decode()
    assert '<strong class="fs-2" id="bridge-count">2</strong>' in body
    assert "van de 6 mogelijke medisch–sociale paren werken samen" in body


def test_the_figure_ignores_filters(client, coalition, example):
    response = client.get(reverse("partners:map", args=[coalition.slug]), {"domain": "overig"})
    assert response.context["connections"].bridge_count == 2


def test_without_social_partners_no_bridge_is_possible(client, coalition):
    partner(coalition, "Alleen medisch", Category.ZIEKENHUIS, [Level.UITVOERING])
    body = client.get(reverse("partners:map", args=[coalition.slug])).content.decode()
    assert "Nog geen brug mogelijk:" in body


# --- Links from the werkagenda and agreements (experiments registers its source) ---


def test_partners_sharing_a_work_item_and_an_agreement_are_linked_with_both_reasons(
    client, coalition, example
):
    """G (huisartsen, medisch) had no bridge; one shared item and one agreement with D
    (welzijn, sociaal) make the link and count it across the divide."""
    g, d = example["G"], example["D"]
    WorkItemFactory(coalition=coalition, lead_partner=g, partners=[d], title="Moedercafé")
    signatory = SignatoryFactory(agreement__coalition=coalition, partner=g)
    SignatoryFactory(agreement=signatory.agreement, partner=d)

    result = compute(coalition)
    [gd] = [link for link in result.links if pairs([link]) == {"DG"}]
    assert gd.reasons == ["samen in 1 werkagenda-onderdeel", "samen 1 afspraak ondertekend"]
    assert pairs(result.bridges) == {"AC", "BD", "DG"}
    assert result.without_bridge == []

    response = client.get(reverse("partners:map", args=[coalition.slug]))
    body = response.content.decode()
    assert '<strong class="fs-2" id="bridge-count">3</strong>' in body
    assert (
        '<tr class="bridge"><th scope="row">G huisartsen</th>\n'
        "            <td>D welzijn</td>\n"
        "            <td>samen in 1 werkagenda-onderdeel; samen 1 afspraak ondertekend</td></tr>"
    ) in body


def test_shared_work_items_are_counted_per_pair(coalition, example):
    a, c = example["A"], example["C"]
    WorkItemFactory(coalition=coalition, partners=[a, c])
    WorkItemFactory(coalition=coalition, lead_partner=c, partners=[a])
    [ac] = [link for link in compute(coalition).links if pairs([link]) == {"AC"}]
    assert ac.reasons == ["samen op niveau uitvoering", "samen in 2 werkagenda-onderdelen"]


def test_an_unpublished_work_item_makes_no_link_on_the_public_map(client, coalition, example):
    g, d = example["G"], example["D"]
    WorkItemFactory(coalition=coalition, partners=[g, d], published=False, title="Geheim plan")
    assert "DG" not in pairs(compute(coalition).links)
    body = client.get(reverse("partners:map", args=[coalition.slug])).content.decode()
    assert "werkagenda-onderdeel" not in body
    assert '<strong class="fs-2" id="bridge-count">2</strong>' in body


def test_items_and_agreements_of_another_coalition_make_no_link_here(
    coalition, other_coalition, example
):
    g, d = example["G"], example["D"]
    # The same two organisations, also partners of another coalition, work together there.
    g_there = CoalitionPartnerFactory(coalition=other_coalition, organisation=g.organisation)
    d_there = CoalitionPartnerFactory(coalition=other_coalition, organisation=d.organisation)
    WorkItemFactory(coalition=other_coalition, partners=[g_there, d_there])
    signatory = SignatoryFactory(agreement__coalition=other_coalition, partner=g_there)
    SignatoryFactory(agreement=signatory.agreement, partner=d_there)
    assert "DG" not in pairs(compute(coalition).links)
    assert "DG" in pairs(compute(other_coalition).links)
