"""The import pipeline's reading step, its Dutch cells and the zip-bomb check, alone and in the
admin."""

import datetime
import functools
import io
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from common import imports
from common.imports import (
    DateWidget,
    DecimalWidget,
    ImportFileError,
    check_unpacked_size,
    parse_bool,
    parse_decimal,
    read_table,
)
from partners.models import Organisation

HEADER = ["naam", "categorie", "postcode", "plaats"]
ROWS = [
    ["Verloskundigen Fryslân", "Verloskundigenpraktijk", "8911 AB", "Leeuwarden"],
    ["Coördinatie Zuid", "wijkteam", "2611 HX", "Delft"],
]


def semicolon_csv(encoding: str, rows=ROWS) -> bytes:
    lines = [";".join(HEADER), *(";".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.cache
def zip_bomb(unpacked_mb: int) -> bytes:
    """A real XLSX whose sheet is `unpacked_mb` megabytes of one repeated row: it packs to a
    few hundred kilobytes, as the file that blocked a worker for 30 s did."""
    row = "<row><c t='inlineStr'><is><t>Verloskundigen</t></is></c></row>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            chunk = (row * 1000).encode()
            for _ in range(unpacked_mb * 1024 * 1024 // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_a_semicolon_csv_reads_in_each_encoding_excel_writes(encoding):
    dataset = read_table(semicolon_csv(encoding), "csv")
    assert dataset.headers == HEADER
    assert dataset[0][0] == "Verloskundigen Fryslân"
    assert dataset[1][0] == "Coördinatie Zuid"


def test_a_comma_csv_with_quoted_commas_reads_too():
    content = b'Naam,Plaats\r\n"Zorg, Welzijn",Delft\r\n'
    assert read_table(content, "csv").dict == [{"naam": "Zorg, Welzijn", "plaats": "Delft"}]


def test_empty_rows_are_skipped_and_short_rows_padded():
    content = b"a;b;c\r\n1;2\r\n;;\r\n4;5;6\r\n"
    assert list(read_table(content, "csv")) == [("1", "2", ""), ("4", "5", "6")]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Het bestand is leeg."),
        (b"a;b\r\n", "Het bestand bevat alleen een kopregel, geen gegevens."),
        (b"a;a\r\n1;2\r\n", "De kolom ‘a’ staat meer dan eens in de kopregel."),
        (b"a;b\r\n1;2;3\r\n", "Regel 2: Deze regel heeft meer kolommen dan de kopregel."),
        (b"a;b\r\n\x81\x8d;\x8f\r\n", "sla het op als CSV UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_dutch_reason(content, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(content, "csv")


def test_an_xlsx_reads_its_first_sheet_with_values_not_formulas():
    content = xlsx([["=1+1", "Verloskundigenpraktijk", "2611 HX", datetime.date(2024, 6, 1)]])
    row = read_table(content, "xlsx").dict[0]
    assert row["naam"] is None  # data_only: the formula's cached value (none), never "=1+1"
    assert row["plaats"] == datetime.datetime(2024, 6, 1)


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking_it():
    bomb = zip_bomb(300)
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="uitgepakt 300 MB groot; een import mag"):
        read_table(bomb, "xlsx")
    assert time.monotonic() - started < 1


def test_a_small_file_that_packs_like_a_bomb_is_refused_too():
    with pytest.raises(ImportFileError, match="zo sterk ingepakt is een gewone spreadsheet niet"):
        check_unpacked_size(zip_bomb(20))


def test_a_normal_spreadsheet_passes_the_size_check():
    rows = [[f"Praktijk {i}", "wijkteam", f"{1000 + i} AB", "Delft"] for i in range(5000)]
    check_unpacked_size(xlsx(rows))


def test_a_file_that_is_not_an_xlsx_is_refused_in_dutch():
    with pytest.raises(ImportFileError, match="Dit XLSX-bestand kan niet worden gelezen."):
        read_table(b"naam;plaats\r\n", "xlsx")


def test_a_file_larger_than_the_limit_is_refused_before_reading():
    with pytest.raises(ImportFileError, match="groter dan 10 MB"):
        read_table(b"a\r\n" + b"x" * imports.MAX_FILE_BYTES, "csv")


# --- cells ------------------------------------------------------------------------------------


def test_decimals_take_a_comma_or_a_point_and_refuse_not_a_number():
    assert parse_decimal("7,5") == Decimal("7.5")
    assert parse_decimal("7.5") == Decimal("7.5")
    assert parse_decimal(" 7,10 ") == Decimal("7.10")
    assert parse_decimal(52.0116) == Decimal("52.0116")
    assert parse_decimal(" ") is None
    for bad in ("NaN", "Infinity", "abc", "1e5", "7 1", True):
        with pytest.raises(ValueError):
            parse_decimal(bad)
    with pytest.raises(ValueError, match="‘NaN’ is geen getal; schrijf bijvoorbeeld 52,0116."):
        DecimalWidget(example="52,0116").clean("NaN")


def test_a_number_a_reader_could_take_two_ways_is_refused_not_guessed():
    for ambiguous in ("1.234,5", "1,234.5", "7,1,2", "1.234.567"):
        with pytest.raises(ValueError, match="is geen eenduidig getal"):
            parse_decimal(ambiguous)


def test_yes_and_no_in_dutch_and_what_an_empty_cell_means():
    assert parse_bool("Ja", empty=False) is True
    assert parse_bool("nee", empty=True) is False
    assert parse_bool(1.0, empty=False) is True
    assert parse_bool("", empty=True) is True
    with pytest.raises(ValueError, match="Vul ja of nee in, niet ‘misschien’."):
        parse_bool("misschien", empty=False)


def test_dates_in_dutch_and_iso_order_and_from_xlsx_cells():
    widget = DateWidget()
    assert widget.clean("01-06-2024") == datetime.date(2024, 6, 1)
    assert widget.clean("2024-06-01") == datetime.date(2024, 6, 1)
    assert widget.clean(datetime.datetime(2024, 6, 1)) == datetime.date(2024, 6, 1)
    with pytest.raises(ValueError, match="Onbekende datum ‘juni’"):
        widget.clean("juni")


# --- in the admin -----------------------------------------------------------------------------


def admin_upload(client, content: bytes, name: str, fmt: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("admin:partners_organisation_import"),
        {"import_file": upload, "format": {"csv": "0", "xlsx": "1"}[fmt], "resource": "0"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_the_admin_imports_a_semicolon_csv_from_excel(admin_client, encoding):
    preview = admin_upload(admin_client, semicolon_csv(encoding), "organisaties.csv", "csv")
    admin_client.post(
        reverse("admin:partners_organisation_process_import"),
        preview.context["confirm_form"].initial,
    )
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Verloskundigen Fryslân",
        "Coördinatie Zuid",
    }


@pytest.mark.django_db
def test_the_admin_refuses_a_zip_bomb_quickly_in_dutch_and_writes_nothing(admin_client):
    bomb = zip_bomb(300)
    started = time.monotonic()
    response = admin_upload(admin_client, bomb, "organisaties.xlsx", "xlsx")
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "Dit XLSX-bestand is uitgepakt 300 MB groot" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_admin_says_in_dutch_when_the_chosen_format_does_not_fit_the_file(admin_client):
    response = admin_upload(admin_client, semicolon_csv("utf-8"), "organisaties.csv", "xlsx")
    assert "Dit is een CSV-bestand; kies CSV als formaat." in response.content.decode()
    assert not Organisation.objects.exists()
