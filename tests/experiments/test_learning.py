"""Leren van elkaar (/leren/): a Dutch full-text search over what all coalitions tried and
learnt, and "andere coalities die hieraan werkten" in the workspace."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.models import Phase, Province
from experiments.models import WorkItem
from tests.factories import (
    BottleneckFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    GemeenteFactory,
    InterventionFactory,
    OfferingFactory,
    ResultFactory,
    ThemeFactory,
    WorkItemFactory,
)
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db
URL = reverse("experiments:learning")


def found(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_search_finds_a_word_by_its_dutch_stem(client, coalition):
    WorkItemFactory(coalition=coalition, title="Inzet van de verloskundige bij huisbezoek")

    assert "Inzet van de verloskundige" in found(client, q="verloskundigen")
    assert "Inzet van de verloskundige" not in found(client, q="tandarts")


def test_an_item_is_found_by_the_text_of_its_results(client, coalition):
    item = WorkItemFactory(coalition=coalition, title="Samen optrekken")
    ResultFactory(work_item=item, outcome="Meer kraamzorguren voor kwetsbare gezinnen")

    html = found(client, q="kraamzorguren")

    assert "Samen optrekken" in html
    assert "Meer kraamzorguren voor kwetsbare gezinnen" in html


def test_resolved_knelpunten_are_found_open_ones_are_not(client, coalition):
    item = WorkItemFactory(coalition=coalition)
    BottleneckFactory(
        work_item=item,
        description="Privacyregels bij gegevensdeling",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Convenant opgesteld",
    )
    BottleneckFactory(work_item=item, description="Privacyregels bij huisbezoeken")

    html = found(client, q="privacyregels")

    assert "Privacyregels bij gegevensdeling" in html
    assert "Convenant opgesteld" in html
    assert "Privacyregels bij huisbezoeken" not in html


def test_interventions_offered_by_running_partners_are_found(client, coalition, other_coalition):
    voorzorg = InterventionFactory(name="Thuiszorg Plus", description="Verpleegkundig huisbezoek")
    OfferingFactory(partner=CoalitionPartnerFactory(coalition=coalition), intervention=voorzorg)
    OfferingFactory(
        partner=CoalitionPartnerFactory(coalition=other_coalition, until=datetime.date(2021, 1, 1)),
        intervention=voorzorg,
    )

    html = found(client, q="huisbezoek")

    assert "Thuiszorg Plus" in html
    assert coalition.name in html
    assert other_coalition.name not in html


def test_every_hit_links_to_its_coalition(client, coalition):
    WorkItemFactory(coalition=coalition, title="Taalcafé voor ouders")

    html = found(client, q="taalcafé")

    assert f'href="{coalition.get_absolute_url()}"' in html
    assert reverse("experiments:public_werkagenda", args=[coalition.slug]) in html


def test_the_filters_narrow_by_theme_phase_province_and_intervention(client):
    utrecht = CoalitionFactory(
        phase=Phase.UITVOERING, gemeenten=[GemeenteFactory(province=Province.UTRECHT)]
    )
    delft = CoalitionFactory(
        phase=Phase.VORMING, gemeenten=[GemeenteFactory(province=Province.ZUID_HOLLAND)]
    )
    theme = ThemeFactory(coalition=utrecht, name="Kraamzorg")
    WorkItemFactory(coalition=utrecht, title="Utrechts experiment", themes=[theme])
    WorkItemFactory(coalition=delft, title="Delfts experiment")
    nu_niet = InterventionFactory(slug="test-nu-niet", name="Test Nu Niet")
    OfferingFactory(partner=CoalitionPartnerFactory(coalition=delft), intervention=nu_niet)

    for params, present, absent in [
        ({"theme": "kraam"}, "Utrechts", "Delfts"),
        ({"phase": Phase.VORMING}, "Delfts", "Utrechts"),
        ({"province": Province.UTRECHT}, "Utrechts", "Delfts"),
        ({"intervention": "test-nu-niet"}, "Delfts", "Utrechts"),
    ]:
        html = found(client, q="experiment", **params)
        assert f"{present} experiment" in html, params
        assert f"{absent} experiment" not in html, params


def test_unpublished_items_stay_hidden_from_the_public_and_other_coalitions(
    client, coalition, other_editor
):
    WorkItemFactory(coalition=coalition, title="Geheim kraamzorgplan", published=False)
    resolved = BottleneckFactory(
        work_item=WorkItemFactory(coalition=coalition, published=False),
        description="Geheim kraamzorgknelpunt",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Opgelost",
    )

    assert "Geheim kraamzorg" not in found(client, q="kraamzorgplan")
    assert resolved.description not in found(client, q="kraamzorgknelpunt")
    client.force_login(other_editor)
    assert "Geheim kraamzorgplan" not in found(client, q="kraamzorgplan")
    assert resolved.description not in found(client, q="kraamzorgknelpunt")


@pytest.mark.parametrize("who", ["editor", "member", "pharos"])
def test_people_who_may_open_a_coalition_also_find_its_unpublished_items(
    client, coalition, request, who
):
    WorkItemFactory(coalition=coalition, title="Intern kraamzorgplan", published=False)
    client.force_login(request.getfixturevalue(who))

    html = found(client, q="kraamzorgplan")

    assert "Intern kraamzorgplan" in html
    assert "niet gepubliceerd" in html
    assert reverse("experiments:timeline", args=[coalition.slug]) in html


def test_any_typed_text_is_searched_without_an_error(client, coalition):
    WorkItemFactory(coalition=coalition, title="Gewoon onderdeel")
    for text in ["&|!:(", "'", '"kraam', "-", "a" * 200, "\u00e9\u00e9n & twee | drie"]:
        assert client.get(URL, {"q": text}).status_code == 200
    assert client.get(URL, {"intervention": "bestaat-niet", "pagina": "x"}).status_code == 200


def test_results_are_paginated_with_twenty_hits_a_page(client, coalition):
    WorkItem.objects.bulk_create(
        WorkItem(
            coalition=coalition,
            kind="experiment",
            title=f"Groepszorg {i:02d}",
            start_quarter=8080,
            published=True,
        )
        for i in range(25)
    )

    first = found(client, q="groepszorg")
    second = found(client, q="groepszorg", pagina=2)

    assert "25 resultaten" in first
    assert first.count("Groepszorg ") == 20
    assert second.count("Groepszorg ") == 5
    assert "Pagina 2 van 2" in second


def make_coalitions_with_work(n):
    for _ in range(n):
        item = WorkItemFactory(coalition=CoalitionFactory(), title="Kraamzorg in de wijk")
        ResultFactory(work_item=item, outcome="Kraamzorg bereikt meer gezinnen")
        BottleneckFactory(
            work_item=item,
            description="Kraamzorg te laat ingeschakeld",
            resolved_on=datetime.date(2020, 5, 1),
            resolution="Afspraken met verloskundigen",
        )
        OfferingFactory(partner=CoalitionPartnerFactory(coalition=item.coalition))


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_search_page_runs_as_many_queries_with_many_coalitions_as_with_few(client):
    make_coalitions_with_work(1)
    few = queries_for(client, q="kraamzorg"), queries_for(client)
    make_coalitions_with_work(8)
    many = queries_for(client, q="kraamzorg"), queries_for(client)

    assert few == many


def test_the_search_uses_the_gin_indexes(coalition):
    """With (plain) scans off, the planner can only find matching rows through a bitmap scan
    of an index: proof that the search matches the stored vectors' GIN indexes (the tiny
    tables of a test would be scanned otherwise)."""
    from experiments.search import Filters, _query, _union

    qs = _union(Filters(q="kraamzorg"), [], _query("kraamzorg"))  # as the public searches
    with connection.cursor() as cursor:
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        plan = qs.explain()

    for index in (
        "workitem_search_gin",
        "result_search_gin",
        "bottleneck_search_gin",
        "intervention_search_gin",
    ):
        assert index in plan, plan


def test_the_main_navigation_links_to_leren_van_elkaar(client):
    html = client.get(reverse("coalitions:public_list")).content.decode()
    assert f'href="{URL}"' in html


# --- Andere coalities die hieraan werkten ------------------------------------------------------


def test_an_item_shows_similar_published_work_of_other_coalitions(
    client, editor, coalition, other_coalition
):
    mine = WorkItemFactory(coalition=coalition, title="Kraamzorg voor kwetsbare gezinnen")
    BottleneckFactory(work_item=mine, description="Wachtlijst bij de kraamzorg")
    WorkItemFactory(coalition=other_coalition, title="Kraamzorguren verlengen")
    WorkItemFactory(coalition=other_coalition, title="Verborgen kraamzorgidee", published=False)
    BottleneckFactory(
        work_item=WorkItemFactory(coalition=other_coalition, title="Iets anders"),
        description="Wachtlijst opgelost",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Extra kraamverzorgenden",
    )
    WorkItemFactory(coalition=coalition, title="Ons eigen kraamzorgoverleg")
    client.force_login(editor)

    html = client.get(mine.get_absolute_url()).content.decode()
    section = html.split('id="andere-coalities"')[1]

    assert "Kraamzorguren verlengen" in section
    assert "Wachtlijst opgelost" in section
    assert other_coalition.name in section
    assert "Verborgen kraamzorgidee" not in section
    assert "Ons eigen kraamzorgoverleg" not in section


def test_similar_work_never_shows_unpublished_items_even_to_pharos(
    client, pharos, coalition, other_coalition
):
    mine = WorkItemFactory(coalition=coalition, title="Kraamzorg in de wijk")
    WorkItemFactory(coalition=other_coalition, title="Kraamzorg intern plan", published=False)
    client.force_login(pharos)

    html = client.get(mine.get_absolute_url()).content.decode()

    assert "Kraamzorg intern plan" not in html.split('id="andere-coalities"')[1]


def test_similar_work_shows_at_most_five(client, editor, coalition):
    mine = WorkItemFactory(coalition=coalition, title="Centering zwangerschapszorg")
    for _ in range(7):
        WorkItemFactory(coalition=CoalitionFactory(), title="Centering groepszorg")
    client.force_login(editor)

    html = client.get(mine.get_absolute_url()).content.decode()

    assert html.split('id="andere-coalities"')[1].count("Centering groepszorg") == 5


def test_an_editor_records_a_result_publishes_the_item_and_anyone_finds_it(
    client, editor, coalition
):
    item = WorkItemFactory(coalition=coalition, title="Groepsconsulten", published=False)
    client.force_login(editor)
    create = reverse("experiments:result_create", args=[coalition.slug, item.pk])
    client.post(
        create,
        page_form_data(client, create)
        | {"date": "2026-01-15", "outcome": "Verloskundigen hielden twaalf groepsconsulten."},
    )
    client.logout()
    assert "Groepsconsulten" not in found(client, q="verloskundige")

    client.force_login(editor)
    edit = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    client.post(edit, page_form_data(client, edit) | {"published": "on"})
    client.logout()

    html = found(client, q="verloskundige")
    assert "Groepsconsulten" in html
    assert "Verloskundigen hielden twaalf groepsconsulten." in html


def test_an_open_knelpunt_shows_how_other_coalitions_resolved_something_like_it(
    client, member, coalition, other_coalition
):
    mine = BottleneckFactory(
        work_item=WorkItemFactory(coalition=coalition),
        description="Huisartsen delen geen gegevens met de kraamzorg",
    )
    BottleneckFactory(
        work_item=WorkItemFactory(coalition=other_coalition),
        description="Gegevens delen tussen huisartsen en wijkteam",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Toestemmingsformulier voor ouders",
    )
    BottleneckFactory(
        work_item=WorkItemFactory(coalition=other_coalition, published=False),
        description="Gegevens delen intern",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Geheime oplossing",
    )
    client.force_login(member)

    for url in (
        mine.work_item.get_absolute_url(),
        reverse("experiments:bottleneck_overview", args=[coalition.slug]),
    ):
        html = client.get(url).content.decode()
        assert "Toestemmingsformulier voor ouders" in html, url
        assert "Geheime oplossing" not in html, url


def test_the_knelpunten_overview_asks_as_many_queries_for_many_knelpunten_as_for_one(
    client, member, coalition, other_coalition
):
    url = reverse("experiments:bottleneck_overview", args=[coalition.slug])
    client.force_login(member)
    BottleneckFactory(
        work_item=WorkItemFactory(coalition=other_coalition),
        description="Wachtlijst kraamzorg opgelost",
        resolved_on=datetime.date(2020, 5, 1),
        resolution="Extra uren",
    )
    BottleneckFactory(work_item=WorkItemFactory(coalition=coalition), description="Wachtlijst")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(6):
        BottleneckFactory(
            work_item=WorkItemFactory(coalition=coalition), description=f"Wachtlijst {i}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_partner_offering_two_interventions_is_found_for_the_one_searched_only(client, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    OfferingFactory(partner=partner, intervention=InterventionFactory(name="Stoomcursus Ouders"))
    OfferingFactory(partner=partner, intervention=InterventionFactory(name="Babymassage Thuis"))

    hits = found(client, q="stoomcursus").split("</form>")[1]  # not the filter's choices

    assert hits.count("Stoomcursus Ouders") == 1
    assert "Babymassage Thuis" not in hits
    assert "1 resultaat" in hits
