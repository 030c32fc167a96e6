"""The one exporter: CSV and XLSX files whose typed text stays text, and reads back unchanged.

Editors type free text (names, summaries, phone numbers) that ends up in exported files. A cell
starting with `=`, `+`, `-` or `@` is run as a formula by Excel and LibreOffice ("CSV
injection"), and `+31...` turns into a number. `safe_cell` puts an apostrophe before such text
(what spreadsheet programs themselves use for "this is text"); `cell_from_file` is its exact
inverse, used by the import reading step (common.imports), so an export imported again gives
back the very same values: it removes an apostrophe only where `safe_cell` added one.

Control characters are the one change that does not come back: openpyxl refuses to write them
into an XLSX at all (a server error), so they become U+FFFD. Negative numbers written as text
("-1,5") are not formulas and stay as they are.
"""

import re

import tablib
from django.http import HttpResponse

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


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of `dataset` with every cell passed through `safe_cell`."""
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([safe_cell(value) for value in row])
    return safe


def export_bytes(dataset: tablib.Dataset, fmt: str, *, delimiter: str = ",") -> bytes:
    """`dataset` as a formula-safe CSV (UTF-8 with a byte-order mark) or XLSX file."""
    safe = safe_dataset(dataset)
    if fmt == "xlsx":
        return safe.export("xlsx")
    if fmt != "csv":
        raise ValueError(f"Unknown export format {fmt!r}")
    # The byte-order mark makes Excel read the accents (Fryslân, Coördinator) correctly.
    return ("\ufeff" + safe.export("csv", delimiter=delimiter)).encode("utf-8")


def export_response(
    dataset: tablib.Dataset, fmt: str, filename: str, *, delimiter: str = ","
) -> HttpResponse:
    """A download of `dataset` as `filename.fmt` (csv or xlsx), made by `export_bytes`."""
    response = HttpResponse(
        export_bytes(dataset, fmt, delimiter=delimiter), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
