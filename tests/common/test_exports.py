"""The one exporter in use: real date and number cells in XLSX, a Dutch sheet name, Dutch dates
and numbers in CSV, and files that import again without changing anything."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.urls import reverse

from common.imports import read_table
from common.spreadsheets import export_bytes, sheet_name
from partners.models import CoalitionPartner, Organisation
from partners.resources import CoalitionPartnerResource, OrganisationResource
from tests.common.roundtrip import FORMAT_INDEX, admin_export
from tests.factories import CoalitionPartnerFactory, OrganisationFactory

NAMES = ["Café Zuid", "'s-Hertogenbosch Zorg", "=1+1 Zorg", "Gemeente Súdwest-Fryslân"]


def cells(content: bytes) -> tuple[openpyxl.worksheet.worksheet.Worksheet, dict]:
    """The first sheet and {header: the cells of that column}."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    return sheet, {h: [row[i] for row in rows[1:]] for i, h in enumerate(headers)}


def csv_dicts(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# --- the exporter alone ----------------------------------------------------------------------


def test_dates_and_numbers_are_real_cells_in_xlsx_and_dutch_text_in_csv():
    dataset = tablib.Dataset(
        ["Café Zuid", datetime.date(2024, 6, 1), Decimal("52.0116"), 12, True],
        headers=["naam", "sinds", "breedtegraad", "partners", "actief"],
        title="Organisaties",
    )
    sheet, columns = cells(export_bytes(dataset, "xlsx"))
    assert sheet.title == "Organisaties"
    assert columns["sinds"][0].is_date and columns["sinds"][0].number_format == "DD-MM-YYYY"
    assert columns["breedtegraad"][0].data_type == "n"
    assert columns["partners"][0].value == 12
    assert columns["actief"][0].value == "ja"
    assert columns["naam"][0].value == "Café Zuid"

    [row] = csv_dicts(export_bytes(dataset, "csv"))
    assert row == {
        "naam": "Café Zuid",
        "sinds": "01-06-2024",
        "breedtegraad": "52,0116",
        "partners": "12",
        "actief": "ja",
    }


def test_a_sheet_name_is_never_tablibs_default_and_always_one_excel_accepts():
    assert sheet_name("") == "Gegevens"
    assert sheet_name(None) == "Gegevens"
    assert sheet_name("Voortgang 01/06/2025: [concept]") == "Voortgang 01-06-2025- -concept-"
    assert len(sheet_name("x" * 40)) == 31
    content = export_bytes(tablib.Dataset(["a"], headers=["b"]), "xlsx")
    assert openpyxl.load_workbook(io.BytesIO(content)).active.title == "Gegevens"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_names_dates_and_numbers_read_back_as_they_were_exported(fmt):
    dataset = tablib.Dataset(headers=["naam", "sinds", "waarde"])
    for name in NAMES:
        dataset.append([name, datetime.date(2024, 6, 1), Decimal("7.1")])
    rows = read_table(export_bytes(dataset, fmt), fmt).dict
    assert [r["naam"] for r in rows] == NAMES  # no apostrophe added, none taken away
    from common.imports import DateWidget, parse_decimal

    assert {DateWidget().clean(r["sinds"]) for r in rows} == {datetime.date(2024, 6, 1)}
    assert {parse_decimal(r["waarde"]) for r in rows} == {Decimal("7.1")}


# --- the admin's exports ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_export_has_a_dutch_sheet_and_file_name_and_number_cells(admin_client):
    OrganisationFactory(name="Café Zuid", latitude=Decimal("52.0116"))
    response = admin_client.post(
        reverse("admin:partners_organisation_export"),
        {
            "format": FORMAT_INDEX["xlsx"],
            "resource": "0",
            **{
                f"organisationresource_{n}": "on" for n in OrganisationResource().get_export_order()
            },
        },
    )
    today = datetime.date.today().strftime("%d-%m-%Y")
    assert f'filename="organisaties-{today}.xlsx"' in response["Content-Disposition"]
    sheet, columns = cells(response.content)
    assert sheet.title == "Organisaties"
    assert columns["breedtegraad"][0].data_type == "n"
    assert columns["breedtegraad"][0].value == pytest.approx(52.0116)


@pytest.mark.django_db
def test_the_admin_export_writes_dates_as_date_cells_and_as_dd_mm_jjjj_in_csv(
    admin_client, coalition
):
    CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2024, 6, 1))
    xlsx = admin_export(admin_client, "partners_coalitionpartner", CoalitionPartnerResource, "xlsx")
    sheet, columns = cells(xlsx)
    assert sheet.title == "Coalitiepartners"
    assert columns["sinds"][0].is_date
    assert columns["sinds"][0].value == datetime.datetime(2024, 6, 1)
    content = admin_export(
        admin_client, "partners_coalitionpartner", CoalitionPartnerResource, "csv"
    )
    assert csv_dicts(content)[0]["sinds"] == "01-06-2024"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imported_again_changes_nothing(admin_client, fmt):
    for n, name in enumerate(NAMES):
        OrganisationFactory(name=name, postcode=f"{2611 + n} HX", latitude=Decimal("52.0116"))
    before = sorted(Organisation.objects.values_list("name", "postcode", "latitude", "category"))
    content = admin_export(admin_client, "partners_organisation", OrganisationResource, fmt)

    upload = io.BytesIO(content)
    upload.name = f"organisaties.{fmt}"
    preview = admin_client.post(
        reverse("admin:partners_organisation_import"),
        {"import_file": upload, "format": FORMAT_INDEX[fmt], "resource": "0"},
    )

    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, len(NAMES))
    after = sorted(Organisation.objects.values_list("name", "postcode", "latitude", "category"))
    assert after == before


@pytest.mark.django_db
def test_the_export_page_is_dutch_and_select_all_needs_no_inline_script(admin_client):
    html = admin_client.get(reverse("admin:partners_organisation_export")).content.decode()
    assert "Alles selecteren" in html and "Select all" not in html
    assert "onchange=" not in html and "onclick=" not in html
    assert "js/import-export-admin.js" in html
    assert "export_selectable_fields.js" not in html  # its handler was inline
    assert "XLSX (Excel)" in html and "CSV (puntkomma of komma)" in html
    assert "Naam" in html and "Name (naam)" not in html  # columns by their Dutch names
    assert "<script>" not in html  # no inline script at all


@pytest.mark.django_db
def test_a_partnership_export_round_trips_its_dates(admin_client, coalition):
    CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2024, 6, 1))
    for fmt in ("csv", "xlsx"):
        content = admin_export(
            admin_client, "partners_coalitionpartner", CoalitionPartnerResource, fmt
        )
        upload = io.BytesIO(content)
        upload.name = f"partners.{fmt}"
        preview = admin_client.post(
            reverse("admin:partners_coalitionpartner_import"),
            {"import_file": upload, "format": FORMAT_INDEX[fmt], "resource": "0"},
        )
        assert preview.context["result"].totals["skip"] == 1, fmt
    assert CoalitionPartner.objects.get().since == datetime.date(2024, 6, 1)


@pytest.mark.django_db
def test_an_export_without_any_column_is_refused_in_dutch(admin_client):
    response = admin_client.post(
        reverse("admin:partners_organisation_export"),
        {"format": FORMAT_INDEX["csv"], "resource": "0"},
    )
    html = response.content.decode()
    assert "Kies ten minste één kolom om te exporteren." in html
    assert "Select at least" not in html
