"""Bad input at the denkraam forms and the measurement import (CSV and XLSX, via the workspace):
never a 500, Dutch errors, escaped HTML, nothing written from a bad file."""

import csv
import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from pijlers.models import Indicator, Measurement
from pijlers.resources import COLUMNS
from tests.factories import (
    CoalitionPartnerFactory,
    InterventionFactory,
    NeededExpertiseFactory,
    OfferingFactory,
)
from tests.fuzz import ENGLISH, FUZZ_SETTINGS, SCRIPT, any_value, current, fuzz_form

pytestmark = pytest.mark.django_db


def test_pillar_assessment_form_survives_bad_input(client, editor, coalition):
    client.force_login(editor)
    url = reverse("pijlers:assess", args=[coalition.slug, 1])
    valid = current(client, url, level="verkennend")
    answers = [name for name in valid() if name.startswith("answer_")][:2]
    fuzz_form(client, url, valid, ["date", "level", "notes", "next_actions", *answers])


def test_measurement_add_form_survives_bad_input(client, editor, coalition):
    client.force_login(editor)
    url = reverse("pijlers:measurement_add", args=[coalition.slug])
    indicator = Indicator.objects.get(code="vroeggeboorte").pk
    valid = current(client, url, indicator=indicator, period="2023", value="4.5", source="X")
    fields = ["gemeente", "indicator", "period", "value", "source", "small_numbers"]
    fuzz_form(client, url, valid, fields)


def test_offering_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    intervention = InterventionFactory()
    client.force_login(editor)
    add = reverse("pijlers:offering_add", args=[coalition.slug])
    valid = {
        "partner": partner.pk,
        "intervention": intervention.pk,
        "life_phases": ["zwangerschap"],
        "vulnerability_levels": ["kwetsbaar"],
    }
    assert client.post(add, valid).status_code == 302  # the fuzzing starts from a valid form
    fields = ["partner", "intervention", "life_phases", "vulnerability_levels", "notes"]
    fuzz_form(client, add, valid, fields, max_examples=20)
    offering = OfferingFactory(partner=partner)
    edit = reverse("pijlers:offering_edit", args=[coalition.slug, offering.pk])
    fuzz_form(client, edit, current(client, edit), fields, max_examples=20)


def test_expertise_form_survives_bad_input(client, editor, coalition):
    CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    add = reverse("pijlers:expertise_add", args=[coalition.slug])
    fields = ["name", "description", "order", "covered_by"]
    fuzz_form(client, add, current(client, add, name="Lactatiekunde"), fields, max_examples=20)
    item = NeededExpertiseFactory(coalition=coalition)
    edit = reverse("pijlers:expertise_edit", args=[coalition.slug, item.pk])
    fuzz_form(client, edit, current(client, edit), fields, max_examples=20)


# --- the measurement import: files with arbitrary cells --------------------------------------

# openpyxl cannot write control characters at all, so an XLSX file never holds them.
ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell(valid):
    return st.one_of(st.sampled_from(valid), any_value)


def rows_strategy(coalition_code):
    return st.lists(
        st.fixed_dictionaries(
            {
                "gemeente": cell([coalition_code, "NL", "GM0000", "Delft"]),
                "indicator": cell(["vroeggeboorte", "sga", "onbekend"]),
                "periode": cell(["2023", "2022-2023", "2023-Q1"]),
                "waarde": cell(["4,5", "12.3", "-1", "101"]),
                "bron": cell(["Perined", ""]),
                "minder_dan_10": cell(["ja", "nee", ""]),
            }
        ),
        min_size=1,
        max_size=4,
    )


def as_file(rows, fmt):
    headers = [*COLUMNS, "minder_dan_10"]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row[h] for h in headers])
        return SimpleUploadedFile("cijfers.csv", out.getvalue().encode())
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([ILLEGAL_IN_XLSX.sub("", row[h]) for h in headers])
    return SimpleUploadedFile("cijfers.xlsx", dataset.export("xlsx"))


def check_import_page(response):
    assert response.status_code in (200, 302), response.status_code
    html = response.content.decode(errors="replace")
    assert SCRIPT not in html
    assert "<img src=x" not in html
    for english in ENGLISH:
        assert english not in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_measurement_import_survives_bad_files_and_writes_all_or_nothing(
    client, editor, coalition, fmt
):
    client.force_login(editor)
    url = reverse("pijlers:measurement_import", args=[coalition.slug])
    code = coalition.gemeenten.get().cbs_code
    good = {"gemeente": code, "indicator": "sga", "periode": "2023", "waarde": "4,5", "bron": "P"}
    preview = client.post(url, {"file": as_file([good | {"minder_dan_10": ""}], fmt)})
    assert preview.context["staged"]  # a good file reaches the preview

    @FUZZ_SETTINGS
    @example([dict.fromkeys([*COLUMNS, "minder_dan_10"], SCRIPT)])
    @example(
        [
            {"gemeente": code, "indicator": "sga", "periode": "2023", "waarde": "4,5",
             "bron": "Perined", "minder_dan_10": ""},
        ]
    )  # fmt: skip
    @given(rows_strategy(code))
    def run(rows):
        Measurement.objects.all().delete()
        response = client.post(url, {"file": as_file(rows, fmt)})
        check_import_page(response)
        staged = response.context.get("staged")
        if not staged:
            assert not Measurement.objects.exists()  # a refused file writes nothing
            return
        response = client.post(url, {"step": "confirm", "staged": staged})
        check_import_page(response)
        assert response.status_code == 302
        assert Measurement.objects.count() == len({(r["gemeente"], r["indicator"]) for r in rows})

    run()
