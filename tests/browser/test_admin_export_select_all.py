"""The admin's export page in real Chromium with our CSP on: "Alles selecteren" (un)checks every
column (import-export's inline `onchange` handler was blocked, so it did nothing), and choosing
a file on the import page picks its format from the Dutch labels."""

import pytest
from django.urls import reverse

from tests.browser.conftest import login_as, page_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_select_all_on_the_export_page_works_under_the_csp(page, superuser, tmp_path):
    login_as(page, superuser)
    page.goto(reverse("admin:partners_organisation_export"))
    columns = page.locator(".selectable-field-export-row input[type=checkbox]:not(.select-toggle)")
    assert columns.count() >= 5
    toggle = page.get_by_label("Alles selecteren")

    toggle.uncheck()
    assert [columns.nth(i).is_checked() for i in range(columns.count())] == [
        False
    ] * columns.count()
    toggle.check()
    assert all(columns.nth(i).is_checked() for i in range(columns.count()))

    page.goto(reverse("admin:partners_organisation_import"))
    upload = tmp_path / "organisaties.xlsx"
    upload.write_bytes(b"PK")
    page.locator("input[type=file]").set_input_files(str(upload))
    assert page.locator("select[name=format] option:checked").inner_text() == "XLSX (Excel)"
    assert page_errors(page) == []
