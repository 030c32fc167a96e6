"""Export of the partner map's visible list to CSV and XLSX, under the page's privacy rule."""

import csv
import io
import re

import pytest
import tablib
from django.urls import reverse

from tests.partners.conftest import PERSONAL

pytestmark = pytest.mark.django_db


def export(client, coalition, fmt="csv", **params):
    return client.get(reverse("partners:map_export", args=[coalition.slug, fmt]), params)


def csv_rows(response):
    # The byte-order mark makes Excel read the accents; Python drops it with utf-8-sig.
    # Semicolons, as Dutch Excel expects.
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_member_gets_the_visible_list_with_contact_people(client, member, coalition, map_partners):
    client.force_login(member)
    response = export(client, coalition)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="partners-delft-test.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = {row["organisatie"]: row for row in csv_rows(response)}
    assert set(rows) == {"Verloskundigen Centrum", "Ziekenhuis Oost", "Welzijn Samen", "JGZ Regio"}
    assert rows["Verloskundigen Centrum"]["contactpersonen"] == (
        "Ilse Voorbeeld (Verloskundige) ilse@verloskundigen.example 015 111 2233"
    )
    assert rows["Ziekenhuis Oost"]["contactpersonen"] == ""
    assert rows["Welzijn Samen"]["domein"] == "Sociaal"
    assert rows["Welzijn Samen"]["niveaus"] == "Management / beleid, Uitvoering"
    assert rows["JGZ Regio"]["breedtegraad"] == ""


@pytest.mark.parametrize("user_fixture", [None, "other_editor", "outsider"])
def test_everyone_else_gets_no_contact_column_and_no_personal_data(
    client, request, coalition, map_partners, user_fixture
):
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    response = export(client, coalition)
    body = response.content.decode()
    assert "contactpersonen" not in body.splitlines()[0]
    for text in PERSONAL:
        assert text not in body
    assert len(csv_rows(response)) == 4


def test_export_contains_exactly_the_filtered_list_in_the_pages_order(
    client, member, coalition, map_partners
):
    client.force_login(member)
    params = {"level": "uitvoering"}
    page = client.get(reverse("partners:map", args=[coalition.slug]), params)
    shown = [p.organisation.name for p in page.context["visible"]]
    assert shown == ["Verloskundigen Centrum", "JGZ Regio", "Welzijn Samen"]  # by domain
    exported = [row["organisatie"] for row in csv_rows(export(client, coalition, **params))]
    assert exported == shown
    body = export(client, coalition, **params).content.decode()
    assert "Ziekenhuis Oost" not in body
    assert "Bram Proef" in body


def test_export_links_on_the_page_carry_the_filters(client, coalition, map_partners):
    body = client.get(
        reverse("partners:map", args=[coalition.slug]), {"domain": "medisch"}
    ).content.decode()
    assert f"{reverse('partners:map_export', args=[coalition.slug, 'xlsx'])}?domain=medisch" in body


def test_xlsx_export_for_member_and_anonymous(client, member, coalition, map_partners):
    anonymous = tablib.Dataset().load(export(client, coalition, "xlsx").content, format="xlsx")
    assert "contactpersonen" not in anonymous.headers
    assert sorted(anonymous["organisatie"]) == [
        "JGZ Regio",
        "Verloskundigen Centrum",
        "Welzijn Samen",
        "Ziekenhuis Oost",
    ]
    for text in PERSONAL:
        assert all(text not in str(cell) for row in anonymous for cell in row)

    client.force_login(member)
    response = export(client, coalition, "xlsx", domain="sociaal")
    assert "spreadsheetml" in response["Content-Type"]
    dataset = tablib.Dataset().load(response.content, format="xlsx")
    assert dataset["organisatie"] == ["Welzijn Samen"]
    assert dataset["contactpersonen"] == [
        "Bram Proef (Opbouwwerker) bram@welzijn.example 015 444 5566"
    ]


def test_unknown_export_format_is_404(client, coalition, map_partners):
    assert export(client, coalition, "pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_map_export_keeps_formulae_as_text_and_reads_back_unchanged(
    client, member, coalition, fmt
):
    from tests.common.roundtrip import FORMULAE, assert_written_as_text, read_back
    from tests.factories import CoalitionPartnerFactory

    for text in FORMULAE:
        CoalitionPartnerFactory(coalition=coalition, organisation__name=text)
    client.force_login(member)
    response = export(client, coalition, fmt)

    assert_written_as_text(response.content, fmt)
    assert sorted(row["organisatie"] for row in read_back(response.content, fmt)) == sorted(
        FORMULAE
    )


def test_the_xlsx_export_has_a_named_sheet_and_date_and_number_cells(
    client, member, coalition, map_partners
):
    import openpyxl

    client.force_login(member)
    response = export(client, coalition, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == f"Partners {coalition.name}"
    header = [c.value for c in sheet[1]]
    since = sheet.cell(row=2, column=header.index("partner sinds") + 1)
    latitude = sheet.cell(row=2, column=header.index("breedtegraad") + 1)
    assert since.is_date
    assert latitude.data_type == "n"


def test_the_csv_export_writes_dutch_dates_and_decimal_commas(
    client, member, coalition, map_partners
):
    client.force_login(member)
    row = csv_rows(export(client, coalition))[0]
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", row["partner sinds"])
    assert "," in row["breedtegraad"] and "." not in row["breedtegraad"]
