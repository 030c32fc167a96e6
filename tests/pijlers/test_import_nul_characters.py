"""A NUL character in an uploaded file: a Dutch row error naming the column, never
PostgreSQL's English "cannot contain NUL (0x00) bytes", and nothing written."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV

from pijlers.models import Measurement

pytestmark = pytest.mark.django_db

HEADER = "gemeente,indicator,periode,waarde,bron\n"


def csv_with_nul(code, column):
    row = {"gemeente": code, "indicator": "sga", "periode": "2023", "waarde": "4.5", "bron": "P"}
    row[column] += "\x00x"
    return SimpleUploadedFile("cijfers.csv", (HEADER + ",".join(row.values()) + "\n").encode())


def assert_dutch_nul_error(response, column):
    html = response.content.decode()
    assert response.status_code == 200
    assert "ongeldig teken" in html, html
    assert f"‘{column}’" in html
    assert "PostgreSQL" not in html and "NUL (0x00)" not in html
    assert "\x00" not in html
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("column", ["gemeente", "periode", "bron"])
def test_an_editor_gets_a_dutch_row_error_for_a_nul_character(client, editor, coalition, column):
    client.force_login(editor)
    code = coalition.gemeenten.get().cbs_code
    response = client.post(
        reverse("pijlers:measurement_import", args=[coalition.slug]),
        {"file": csv_with_nul(code, column)},
    )
    assert_dutch_nul_error(response, column)


@pytest.mark.parametrize("column", ["gemeente", "periode", "bron"])
def test_the_admin_import_gives_the_same_dutch_row_error(client, superuser, coalition, column):
    client.force_login(superuser)
    model_admin = admin.site._registry[Measurement]
    csv_index = next(
        i for i, f in enumerate(model_admin.get_import_formats()) if issubclass(f, CSV)
    )
    response = client.post(
        reverse("admin:pijlers_measurement_import"),
        {
            "resource": "0",
            "format": str(csv_index),
            "import_file": csv_with_nul(coalition.gemeenten.get().cbs_code, column),
        },
    )
    assert_dutch_nul_error(response, column)
