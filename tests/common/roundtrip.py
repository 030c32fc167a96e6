"""Helpers for the export tests next to each app: formula-like text, admin export and re-import."""

import csv
import io

import openpyxl
from django.urls import reverse
from import_export.forms import SelectableFieldsExportForm

from common.imports import read_table

# Text that a spreadsheet would run as a formula, or turn into a number (+31 -> 31).
FORMULAE = ["=1+1", "+31 15 123 4567", "-x", "@SUM(A1:A2)"]
FORMAT_INDEX = {"csv": "0", "xlsx": "1"}  # the admin forms' format choice


def raw_cells(content: bytes, fmt: str) -> list:
    """Every cell as the file stores it, without our reading step (what Excel would see)."""
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.value for c in cells if c.data_type == "f"], "a formula in the XLSX"
        return [c.value for c in cells]
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def assert_written_as_text(content: bytes, fmt: str, values=FORMULAE):
    """Each formula-like value is text, never a formula: in a CSV behind an apostrophe; in an
    XLSX as a text cell marked as text (quotePrefix) that holds exactly the typed value."""
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
        assert not [c.value for c in cells.values() if c.data_type == "f"], "a formula"
        for value in values:
            assert value in cells, (value, list(cells))
            assert cells[value].data_type == "s" and cells[value].quotePrefix, value
        return
    cells = raw_cells(content, fmt)
    for value in values:
        assert f"'{value}" in cells, (value, cells)
        assert value not in cells, (value, cells)


def read_back(content: bytes, fmt: str) -> list[dict]:
    """The rows as our import reading step gives them back."""
    return read_table(content, fmt).dict


def admin_export(client, admin_url_prefix: str, resource_class, fmt: str) -> bytes:
    """All rows of an admin list, every column, as the admin's export button gives them."""
    fields = {
        SelectableFieldsExportForm.create_boolean_field_name(resource_class, name): "on"
        for name in resource_class().get_export_order()
    }
    response = client.post(
        reverse(f"admin:{admin_url_prefix}_export"),
        {"format": FORMAT_INDEX[fmt], "resource": "0", **fields},
    )
    assert response.status_code == 200, response.content[:500]
    return response.content


def admin_import(client, admin_url_prefix: str, content: bytes, fmt: str):
    """Upload through the admin, check the preview has no errors, and confirm it."""
    upload = io.BytesIO(content)
    upload.name = f"bestand.{fmt}"
    preview = client.post(
        reverse(f"admin:{admin_url_prefix}_import"),
        {"import_file": upload, "format": FORMAT_INDEX[fmt], "resource": "0"},
    )
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, _preview_errors(preview)
    return client.post(
        reverse(f"admin:{admin_url_prefix}_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )


def _preview_errors(preview):
    result = preview.context.get("result")
    if result is None:
        return preview.context["form"].errors
    return [(r.number, r.error_dict) for r in result.invalid_rows] + list(result.row_errors())
