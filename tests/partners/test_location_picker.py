"""Placing an organisation by clicking a map on its form: the page's part (the map's box, its
settings, the fields it fills) and what saving the values it writes does. The clicking itself:
tests/browser/test_location_picker.py."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Organisation
from tests.factories import CoalitionPartnerFactory, OrganisationFactory
from tests.workspace import written_count

pytestmark = pytest.mark.django_db


def url(name, coalition, *args):
    return reverse(f"partners:{name}", args=[coalition.slug, *args])


def picker_config(client, coalition):
    body = client.get(url("workspace_organisation_create", coalition)).content.decode()
    raw = body.split('<script id="location-picker-config" type="application/json">', 1)[1]
    return json.loads(raw.split("</script>", 1)[0])


def located_partner(coalition, lat, lng, **kwargs):
    return CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(latitude=Decimal(lat), longitude=Decimal(lng), **kwargs),
    )


def test_the_new_organisation_form_has_a_map_that_fills_its_own_coordinate_fields(
    client, editor, coalition
):
    client.force_login(editor)
    body = client.get(url("workspace_organisation_create", coalition)).content.decode()
    assert 'data-latitude="id_org-latitude" data-longitude="id_org-longitude"' in body
    # Hidden until its script runs: without JavaScript the fields are the way.
    assert 'data-location-picker data-latitude="id_org-latitude"' in body
    assert 'data-longitude="id_org-longitude" hidden>' in body
    assert 'id="id_org-latitude"' in body and 'inputmode="decimal"' in body
    assert "js/location-picker.js" in body
    # The map sits below the position's fields, not after the website.
    assert body.index('id="id_org-website"') < body.index('id="id_org-latitude"')
    assert body.index('id="id_org-longitude"') < body.index("data-location-picker")


def test_the_map_opens_on_the_middle_of_the_coalitions_located_partners(
    client, editor, coalition, other_coalition
):
    located_partner(coalition, "52.0116", "4.3571")
    located_partner(coalition, "52.0031", "4.3911")
    located_partner(coalition, "51.9954", "4.3695")
    located_partner(other_coalition, "53.2194", "6.5665")  # another coalition's: not ours
    client.force_login(editor)
    config = picker_config(client, coalition)
    assert config["center"] == [52.0031, 4.3695]
    assert config["zoom"] == 12
    assert config["tileUrl"].startswith("https://")


def test_without_located_partners_the_map_opens_on_the_netherlands(client, editor, coalition):
    client.force_login(editor)
    config = picker_config(client, coalition)
    assert config["center"] == [52.1, 5.3] and config["zoom"] == 7


def test_the_organisation_edit_form_has_the_map_below_its_stored_position(
    client, editor, coalition
):
    partnership = located_partner(coalition, "52.0116", "4.3571")
    client.force_login(editor)
    body = client.get(
        url("workspace_organisation_edit", coalition, partnership.organisation_id)
    ).content.decode()
    assert 'data-latitude="id_latitude" data-longitude="id_longitude"' in body
    assert 'value="52,0116"' in body  # the pin starts where the fields say


def test_coordinates_as_a_click_writes_them_are_saved_exactly(client, editor, coalition):
    """The script writes six decimals with a comma, as a Dutch reader types them."""
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_create", coalition),
        {
            "org-name": "Moedercafé Op De Kaart",
            "org-category": "moedercafe",
            "org-latitude": "52,011612",
            "org-longitude": "4,357134",
            "partner-role": "partner",
            "partner-levels": ["uitvoering"],
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Moedercafé Op De Kaart")
    assert (org.latitude, org.longitude) == (Decimal("52.011612"), Decimal("4.357134"))


def test_a_click_outside_the_netherlands_is_refused_by_the_models_rule(client, editor, coalition):
    """The map lets one click anywhere; the one rule about positions is the model's."""
    client.force_login(editor)
    before = written_count()
    response = client.post(
        url("workspace_organisation_create", coalition),
        {
            "org-name": "Over De Grens",
            "org-category": "welzijn",
            "org-latitude": "48,856614",  # Paris
            "org-longitude": "2,352222",
            "partner-role": "partner",
        },
    )
    assert response.status_code == 200
    assert "De breedtegraad 48,856614 ligt niet in Nederland" in response.content.decode()
    assert written_count() == before
