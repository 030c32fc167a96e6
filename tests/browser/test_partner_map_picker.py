"""The partner map's editing side in Chromium: an editor places a new organisation by clicking
the form's map (fields filled the Dutch way, saved where clicked), and the folded "wie werkt
met wie" tables arrive when their summary is opened. Tiles are blocked (the page fixture keeps
every request local): clicking and the tables must not need them."""

import decimal

import pytest
from django.urls import reverse

from partners.models import Category, Organisation
from tests.browser.conftest import axe_violations, login_as, page_errors, screenshot
from tests.factories import CoalitionPartnerFactory, PartnerRelationFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

DELFT = [
    ("Verloskundigen Delft", Category.VERLOSKUNDIGEN, "52.0116", "4.3571"),
    ("Wijkteam Delft", Category.WIJKTEAM, "52.0031", "4.3911"),
    ("GGD Haaglanden", Category.GGD, "51.9954", "4.3695"),
]


@pytest.fixture
def delft(coalition):
    partners = [
        CoalitionPartnerFactory(
            coalition=coalition,
            organisation__name=name,
            organisation__category=category,
            organisation__latitude=decimal.Decimal(lat),
            organisation__longitude=decimal.Decimal(lng),
        )
        for name, category, lat, lng in DELFT
    ]
    PartnerRelationFactory(source=partners[0], target=partners[1])  # a bridge
    return coalition


def dutch_number(field) -> float:
    value = field.input_value()
    assert "," in value and "." not in value, value  # as the field expects: "52,0031"
    return float(value.replace(",", "."))


def test_editor_places_a_new_organisation_by_clicking_the_map(page, editor, delft):
    login_as(page, editor)
    page.goto(reverse("partners:workspace_organisation_create", args=[delft.slug]))
    page.get_by_label("Naam").fill("Moedercafé Op De Kaart")
    page.get_by_label("Categorie").select_option(label="Moedercafé")
    latitude, longitude = page.get_by_label("Breedtegraad"), page.get_by_label("Lengtegraad")
    assert latitude.input_value() == "" and longitude.input_value() == ""

    # The map opens on the middle of the coalition's partners (52,0031; 4,3695).
    box = page.locator(".location-picker-map")
    page.locator("[data-location-picker][data-ready]").wait_for()
    size = box.bounding_box()
    box.click(position={"x": size["width"] / 2, "y": size["height"] / 2})
    assert abs(dutch_number(latitude) - 52.0031) < 0.001
    assert abs(dutch_number(longitude) - 4.3695) < 0.001
    assert page.locator(".location-pin").count() == 1
    assert "Locatie gekozen: " in page.get_by_role("status").filter(has_text="Locatie").inner_text()

    # A second click further east moves the pin and the fields with it.
    box.click(position={"x": size["width"] / 2 + 120, "y": size["height"] / 2})
    east = dutch_number(longitude)
    assert east > 4.3695 + 0.005
    assert page.locator(".location-pin").count() == 1
    chosen = (dutch_number(latitude), east)
    screenshot(page, "location-picker-clicked")

    page.get_by_role("button", name="Aanmaken en toevoegen").click()
    page.get_by_text("Moedercafé Op De Kaart is aangemaakt en toegevoegd als partner.").wait_for()
    organisation = Organisation.objects.get(name="Moedercafé Op De Kaart")
    assert abs(float(organisation.latitude) - chosen[0]) < 0.000001
    assert abs(float(organisation.longitude) - chosen[1]) < 0.000001

    # Its edit form opens with the pin where it was saved, and fits a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(reverse("partners:workspace_organisation_edit", args=[delft.slug, organisation.pk]))
    page.locator("[data-location-picker][data-ready]").wait_for()
    pin = page.locator(".location-pin")
    assert pin.count() == 1
    # Typing stays a way in, and moves the marker to the typed place.
    before = pin.bounding_box()
    page.get_by_label("Lengtegraad").fill(f"{chosen[1] + 0.002:.6f}".replace(".", ","))
    page.get_by_label("Lengtegraad").press("Tab")
    assert pin.bounding_box()["x"] > before["x"] + 10
    assert page.evaluate(SIDEWAYS) <= 0
    assert axe_violations(page) == []
    assert page_errors(page) == []


def test_the_folded_tables_arrive_when_their_summary_is_opened(page, member, delft):
    page.goto(f"/coalities/{delft.slug}/partners/")
    # The map above still names a marker on hover (focus: test_partner_map_clusters.py).
    page.get_by_role("button", name="Wijkteam Delft (Sociaal)").hover()
    assert page.locator(".leaflet-tooltip").inner_text() == "Wijkteam Delft"
    folded = page.locator("details.connection-tables")
    assert "1 brug" in folded.locator("summary").inner_text()
    assert page.locator("table.per-partner").count() == 0
    folded.locator("summary").click()
    page.locator("table.per-partner").wait_for()
    assert "Verloskundigen Delft" in page.locator("table.bridges").inner_text()
    assert folded.get_attribute("data-state") == "loaded"
    assert axe_violations(page) == []

    # The members' map fetches the members' tables.
    login_as(page, member)
    page.goto(reverse("partners:workspace_map", args=[delft.slug]))
    page.locator("details.connection-tables summary").click()
    page.locator("table.per-partner").wait_for()
    assert "Wijkteam Delft" in page.locator("table.bridges").inner_text()
    screenshot(page, "partner-map-tables-opened")

    # The tables' own page (without JavaScript) and the form's map fit a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    for url in (
        reverse("partners:connections", args=[delft.slug]),
        reverse("partners:workspace_connections", args=[delft.slug]),
    ):
        page.goto(url)
        page.locator("table.per-partner").wait_for()
        assert page.evaluate(SIDEWAYS) <= 0, url
    assert page_errors(page) == []
