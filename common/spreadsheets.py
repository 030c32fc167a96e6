"""The one exporter: CSV and XLSX files with real dates and numbers, a Dutch sheet name, and
typed text that stays text and reads back unchanged.

- XLSX: dates are date cells (shown 01-06-2024), numbers number cells, text string cells. Text
  that starts like a formula (`=`, `+`, `-`, `@`: "CSV injection", and `+31...` turning into a
  number) is written as a string cell with Excel's own "this is text" mark (quotePrefix), so
  the cell shows and reads back exactly what was typed, without an added apostrophe. The sheet
  is named after the data ("Organisaties", "Voortgang 01-06-2025"), never "Tablib Dataset".
- CSV (UTF-8 with a byte-order mark, `;` as Dutch Excel expects): dates as 01-06-2024, numbers
  with a decimal comma, ja/nee; text that starts like a formula gets an apostrophe
  (`safe_cell`, what spreadsheet programs use for "this is text"); `cell_from_file` is its
  exact inverse, used by the import reading step (common.imports), so an exported file
  imported again gives back the very same values: it removes an apostrophe only where
  `safe_cell` added one. Names such as "'s-Hertogenbosch" are written as they are.

Control characters are the one change that does not come back: openpyxl refuses to write them
into an XLSX at all (a server error), so they become U+FFFD. Negative numbers written as text
("-1,5") are not formulas and stay as they are.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.numbers import format_decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEGATIVE_NUMBER = re.compile(r"^-\d+([.,]\d+)?$")
# The characters openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
CONTROL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _starts_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not NEGATIVE_NUMBER.match(text)


def _needs_apostrophe(text: str) -> bool:
    # Text that already starts with apostrophes before a formula ("'=x") gets one more, so that
    # the importer, which strips exactly one, gives back what was typed. "'s-Hertogenbosch"
    # and "'t Gooi" are not followed by a formula and are written as they are.
    return _starts_a_formula(text.lstrip("'"))


def safe_cell(value):
    """`value` as a spreadsheet shows it as text; non-text values are returned unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("\N{REPLACEMENT CHARACTER}", value)
    if _needs_apostrophe(value):
        return "'" + value
    return value


def cell_from_file(value):
    """The value `safe_cell` was given, read back from an exported file: the inverse of it."""
    if isinstance(value, str) and value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


DATE_FORMAT = "%d-%m-%Y"  # the one date format of our files (dd-mm-jjjj)
DATETIME_FORMAT = "%d-%m-%Y %H:%M:%S"
XLSX_DATE_FORMAT = "DD-MM-YYYY"
XLSX_DATETIME_FORMAT = "DD-MM-YYYY HH:MM:SS"
# Excel refuses these characters in a sheet name, and names longer than 31 characters.
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
DEFAULT_SHEET_NAME = "Gegevens"


def sheet_name(title) -> str:
    """A sheet name Excel accepts, from a dataset's title ("Organisaties")."""
    name = SHEET_NAME_REFUSED.sub("-", str(title or "")).strip().strip("'")[:31].strip()
    return name or DEFAULT_SHEET_NAME


def _local(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets know no time zones: the time as a Dutch reader sees it.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def csv_cell(value):
    """A value as a CSV cell: Dutch dates and numbers, ja/nee, formula-safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, Decimal | float):
        return format_decimal(value)
    if isinstance(value, int):
        return str(value)
    return safe_cell(str(value))


def _write_xlsx_cell(cell, value) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.value = _("ja") if value else _("nee")
    elif isinstance(value, datetime.datetime):
        cell.value, cell.number_format = _local(value), XLSX_DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value, cell.number_format = value, XLSX_DATE_FORMAT
    elif isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        text = CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(value))
        cell.value = text
        # openpyxl takes text starting with "=" for a formula: store it as text, marked so.
        cell.data_type = "s"
        if _starts_a_formula(text):
            cell.quotePrefix = True


def xlsx_bytes(dataset: tablib.Dataset, title=None) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_name(title or dataset.title)
    bold = Font(bold=True)
    for column, header in enumerate(dataset.headers or [], 1):
        cell = sheet.cell(row=1, column=column)
        _write_xlsx_cell(cell, header)
        cell.font = bold
    first = 2 if dataset.headers else 1
    for row_index, row in enumerate(dataset, first):
        for column, value in enumerate(row, 1):
            _write_xlsx_cell(sheet.cell(row=row_index, column=column), value)
    if dataset.headers:
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_bytes(dataset: tablib.Dataset, fmt: str, *, delimiter: str = ";", title=None) -> bytes:
    """`dataset` as a CSV (UTF-8 with a byte-order mark) or XLSX file; `title` (else the
    dataset's title) names the XLSX sheet."""
    if fmt == "xlsx":
        return xlsx_bytes(dataset, title)
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if dataset.headers:
        writer.writerow([csv_cell(h) for h in dataset.headers])
    for row in dataset:
        writer.writerow([csv_cell(value) for value in row])
    # The byte-order mark makes Excel read the accents (Fryslân, Coördinator) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_response(
    dataset: tablib.Dataset, fmt: str, filename: str, *, delimiter: str = ";", title=None
) -> HttpResponse:
    """A download of `dataset` as `filename.fmt` (csv or xlsx), made by `export_bytes`."""
    response = HttpResponse(
        export_bytes(dataset, fmt, delimiter=delimiter, title=title),
        content_type=CONTENT_TYPES[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
