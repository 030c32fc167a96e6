"""The partner map in Chromium: it opens on the coalition's area, names show on focus."""

import decimal

import pytest

from partners.models import Category
from tests.browser.conftest import page_errors
from tests.factories import CoalitionPartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def delft_and_one_far(coalition):
    rows = [
        ("Verloskundigen Delft", Category.VERLOSKUNDIGEN, "52.0116", "4.3571"),
        ("Wijkteam Delft", Category.WIJKTEAM, "52.0031", "4.3911"),
        ("GGD Haaglanden", Category.GGD, "51.9954", "4.3695"),
        ("Landelijk Kenniscentrum", Category.ZORGVERZEKERAAR, "53.2194", "6.5665"),
    ]
    for name, category, lat, lng in rows:
        CoalitionPartnerFactory(
            coalition=coalition,
            organisation__name=name,
            organisation__category=category,
            organisation__latitude=decimal.Decimal(lat),
            organisation__longitude=decimal.Decimal(lng),
        )
    return coalition


def test_the_map_opens_on_the_coalitions_area_and_names_a_marker_on_keyboard_focus(
    page, delft_and_one_far
):
    page.goto(f"/coalities/{delft_and_one_far.slug}/partners/")
    near = page.get_by_role("button", name="Wijkteam Delft (Sociaal)")
    near.wait_for()
    # The far partner is listed apart and did not pull the map out to the whole country:
    # the three in Delft are separate markers, not one cluster, and Groningen is off screen.
    assert page.locator("#partner-map .leaflet-marker-icon.partner-marker").count() == 3
    assert page.locator("#partner-map .marker-cluster").count() == 0
    assert "Landelijk Kenniscentrum" in page.locator("#partner-map-far").inner_text()
    assert page.locator(".map-legend").inner_text().split() == [
        "Medisch",
        "Publieke",
        "gezondheid",
        "Sociaal",
    ]
    near.focus()
    assert page.locator(".leaflet-tooltip").inner_text() == "Wijkteam Delft"
    assert page_errors(page) == []
