"""Who works with whom: the medical–social figure counts recorded relations only; the links
inferred from levels, the core group, items and agreements stay apart as possible links."""

import datetime

import pytest
from django.urls import reverse

from partners import connections as conn
from partners.extensions import connection_sources
from partners.models import Category, CoalitionPartner, Level, PartnerRole, RelationKind
from tests.factories import (
    CoalitionPartnerFactory,
    OrganisationFactory,
    PartnerRelationFactory,
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


def compute(coalition, sources=None, on=None):
    partnerships = list(CoalitionPartner.objects.filter(coalition=coalition).running(on).for_map())
    return conn.coalition_connections(coalition, partnerships, sources=sources, on=on)


@pytest.fixture
def related(example):
    """Recorded relations: A refers to C (a bridge), D and G meet on cases (a bridge), C and E
    offer something together (no bridge: JGZ is publieke gezondheid)."""
    return [
        PartnerRelationFactory(source=example["A"], target=example["C"]),
        PartnerRelationFactory(
            source=example["G"], target=example["D"], kind=RelationKind.CASUSOVERLEG
        ),
        PartnerRelationFactory(
            source=example["C"], target=example["E"], kind=RelationKind.GEZAMENLIJK_AANBOD
        ),
    ]


def pairs(links):
    return {link.a.organisation.name[0] + link.b.organisation.name[0] for link in links}


def test_possible_links_come_from_shared_levels_and_the_core_group(coalition, example):
    result = compute(coalition)
    assert pairs(result.possible_links) == {
        "AC", "AE", "AF", "CE", "CF", "EF", "BD", "BE", "DE", "BG",
    }  # fmt: skip
    reasons = {
        pair: link.reasons for link in result.possible_links for pair in [pairs([link]).pop()]
    }
    assert reasons["AC"] == ["samen op niveau uitvoering"]
    assert reasons["BD"] == ["samen in de kerngroep"]


def test_without_relations_nothing_is_bridged_however_much_is_inferred(coalition, example):
    """The old figure said 2 of 6 here from shared levels and the core group alone."""
    result = compute(coalition)
    assert result.bridge_count == 0
    assert result.possible_bridges == 6  # A, B, G x C, D
    assert pairs(result.possible_bridge_links) == {"AC", "BD"}


def test_the_cross_domain_figure_counts_medical_social_pairs_with_a_relation(
    coalition, example, related
):
    result = compute(coalition)
    assert pairs(result.bridges) == {"AC", "DG"}
    assert result.bridge_count == 2
    assert result.possible_bridges == 6
    # C and E offer something together, yet JGZ (publieke gezondheid) is no side of a bridge.
    assert {p.organisation.name for p in result.without_bridge} == {"B ziekenhuis"}
    assert [(link.medical_partner.organisation.name, link.social_partner.organisation.name)
            for link in result.bridges] == [("A verloskundigen", "C wijkteam"),
                                            ("G huisartsen", "D welzijn")]  # fmt: skip
    assert result.bridges[0].reasons == ["A verloskundigen verwijst naar C wijkteam"]
    assert result.bridges[1].reasons == ["casusoverleg"]
    # What was inferred and is not recorded yet stays visible apart: B and D, both core.
    assert pairs(result.possible_bridge_links) == {"BD"}
    assert {p.organisation.name for p in result.alone} == {"B ziekenhuis", "F moedercafe"}


def test_the_figure_counts_relations_running_on_the_date_only(coalition, example, related):
    a_c = related[0]
    a_c.until = datetime.date(2023, 1, 1)
    a_c.save()
    assert pairs(compute(coalition, on=datetime.date(2022, 12, 31)).bridges) == {"AC", "DG"}
    assert pairs(compute(coalition, on=datetime.date(2023, 1, 1)).bridges) == {"DG"}
    assert compute(coalition, on=datetime.date(2020, 12, 31)).bridge_count == 0  # not yet


def test_a_relation_with_an_ended_partnership_no_longer_counts(coalition, example, related):
    CoalitionPartner.objects.filter(pk=example["G"].pk).update(until=datetime.date(2024, 1, 1))
    assert pairs(compute(coalition, on=datetime.date(2024, 6, 1)).bridges) == {"AC"}


def test_crosses_divide_is_exactly_medisch_with_sociaal():
    assert conn.crosses_divide("medisch", "sociaal")
    assert conn.crosses_divide("sociaal", "medisch")
    for other in ["publieke_gezondheid", "informeel", "overig", "medisch"]:
        assert not conn.crosses_divide("medisch", other)
    for other in ["publieke_gezondheid", "informeel", "overig", "sociaal"]:
        assert not conn.crosses_divide("sociaal", other)


def test_domain_pairs_count_every_related_pair_once(coalition, example, related):
    result = compute(coalition)
    assert sum(n for _a, _b, n in result.domain_pairs) == len(result.links) == 3
    assert ("Medisch", "Sociaal", 2) in result.domain_pairs


def test_per_partner_counts_relations_bridges_and_possible_links(coalition, example, related):
    counts = {p.organisation.name[0]: (n, b, m) for p, n, b, m in compute(coalition).per_partner}
    assert counts == {
        "A": (1, 1, 3), "B": (0, 0, 3), "C": (2, 1, 3), "D": (1, 1, 2), "E": (1, 0, 5),
        "F": (0, 0, 3), "G": (1, 1, 1),
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
    [ag] = [link for link in result.possible_links if pairs([link]) == {"AG"}]
    assert ag.reasons == ["samen in werkagenda-item Moedercafé"]
    assert len(result.possible_links) == 11
    assert result.links == []


def test_the_page_shows_the_figure_and_the_possible_links_apart(
    client, coalition, example, related
):
    response = client.get(reverse("partners:map", args=[coalition.slug]))
    body = response.content.decode()
    assert '<strong class="fs-2" id="bridge-count">2</strong>' in body
    assert "van de 6 mogelijke medisch–sociale paren hebben een vastgelegde relatie" in body
    # The tables themselves arrive when the summary is opened (test_connection_tables.py).
    tables = client.get(reverse("partners:connections_fragment", args=[coalition.slug]))
    possible = tables.content.decode().split('id="possible-heading"', 1)[1]
    assert "Mogelijke verbindingen" in possible
    assert (
        '<tr class="possible-bridge"><th scope="row">B ziekenhuis</th>\n'
        "              <td>D welzijn</td>"
    ) in possible


def test_the_figure_ignores_filters(client, coalition, example, related):
    response = client.get(reverse("partners:map", args=[coalition.slug]), {"domain": "overig"})
    assert response.context["connections"].bridge_count == 2


def test_without_social_partners_no_bridge_is_possible(client, coalition):
    partner(coalition, "Alleen medisch", Category.ZIEKENHUIS, [Level.UITVOERING])
    body = client.get(reverse("partners:map", args=[coalition.slug])).content.decode()
    assert "Nog geen brug mogelijk:" in body


# --- Links from the werkagenda and agreements (experiments registers its source) ---


def test_partners_sharing_a_work_item_and_an_agreement_are_possibly_linked_with_both_reasons(
    client, coalition, example
):
    """G (huisartsen, medisch) and D (welzijn, sociaal) share an item and an agreement: a
    possible bridge, shown apart, not counted until they record a relation."""
    g, d = example["G"], example["D"]
    WorkItemFactory(coalition=coalition, lead_partner=g, partners=[d], title="Moedercafé")
    signatory = SignatoryFactory(agreement__coalition=coalition, partner=g)
    SignatoryFactory(agreement=signatory.agreement, partner=d)

    result = compute(coalition)
    [gd] = [link for link in result.possible_links if pairs([link]) == {"DG"}]
    assert gd.reasons == ["samen in 1 werkagenda-onderdeel", "samen 1 afspraak ondertekend"]
    assert pairs(result.possible_bridge_links) == {"AC", "BD", "DG"}
    assert result.bridge_count == 0

    response = client.get(reverse("partners:map", args=[coalition.slug]))
    assert '<strong class="fs-2" id="bridge-count">0</strong>' in response.content.decode()
    tables = client.get(reverse("partners:connections_fragment", args=[coalition.slug]))
    body = tables.content.decode()
    assert (
        '<tr class="possible-bridge"><th scope="row">G huisartsen</th>\n'
        "              <td>D welzijn</td>\n"
        "              <td>samen in 1 werkagenda-onderdeel; samen 1 afspraak ondertekend</td></tr>"
    ) in body


def test_shared_work_items_are_counted_per_pair(coalition, example):
    a, c = example["A"], example["C"]
    WorkItemFactory(coalition=coalition, partners=[a, c])
    WorkItemFactory(coalition=coalition, lead_partner=c, partners=[a])
    [ac] = [link for link in compute(coalition).possible_links if pairs([link]) == {"AC"}]
    assert ac.reasons == ["samen op niveau uitvoering", "samen in 2 werkagenda-onderdelen"]


def test_an_unpublished_work_item_makes_no_link_on_the_public_map(client, coalition, example):
    g, d = example["G"], example["D"]
    WorkItemFactory(coalition=coalition, partners=[g, d], published=False, title="Geheim plan")
    assert "DG" not in pairs(compute(coalition).possible_links)
    body = client.get(reverse("partners:map", args=[coalition.slug])).content.decode()
    assert "werkagenda-onderdeel" not in body


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
    assert "DG" not in pairs(compute(coalition).possible_links)
    assert "DG" in pairs(compute(other_coalition).possible_links)


@pytest.mark.parametrize(
    ("category", "domain"),
    [
        (Category.VERSLAVINGSZORG, "medisch"),
        (Category.GEHANDICAPTENZORG, "sociaal"),
        (Category.RECLASSERING, "sociaal"),
        (Category.KINDERBESCHERMING, "sociaal"),
        (Category.VROUWENOPVANG, "sociaal"),
        (Category.DAKLOZENZORG, "sociaal"),
        (Category.KENNISINSTELLING, "overig"),
    ],
)
def test_the_categories_named_in_the_seeds_take_their_domain_from_the_one_mapping(category, domain):
    assert OrganisationFactory(category=category, domain="").domain == domain


def test_a_relation_between_the_new_categories_counts_as_a_bridge_and_on_the_rivm_coverage(
    coalition,
):
    from kansrijke.pharos.reports import overview

    addiction = partner(coalition, "Verslavingszorg", Category.VERSLAVINGSZORG, [])
    shelter = partner(coalition, "Vrouwenopvang", Category.VROUWENOPVANG, [])
    PartnerRelationFactory(source=shelter, target=addiction)

    assert compute(coalition).bridge_count == 1
    assert overview().both_domains == 1
