"""The home page in real Chromium: the map clusters the coalitions; no sideways scroll."""

import decimal

import pytest

from partners.models import Category
from tests.browser.conftest import axe_violations, page_errors, screenshot
from tests.factories import CoalitionFactory, CoalitionPartnerFactory, GemeenteFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def coalitions_on_the_map(db):
    # Twelve coalitions around Delft (they cluster at the country's zoom), three far apart.
    spots = [(52.0 + i * 0.01, 4.35 + i * 0.01) for i in range(12)]
    spots += [(53.2194, 6.5665), (50.8514, 5.6910), (52.5168, 6.0830)]
    for i, (lat, lng) in enumerate(spots):
        coalition = CoalitionFactory(
            name=f"Coalitie met een heel lange samengestelde naam {i:02d}",
            gemeenten=[GemeenteFactory(name=f"Gemeentewerkgebiedsdorp {i:02d}")],
        )
        CoalitionPartnerFactory(
            coalition=coalition,
            organisation__name=f"Gemeente {i:02d}",
            organisation__category=Category.GEMEENTE,
            organisation__latitude=decimal.Decimal(str(lat)),
            organisation__longitude=decimal.Decimal(str(lng)),
        )
    CoalitionFactory(name="Coalitie zonder locatie")
    return len(spots)


def test_the_home_map_clusters_coalitions_at_1366_and_nothing_scrolls_sideways_at_390(
    browser, page, coalitions_on_the_map
):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/")
    page.locator("#home-map .marker-cluster").first.wait_for()
    assert page.locator("#home-map").get_attribute("data-markers-placed") == str(
        coalitions_on_the_map
    )
    # The twelve near Delft gather in clusters; the far ones stand alone as markers.
    assert page.locator("#home-map .leaflet-marker-icon:not(.marker-cluster)").count() >= 3
    assert "Coalitie zonder locatie" in page.locator(".unmapped-list").inner_text()
    screenshot(page, "home-1366")
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    page.locator("#home-map .leaflet-marker-icon").first.wait_for()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    screenshot(page, "home-390")
    assert page_errors(page) == []
