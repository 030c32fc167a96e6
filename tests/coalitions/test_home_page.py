"""The home page `/`: introduction, coalitions per phase, the map's data, pages and orders."""

import datetime
import decimal
import json
import re

import pytest

from coalitions.models import Phase, Province
from partners.models import Category
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    GemeenteFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [c.name for c in response.context["coalitions"]]


def map_points(response):
    body = response.content.decode()
    found = re.search(r'<script id="home-map-points" type="application/json">(.*?)</script>', body)
    return json.loads(found.group(1))


def test_the_home_page_explains_kansrijke_start_and_what_the_site_shows(client):
    body = client.get("/").content.decode()
    assert "Kansrijke Start is het landelijke programma" in body
    assert "Deze site laat per coalitie zien" in body
    assert "De kaart heeft JavaScript nodig" in body  # without JavaScript the list says it all


def test_the_list_shows_25_coalitions_per_page_and_links_to_the_next(client):
    for i in range(30):
        CoalitionFactory(name=f"Coalitie {i:02d}")
    first = client.get("/")
    assert names(first) == [f"Coalitie {i:02d}" for i in range(25)]
    assert 'href="?pagina=2"' in first.content.decode()
    second = client.get("/", {"pagina": "2"})
    assert names(second) == [f"Coalitie {i:02d}" for i in range(25, 30)]
    assert "30 coalities." in second.content.decode()  # the caption counts all, not the page


def test_a_page_number_that_is_no_number_shows_the_first_page_and_one_too_far_the_last(client):
    for i in range(30):
        CoalitionFactory(name=f"Coalitie {i:02d}")
    assert names(client.get("/", {"pagina": "abc"}))[0] == "Coalitie 00"
    assert names(client.get("/", {"pagina": "99"}))[0] == "Coalitie 25"


def test_the_page_links_keep_the_search_and_the_order(client):
    gemeente = GemeenteFactory(name="Zoekdorp")
    for i in range(30):
        CoalitionFactory(name=f"Coalitie {i:02d}", gemeenten=[gemeente] if i == 0 else [])
        CoalitionFactory(name=f"Zoekdorp {i:02d}")
    body = client.get("/", {"q": "Zoekdorp", "sort": "fase"}).content.decode()
    assert 'href="?q=Zoekdorp&amp;sort=fase&amp;pagina=2"' in body


def test_the_list_sorts_by_phase_in_the_programmes_order(client):
    CoalitionFactory(name="Aa", phase=Phase.BORGING)
    CoalitionFactory(name="Bb", phase=Phase.VERKENNING)
    CoalitionFactory(name="Cc", phase=Phase.UITVOERING)
    assert names(client.get("/", {"sort": "fase"})) == ["Bb", "Cc", "Aa"]
    assert names(client.get("/")) == ["Aa", "Bb", "Cc"]


def test_the_list_sorts_by_last_update_newest_first_and_never_updated_last(client):
    old = CoalitionFactory(name="Aa")
    StatusUpdateFactory(coalition=old, date=datetime.date(2023, 1, 1))
    CoalitionFactory(name="Bb")
    new = CoalitionFactory(name="Cc")
    StatusUpdateFactory(coalition=new, date=datetime.date(2024, 6, 1))
    response = client.get("/", {"sort": "bijgewerkt"})
    assert names(response) == ["Cc", "Aa", "Bb"]
    assert "1 juni 2024" in response.content.decode()


def test_an_unknown_order_is_refused_in_dutch_and_the_list_stays_by_name(client):
    CoalitionFactory(name="Bb")
    CoalitionFactory(name="Aa")
    response = client.get("/", {"sort": "'; drop table"})
    assert response.status_code == 200
    assert names(response) == ["Aa", "Bb"]
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_search_and_filters_narrow_the_list(client):
    CoalitionFactory(name="Delft", gemeenten=[GemeenteFactory(name="Delft", province="ZH")])
    CoalitionFactory(
        name="Zwolle",
        phase=Phase.BORGING,
        gemeenten=[GemeenteFactory(name="Zwolle", province=Province.OVERIJSSEL)],
    )
    assert names(client.get("/", {"q": "delf"})) == ["Delft"]
    assert names(client.get("/", {"province": "OV"})) == ["Zwolle"]
    assert names(client.get("/", {"phase": Phase.BORGING})) == ["Zwolle"]


def test_the_phase_counts_cover_every_coalition_and_link_to_their_filter(client):
    CoalitionFactory(phase=Phase.VERKENNING)
    CoalitionFactory(phase=Phase.BORGING)
    CoalitionFactory(phase=Phase.BORGING)
    response = client.get("/", {"q": "niets dat bestaat"})
    counts = {value: n for value, _label, n in response.context["phase_counts"]}
    assert counts == {
        Phase.VERKENNING: 1,
        Phase.VORMING: 0,
        Phase.AMBITIE_PLAN: 0,
        Phase.UITVOERING: 0,
        Phase.BORGING: 2,
    }
    body = response.content.decode()
    assert re.search(
        r'href="/\?phase=borging"><span class="phase-glance-count">2</span> '
        r'<span class="phase-glance-label">Borging</span>',
        body,
    )


def test_the_map_places_a_coalition_at_its_gemeente_partner_and_lists_those_without(client):
    placed = CoalitionFactory(name="Delft")
    CoalitionPartnerFactory(
        coalition=placed,
        organisation__name="Gemeente Delft",
        organisation__category=Category.GEMEENTE,
        organisation__latitude=decimal.Decimal("52.0116"),
        organisation__longitude=decimal.Decimal("4.3571"),
    )
    CoalitionPartnerFactory(  # a located partner that is no gemeente does not place it
        coalition=placed,
        organisation__category=Category.GGD,
        organisation__latitude=decimal.Decimal("53.2"),
        organisation__longitude=decimal.Decimal("6.5"),
    )
    ended = CoalitionFactory(name="Ergens")
    CoalitionPartnerFactory(  # a gemeente no longer partner does not place it either
        coalition=ended,
        organisation__category=Category.GEMEENTE,
        organisation__latitude=decimal.Decimal("52.5"),
        organisation__longitude=decimal.Decimal("5.5"),
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2021, 1, 1),
    )
    response = client.get("/")
    assert map_points(response) == [
        {
            "name": "Delft",
            "url": placed.get_absolute_url(),
            "phase": placed.get_phase_display(),
            "place": "Gemeente Delft",
            "lat": 52.0116,
            "lng": 4.3571,
        }
    ]
    unmapped = response.content.decode().split('class="small unmapped-list"')[1].split("</ul>")[0]
    assert "Ergens" in unmapped and "Delft" not in unmapped


def test_the_map_follows_the_search(client):
    for name, lat in (("Delft", "52.0"), ("Zwolle", "52.5")):
        coalition = CoalitionFactory(name=name)
        CoalitionPartnerFactory(
            coalition=coalition,
            organisation__category=Category.GEMEENTE,
            organisation__latitude=decimal.Decimal(lat),
            organisation__longitude=decimal.Decimal("5.0"),
        )
    assert [p["name"] for p in map_points(client.get("/", {"q": "Zwolle"}))] == ["Zwolle"]


def test_the_column_headers_sort_and_keep_the_search_but_start_at_page_one(client):
    CoalitionFactory(name="Aa")
    body = client.get("/", {"q": "Aa", "pagina": "1", "sort": "fase"}).content.decode()
    assert '<a href="?q=Aa&amp;sort=bijgewerkt" class="sort-link">Bijgewerkt</a>' in body
    assert '<a href="?q=Aa" class="sort-link">Coalitie</a>' in body
    assert '<th scope="col" rowspan="2" aria-sort="ascending"><a href="?q=Aa&amp;sort=fase"' in body
