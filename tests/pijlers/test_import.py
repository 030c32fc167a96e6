"""Importing figures: a good file imports every row, a file with one bad row imports none."""

import csv
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pijlers.models import Measurement
from pijlers.resources import MeasurementResource
from tests.factories import GemeenteFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

HEADER = ["gemeente", "indicator", "periode", "waarde", "bron"]


def write_csv(path, rows, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def upload(client, coalition, path):
    content_type = "text/csv" if path.suffix == ".csv" else "application/octet-stream"
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)
    url = reverse("pijlers:measurement_import", args=[coalition.slug])
    return client.post(url, {"step": "preview", "file": file})


def confirm(client, coalition, preview):
    """Confirm the file the preview staged (named by its signed token on the page)."""
    url = reverse("pijlers:measurement_import", args=[coalition.slug])
    return client.post(url, {"step": "confirm", "staged": preview.context.get("staged") or ""})


@pytest.fixture
def code(coalition):
    return coalition.gemeenten.get().cbs_code


def good_rows(code):
    return [
        [code, "vroeggeboorte", "2019", "7.1", "Perined"],
        [code, "vroeggeboorte", "2020", "6.8", "Perined"],
        [code, "big2", "2017-2021", "11.5", "regiobeeld"],
    ]


@pytest.mark.parametrize("writer,suffix", [(write_csv, "csv"), (write_xlsx, "xlsx")])
def test_a_good_file_is_previewed_then_imports_every_row(
    client, editor, coalition, code, tmp_path, writer, suffix
):
    path = writer(tmp_path / f"cijfers.{suffix}", good_rows(code))
    client.force_login(editor)
    preview = upload(client, coalition, path)
    assert preview.status_code == 200
    assert "Controle geslaagd" in preview.content.decode()
    assert not Measurement.objects.exists()  # the preview writes nothing

    response = confirm(client, coalition, preview)
    assert response.status_code == 302
    stored = {(m.indicator.code, m.period, m.value) for m in Measurement.objects.all()}
    assert stored == {
        ("vroeggeboorte", "2019", Decimal("7.1")),
        ("vroeggeboorte", "2020", Decimal("6.8")),
        ("big2", "2017-2021", Decimal("11.5")),
    }
    big2 = Measurement.objects.get(indicator__code="big2")
    assert (big2.start_year, big2.end_year, big2.source) == (2017, 2021, "regiobeeld")


@pytest.mark.parametrize("writer,suffix", [(write_csv, "csv"), (write_xlsx, "xlsx")])
def test_a_file_with_one_bad_row_imports_none_and_names_the_row(
    client, editor, coalition, code, tmp_path, writer, suffix
):
    rows = good_rows(code)
    rows.insert(1, [code, "vroeggeboorte", "2018", "veel", "Perined"])  # line 3 of the file
    path = writer(tmp_path / f"cijfers.{suffix}", rows)
    client.force_login(editor)
    response = upload(client, coalition, path)
    page = response.content.decode()
    assert "Het bestand bevat 1 fout; er is niets opgeslagen." in page
    reason = "‘veel’ is geen getal; schrijf bijvoorbeeld 7,1."
    # The line as the spreadsheet shows it (header = line 1), in the one sentence.
    assert response.context["problems"] == [f"Regel 3, kolom ‘waarde’: {reason}"]
    assert f"Regel 3, kolom ‘waarde’: {reason}" in page
    # Nothing can be confirmed: no checked file is staged.
    assert "staged" not in response.context
    assert confirm(client, coalition, response).status_code == 302
    assert not Measurement.objects.exists()


def test_the_resource_rolls_back_the_valid_rows_when_one_row_is_invalid(code):
    dataset = tablib.Dataset(headers=HEADER)
    dataset.append([code, "vroeggeboorte", "2019", "7.1", "Perined"])
    dataset.append([code, "bestaat-niet", "2020", "6.8", "Perined"])
    result = MeasurementResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert [r.number for r in result.invalid_rows] == [2]
    assert not Measurement.objects.exists()


def test_every_bad_row_is_reported_with_its_reason(client, editor, coalition, code, tmp_path):
    rows = [
        ["GM9999", "vroeggeboorte", "2019", "7,1", ""],
        [code, "onbekend", "2019", "7", ""],
        [code, "vroeggeboorte", "2021-2017", "7", ""],
        [code, "vroeggeboorte", "2020", "7", ""],
    ]
    path = write_csv(tmp_path / "fout.csv", rows)
    client.force_login(editor)
    problems = upload(client, coalition, path).context["problems"]
    assert problems == [
        "Regel 2, kolom ‘gemeente’: Onbekende CBS-code ‘GM9999’.",
        "Regel 3, kolom ‘indicator’: Onbekende indicator ‘onbekend’.",
        "Regel 4, kolom ‘periode’: Het eindjaar ligt vóór het beginjaar.",
    ]
    assert not Measurement.objects.exists()


def test_an_editor_may_not_import_figures_of_a_gemeente_outside_the_coalition(
    client, editor, coalition, tmp_path
):
    elsewhere = GemeenteFactory(cbs_code="GM0363", name="Amsterdam")
    path = write_csv(tmp_path / "a.csv", [["GM0363", "vroeggeboorte", "2019", "7", ""]])
    client.force_login(editor)
    problems = upload(client, coalition, path).context["problems"]
    assert problems == [
        f"Regel 2, kolom ‘gemeente’: {elsewhere.name} (GM0363) hoort niet bij deze coalitie; "
        "cijfers van andere gemeenten voert Pharos in."
    ]


def test_an_editor_may_not_import_national_figures(client, editor, coalition, tmp_path):
    path = write_csv(tmp_path / "nl.csv", [["NL", "vroeggeboorte", "2019", "7", ""]])
    client.force_login(editor)
    problems = upload(client, coalition, path).context["problems"]
    assert problems[0].startswith("Regel 2, kolom ‘gemeente’: ")


def test_pharos_imports_national_figures_through_the_resource():
    dataset = tablib.Dataset(headers=HEADER)
    dataset.append(["NL", "vroeggeboorte", "2019", "7.0", "Perined"])
    result = MeasurementResource(allowed_gemeenten=None).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Measurement.objects.national().get().value == Decimal("7.0")


def test_semicolons_decimal_commas_and_bare_cbs_numbers_are_understood(
    client, editor, coalition, code, tmp_path
):
    number = str(int(code[2:]))
    path = write_csv(
        tmp_path / "excel.csv", [[number, "vroeggeboorte", "2019", "7,25", ""]], delimiter=";"
    )
    client.force_login(editor)
    confirm(client, coalition, upload(client, coalition, path))
    assert Measurement.objects.get().value == Decimal("7.25")


def test_a_new_import_updates_the_figure_of_the_same_gemeente_indicator_and_period(
    client, editor, coalition, code, tmp_path
):
    from pijlers.models import Indicator

    MeasurementFactory(
        gemeente=coalition.gemeenten.get(),
        indicator=Indicator.objects.get(code="vroeggeboorte"),
        period="2019",
        value="9.9",
    )
    path = write_csv(tmp_path / "b.csv", [[code, "vroeggeboorte", "2019", "7.1", "herzien"]])
    client.force_login(editor)
    confirm(client, coalition, upload(client, coalition, path))
    m = Measurement.objects.get()
    assert (m.value, m.source) == (Decimal("7.1"), "herzien")


def test_a_member_cannot_import(client, member, coalition, code, tmp_path):
    path = write_csv(tmp_path / "c.csv", good_rows(code))
    client.force_login(member)
    assert upload(client, coalition, path).status_code == 403
    assert not Measurement.objects.exists()


def test_a_file_without_the_required_columns_is_refused_before_checking_rows(
    client, editor, coalition, tmp_path
):
    path = tmp_path / "kolommen.csv"
    path.write_text("gemeente,waarde\nGM0503,7\n", encoding="utf-8")
    client.force_login(editor)
    page = upload(client, coalition, path).content.decode()
    assert "Deze kolommen ontbreken: indicator, periode, bron." in page


def import_rows(rows):
    dataset = tablib.Dataset(headers=HEADER)
    for row in rows:
        dataset.append(row)
    return MeasurementResource().import_data(dataset, dry_run=False)


def test_a_large_file_costs_as_many_queries_as_a_small_one():
    """Fast by design: lookups once per file, writes in batches (see `make bench`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gemeenten = [GemeenteFactory() for _ in range(5)]

    def queries(years):
        rows = [
            [g.cbs_code, code, str(year), "7,5", "bron"]
            for g in gemeenten
            for code in ("vroeggeboorte", "big2")
            for year in years
        ]
        with CaptureQueriesContext(connection) as captured:
            result = import_rows(rows)
        assert not result.has_errors() and not result.has_validation_errors()
        return len(captured)

    small = queries(range(2000, 2002))  # 20 rows
    large = queries(range(2010, 2030))  # 200 rows
    assert large == small
    assert Measurement.objects.count() == 220
    stored = Measurement.objects.get(gemeente=gemeenten[0], indicator__code="big2", period="2015")
    assert (stored.start_year, stored.end_year, stored.value) == (2015, 2015, Decimal("7.5"))


def test_a_second_import_updates_national_and_municipal_figures_instead_of_adding_rows(code):
    first = import_rows(
        [["NL", "big2", "2017-2021", "11,5", "a"], [code, "big2", "2020", "3", "a"]]
    )
    assert first.totals["new"] == 2
    second = import_rows([["NL", "big2", "2017-2021", "12", "b"], [code, "big2", "2020", "3", "a"]])
    assert (second.totals["new"], second.totals["update"], second.totals["skip"]) == (0, 1, 1)
    assert Measurement.objects.national().get().value == Decimal("12")
    assert Measurement.objects.count() == 2


def test_a_duplicate_row_in_a_large_file_names_both_lines_and_writes_nothing(code):
    rows = [[code, "big2", str(year), "3", ""] for year in range(2000, 2030)]
    rows.append([code, "big2", "2005", "4", ""])  # line 32 repeats line 7
    result = import_rows(rows)
    assert [r.number for r in result.invalid_rows] == [31]
    assert "regel 7" in str(result.invalid_rows[0].error_dict["periode"])
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_measurement_admin_export_keeps_formulae_as_text_and_reads_back_unchanged(
    admin_client, fmt
):
    """The finding: @, + and - passed unescaped and a leading = was silently removed."""
    from tests.common.roundtrip import FORMULAE, admin_export, admin_import, assert_written_as_text

    gemeente = GemeenteFactory()
    for year, text in enumerate(FORMULAE, 2020):
        MeasurementFactory(gemeente=gemeente, period=str(year), value="7.1", source=text)
    before = sorted(Measurement.objects.values_list("period", "value", "source"))
    content = admin_export(admin_client, "pijlers_measurement", MeasurementResource, fmt)
    assert_written_as_text(content, fmt)
    Measurement.objects.all().delete()

    admin_import(admin_client, "pijlers_measurement", content, fmt)

    assert sorted(Measurement.objects.values_list("period", "value", "source")) == before
    assert {m.source for m in Measurement.objects.all()} == set(FORMULAE)
