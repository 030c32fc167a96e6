"""Pharos loads CBS's gemeente list: all or nothing, and a re-import changes nothing."""

import io

import pytest
import tablib
from django.urls import reverse

from coalitions.models import Gemeente

pytestmark = pytest.mark.django_db

HEADERS = ["gemeentecode", "gemeentenaam", "provincie", "ggd_regio", "actief"]


def csv_file(rows):
    f = io.BytesIO(tablib.Dataset(*rows, headers=HEADERS).export("csv").encode())
    f.name = "gemeenten.csv"
    return f


def rows(n, bad_row=None):
    return [
        [f"{8000 + i}", f"Importgemeente {i}", "Oostland" if i == bad_row else "Utrecht", "", "ja"]
        for i in range(1, n + 1)
    ]


def test_pharos_imports_gemeenten_only_when_every_row_is_valid(client, pharos):
    client.force_login(pharos)
    url = reverse("admin:coalitions_gemeente_import")
    before = Gemeente.objects.count()

    bad = client.post(url, {"import_file": csv_file(rows(50, bad_row=17)), "format": "0"})

    assert [r.number for r in bad.context["result"].invalid_rows] == [17]
    assert "Onbekende provincie: ‘Oostland’" in bad.content.decode()
    assert Gemeente.objects.count() == before

    good = client.post(url, {"import_file": csv_file(rows(50)), "format": "0"})
    client.post(
        reverse("admin:coalitions_gemeente_process_import"), good.context["confirm_form"].initial
    )
    assert Gemeente.objects.count() == before + 50
    assert Gemeente.objects.get(cbs_code="GM8001").province == "UT"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_gemeente_export_keeps_formulae_as_text_and_reads_back_unchanged(admin_client, fmt):
    from coalitions.resources import GemeenteResource
    from tests.common.roundtrip import FORMULAE, admin_export, admin_import, assert_written_as_text

    for n, text in enumerate(FORMULAE):
        Gemeente.objects.create(cbs_code=f"GM99{n:02d}", name=text, province="UT", ggd_region=text)
    content = admin_export(admin_client, "coalitions_gemeente", GemeenteResource, fmt)
    assert_written_as_text(content, fmt)
    Gemeente.objects.filter(cbs_code__startswith="GM99").delete()

    admin_import(admin_client, "coalitions_gemeente", content, fmt)

    imported = Gemeente.objects.filter(cbs_code__startswith="GM99").order_by("cbs_code")
    assert [(g.name, g.ggd_region) for g in imported] == [(t, t) for t in FORMULAE]
