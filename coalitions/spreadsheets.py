"""Safe cells for CSV and XLSX exports: typed text stays text in a spreadsheet.

Editors type free text (names, summaries) that ends up in exported files. A cell starting
with `=`, `+`, `-` or `@` is run as a formula by Excel and LibreOffice when a CSV is opened
("CSV injection"), and control characters make openpyxl refuse to write an XLSX at all (a
server error). `safe_dataset` returns a copy with such text neutralised: a leading apostrophe
(what spreadsheet programs themselves use for "this is text") and control characters replaced.
Numbers, dates and numeric text like "-1,5" are left alone.
"""

import re

import tablib

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
# The characters openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
CONTROL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def safe_cell(value):
    """`value` as a spreadsheet shows it as text; non-text values are returned unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("\N{REPLACEMENT CHARACTER}", value)
    if value.startswith(FORMULA_START) and not NUMBER.match(value):
        return "'" + value
    return value


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of `dataset` with every cell passed through `safe_cell`."""
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([safe_cell(value) for value in row])
    return safe
