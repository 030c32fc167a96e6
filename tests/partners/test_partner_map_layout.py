"""The partner map's legend and its list of far-away partners (issue 16)."""

import decimal
import json

import pytest
from django.urls import reverse

from partners.models import Category
from tests.factories import CoalitionPartnerFactory

pytestmark = pytest.mark.django_db

# Around Delft, and one partner in Groningen (~200 km away).
DELFT = [
    ("Verloskundigen Delft", Category.VERLOSKUNDIGEN, "52.0116", "4.3571"),
    ("Wijkteam Delft", Category.WIJKTEAM, "52.0099", "4.3679"),
    ("GGD Haaglanden", Category.GGD, "52.0700", "4.3000"),
]
GRONINGEN = ("Landelijk Kenniscentrum", Category.ZORGVERZEKERAAR, "53.2194", "6.5665")


def partner(coalition, name, category, lat, lng):
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation__name=name,
        organisation__category=category,
        organisation__latitude=decimal.Decimal(lat),
        organisation__longitude=decimal.Decimal(lng),
    )


def markers(body):
    return json.loads(
        body.split('id="partner-map-markers" type="application/json">')[1].split("</script>")[0]
    )


def get(client, coalition):
    response = client.get(reverse("partners:map", args=[coalition.slug]))
    return response, response.content.decode()


def test_a_partner_far_from_the_others_is_listed_apart_and_kept_out_of_the_first_view(
    client, coalition
):
    for row in [*DELFT, GRONINGEN]:
        partner(coalition, *row)
    response, body = get(client, coalition)
    assert [p.organisation.name for p in response.context["far_away"]] == [
        "Landelijk Kenniscentrum"
    ]
    assert "Landelijk Kenniscentrum" not in [
        p.organisation.name for p in response.context["located"]
    ]
    far_list = body.split('id="partner-map-far"')[1].split("</ul>")[0]
    assert "Landelijk Kenniscentrum" in far_list
    assert "Verder weg" in body and "meer dan 50 km" in body
    assert {m["name"]: m["far"] for m in markers(body)} == {
        "Verloskundigen Delft": False,
        "Wijkteam Delft": False,
        "GGD Haaglanden": False,
        "Landelijk Kenniscentrum": True,  # still on the map when zoomed out
    }


def test_partners_in_one_area_are_all_near_and_there_is_no_far_away_list(client, coalition):
    for row in DELFT:
        partner(coalition, *row)
    response, body = get(client, coalition)
    assert response.context["far_away"] == []
    assert 'id="partner-map-far"' not in body


def test_the_legend_names_the_colour_of_each_domain_on_the_map(client, coalition):
    for row in DELFT:
        partner(coalition, *row)
    _response, body = get(client, coalition)
    legend = body.split('class="map-legend')[1].split("</ul>")[0]
    assert 'partner-marker--medisch map-legend-swatch" aria-hidden="true"></span> Medisch' in legend
    assert "partner-marker--sociaal" in legend
    assert "partner-marker--publieke_gezondheid" in legend
    assert "partner-marker--informeel" not in legend  # no such partner on the map


def test_the_map_page_loads_the_cluster_library_from_our_own_static_files(client, coalition):
    _response, body = get(client, coalition)
    assert "/static/vendor/leaflet.markercluster/dist/leaflet.markercluster.js" in body
