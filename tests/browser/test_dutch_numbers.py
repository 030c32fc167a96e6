"""Dutch numbers in real Chromium with a Dutch locale: "7,1" typed into the figure form is
stored as 7.1 (a `type=number` input once turned it into 71) and "52,0116" as a latitude as
52.0116; an implausible figure gets a Dutch message beside its field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Organisation
from pijlers.models import Measurement
from tests.browser.conftest import login_as, page_errors
from tests.factories import CoalitionPartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_editor_types_dutch_numbers_and_they_are_stored_as_meant(page, editor, coalition):
    assert page.evaluate("navigator.language") == "nl-NL"
    login_as(page, editor)

    page.goto(reverse("pijlers:measurement_add", args=[coalition.slug]))
    page.get_by_label("Indicator").select_option(label="Vroeggeboorte (vóór 37 weken)")
    page.get_by_label("Periode").fill("2021")
    page.get_by_label("Waarde").fill("171")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("de waarde ligt tussen 0 en 100").wait_for()
    assert not Measurement.objects.exists()

    page.get_by_label("Waarde").fill("7,1")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert Measurement.objects.get().value == Decimal("7.1")

    organisation = CoalitionPartnerFactory(coalition=coalition).organisation
    url = reverse("partners:workspace_organisation_edit", args=[coalition.slug, organisation.pk])
    page.goto(url)
    page.get_by_label("Breedtegraad").fill("52,0116")
    page.get_by_label("Lengtegraad").fill("4,3571")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.latitude == Decimal("52.0116")
    assert organisation.longitude == Decimal("4.3571")

    page.goto(url)  # shown again the Dutch way
    assert page.get_by_label("Breedtegraad").input_value() == "52,0116"
    assert page_errors(page) == []
