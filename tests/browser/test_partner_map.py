"""The partner map in real Chromium: markers, list and no JavaScript errors without tiles."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from partners.models import Category
from tests.browser.conftest import axe_violations, login_as, page_errors, screenshot
from tests.factories import CoalitionPartnerFactory, ContactPersonFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TILE_HOST = urlsplit(settings.MAP_TILE_URL.replace("{s}", "a")).netloc


@pytest.fixture
def map_coalition(coalition):
    located = [
        ("Verloskundigen Centrum", Category.VERLOSKUNDIGEN, 52.0116, 4.3571),
        ("Ziekenhuis Oost", Category.ZIEKENHUIS, 52.0099, 4.3679),
        ("Welzijn Samen", Category.WELZIJN, 51.9954, 4.3695),
        ("JGZ Regio", Category.JGZ, 52.0031, 4.3911),
    ]
    for name, category, lat, lng in located:
        org = OrganisationFactory(name=name, category=category, latitude=lat, longitude=lng)
        CoalitionPartnerFactory(coalition=coalition, organisation=org)
    org = OrganisationFactory(
        name="Moedercafé Zonder Adres", category=Category.MOEDERCAFE, latitude=None, longitude=None
    )
    partnership = CoalitionPartnerFactory(coalition=coalition, organisation=org)
    ContactPersonFactory(
        partnership=partnership, name="Noor Testpersoon", email="noor@cafe.example"
    )
    return coalition


def test_member_sees_markers_and_list_when_tiles_cannot_load(page, member, map_coalition):
    tile_requests = []

    def fail_tile(route):
        tile_requests.append(route.request.url)
        route.abort()

    page.route(f"https://{TILE_HOST}/**", fail_tile)
    login_as(page, member)
    page.goto(f"/coalities/{map_coalition.slug}/partners/")

    markers = page.locator("#partner-map .leaflet-marker-icon.partner-marker")
    markers.first.wait_for()
    assert markers.count() == 4
    assert page.locator("#partner-map").get_attribute("data-markers-placed") == "4"
    assert page.get_by_role("button", name="Ziekenhuis Oost (Medisch)").is_visible()
    assert page.locator("#partner-map-list li").count() == 4
    assert page.locator(".unlocated-list").inner_text() == "Moedercafé Zonder Adres (Delft)"
    assert page.get_by_text("Noor Testpersoon").is_visible()  # a member sees contacts

    page.get_by_text("De kaartachtergrond kan niet worden geladen").wait_for()
    assert tile_requests, "the map asked for tiles"
    # The list beside the map highlights the organisation whose popup opens.
    page.get_by_role("button", name="Welzijn Samen (Sociaal)").click()
    assert page.locator(".leaflet-popup-content").inner_text().startswith("Welzijn Samen")
    assert "is-highlighted" in page.locator(
        "#partner-map-list li", has_text="Welzijn"
    ).get_attribute("class")
    screenshot(page, "partner-map-member-no-tiles")
    assert page_errors(page) == []


def test_anonymous_visitor_without_javascript_reads_the_whole_list(no_js_page, map_coalition):
    no_js_page.goto(f"/coalities/{map_coalition.slug}/partners/")
    assert no_js_page.get_by_text("De kaart heeft JavaScript nodig").is_visible()
    assert no_js_page.locator("#partner-map-list li").count() == 4
    assert no_js_page.get_by_role("heading", name="Welzijn Samen").is_visible()
    body = no_js_page.locator("body").inner_text()
    assert "Noor Testpersoon" not in body
    assert "noor@cafe.example" not in no_js_page.content()
    # The filter form is a plain GET form.
    no_js_page.get_by_label("Domein", exact=True).select_option("sociaal")
    no_js_page.get_by_role("button", name="Filteren").click()
    no_js_page.wait_for_url("**domain=sociaal**")
    assert no_js_page.locator(".partner-card").count() == 1
    screenshot(no_js_page, "partner-map-anonymous-no-js")


def test_partner_map_has_no_serious_accessibility_violations(page, member, map_coalition):
    login_as(page, member)
    page.goto(f"/coalities/{map_coalition.slug}/partners/?level=uitvoering")
    page.locator("#partner-map .partner-marker").first.wait_for()
    assert axe_violations(page) == []
