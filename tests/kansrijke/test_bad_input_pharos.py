"""Bad input at the Pharos pages: the report date forms (fuzzed dates in the query string) and
the organisation, partner and contact-person imports (fuzzed cells): never a 500, Dutch errors,
escaped HTML, nothing written from a file with a bad row."""

import re

import pytest
import tablib
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from partners.models import CoalitionPartner, ContactPerson, Organisation
from partners.resources import (
    CoalitionPartnerResource,
    ContactPersonResource,
    OrganisationKeyWidget,
    OrganisationResource,
)
from tests.factories import CoalitionPartnerFactory, OrganisationFactory
from tests.fuzz import ENGLISH, FUZZ_SETTINGS, SCRIPT, any_date, any_text, any_value
from tests.partners.test_import_export import CSV, XLSX, upload

pytestmark = pytest.mark.django_db

date_or_junk = st.one_of(any_date, any_value, st.just(""))


def check_page(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode(errors="replace")
    assert SCRIPT not in html and "<img src=x" not in html
    for english in ENGLISH:
        assert english not in html


@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_report_date_form_survives_bad_dates(client, pharos, coalition, export):
    client.force_login(pharos)
    url = reverse("pharos:report")

    @FUZZ_SETTINGS
    @example(on="0001-01-01", previous="")  # half a year before the first day there is
    @example(on="9999-12-31", previous="0001-01-01")
    @given(on=date_or_junk, previous=date_or_junk)
    def run(on, previous):
        response = client.get(url, {"on": on, "previous": previous, "export": export})
        if response.status_code == 200 and response.get("Content-Disposition"):
            return  # a valid date: the file itself is checked in test_exports_escape_*
        check_page(response)

    run()


def test_rivm_monitor_date_form_survives_bad_dates(client, pharos):
    client.force_login(pharos)

    @FUZZ_SETTINGS
    @example(on="0001-01-01")
    @given(on=date_or_junk)
    def run(on):
        check_page(client.get(reverse("pharos:rivm"), {"on": on}))

    run()


# --- admin imports of organisations, partnerships and contact people --------------------------


def cell(*valid):
    return st.one_of(st.sampled_from(valid), any_value)


ORGANISATION_ROW = {
    "naam": cell("Kraamzorg Fuzz", "Kraamzorg Bestaand"),
    "kvk_nummer": cell("12345678", ""),
    "categorie": cell("Kraamzorg", "kraamzorg", "Gemeente"),
    "domein": cell("", "Medisch", "sociaal"),
    "adres": any_text,
    "postcode": cell("2611 HX", "2611hx", ""),
    "plaats": cell("Delft", ""),
    "breedtegraad": cell("52.0116", ""),
    "lengtegraad": cell("4.3571", ""),
    "website": cell("https://example.org", "example.org", ""),
}
PARTNER_ROW = {
    "coalitie": cell("delft-test", "onbekend"),
    "organisatie": cell("Kraamzorg Bestaand", "Onbekend"),
    "organisatie_kvk": cell("", "87654321"),
    "organisatie_postcode": cell("", "2611 HX"),
    "rol": cell("Partner", "trekker"),
    "niveaus": cell("uitvoering", "bestuurlijk, uitvoering", ""),
    "sinds": cell("2024-01-01", "01-01-2024", ""),
    "tot": cell("", "2023-12-31"),
}
CONTACT_ROW = {
    "coalitie": cell("delft-test", "onbekend", ""),
    "organisatie": cell("Kraamzorg Bestaand"),
    "organisatie_kvk": cell(""),
    "organisatie_postcode": cell("", "2611 HX"),
    "naam": cell("Ans Verzonnen"),
    "functie": any_text,
    "email": cell("ans@example.org", "geen-adres"),
    "telefoon": cell("015 123 4567", ""),
}
RESOURCES = {
    "organisation": (OrganisationResource, ORGANISATION_ROW, Organisation),
    "coalitionpartner": (CoalitionPartnerResource, PARTNER_ROW, CoalitionPartner),
    "contactperson": (ContactPersonResource, CONTACT_ROW, ContactPerson),
}


def snapshot(model):
    return sorted(map(str, model.objects.values_list()))


@pytest.mark.parametrize("model", RESOURCES)
def test_admin_import_survives_bad_cells(coalition, model):
    existing = OrganisationFactory(
        name="Kraamzorg Bestaand", kvk_number="87654321", postcode="2611 HX"
    )
    if model == "contactperson":  # contact people belong to a coalition's partnership
        CoalitionPartnerFactory(coalition=coalition, organisation=existing)
    resource_class, row_strategy, model_class = RESOURCES[model]
    headers = list(row_strategy)

    @FUZZ_SETTINGS
    @example([dict.fromkeys(headers, SCRIPT)])
    @example([dict.fromkeys(headers, "\x00")])
    @given(st.lists(st.fixed_dictionaries(row_strategy), min_size=1, max_size=4))
    def run(rows):
        before = snapshot(model_class)
        dataset = tablib.Dataset(headers=headers)
        for row in rows:
            dataset.append([row[h] for h in headers])
        result = resource_class().import_data(dataset, dry_run=True, raise_errors=False)
        # A crash shows up as a row error with a traceback; bad data as a validation error.
        assert not result.has_errors(), [e.error for _, errs in result.row_errors() for e in errs]
        for invalid in result.invalid_rows:
            for messages in invalid.error_dict.values():
                for message in messages:
                    assert not any(english in str(message) for english in ENGLISH), message
        assert snapshot(model_class) == before  # a preview writes nothing

    run()


# openpyxl cannot write control characters, so an XLSX file never holds them.
ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.mark.parametrize("fmt", [CSV, XLSX], ids=["csv", "xlsx"])
@pytest.mark.parametrize("model", RESOURCES)
def test_admin_import_upload_shows_bad_cells_escaped_and_in_dutch(admin_client, model, fmt):
    partner = CoalitionPartnerFactory(
        coalition__slug="delft-test",
        organisation__name="Kraamzorg Bestaand",
        organisation__postcode="2611 HX",
    )
    # The rows name this organisation (no KvK number, its postcode) and the importer finds it:
    # the fuzzing also reaches rows that would change an existing record.
    key = {"organisatie_kvk": "", "organisatie_postcode": "2611 HX"}
    assert OrganisationKeyWidget().clean("Kraamzorg Bestaand", row=key) == partner.organisation
    headers = list(RESOURCES[model][1])
    _, _, model_class = RESOURCES[model]
    before = snapshot(model_class)

    @FUZZ_SETTINGS
    @example([dict.fromkeys(headers, SCRIPT)])
    @given(st.lists(st.fixed_dictionaries(dict.fromkeys(headers, any_value)), max_size=3))
    def run(rows):
        dataset = tablib.Dataset(headers=headers)
        for row in rows:
            dataset.append([ILLEGAL_IN_XLSX.sub("", row[h]) for h in headers])
        content = dataset.export("xlsx") if fmt == XLSX else dataset.export("csv").encode()
        name = "bestand.xlsx" if fmt == XLSX else "bestand.csv"
        check_page(upload(admin_client, model, content, fmt, name))
        assert snapshot(model_class) == before  # the upload is a preview: nothing written

    run()
