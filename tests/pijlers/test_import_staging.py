"""The workspace figures import on the one pipeline: the file waits on the named storage between
preview and confirm (not in the session), confirm and cancel remove it, a stale one is removed
by `cleanup_import_files`, and a large file is checked and imported as a background job."""

import datetime
import io
import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from common import import_jobs
from common.models import ImportJob
from pijlers.models import Measurement

pytestmark = pytest.mark.django_db

HEADER = "gemeente;indicator;periode;waarde;bron"


def excel_csv(code, years=(2019,), bad_year=None) -> bytes:
    """What Dutch Excel saves: cp1252 with semicolons."""
    lines = [HEADER]
    for year in years:
        value = "veel" if year == bad_year else "7,1"
        lines.append(f"{code};vroeggeboorte;{year};{value};Perined – één bron")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def url(coalition):
    return reverse("pijlers:measurement_import", args=[coalition.slug])


def preview(client, coalition, content, name="cijfers.csv"):
    return client.post(
        url(coalition), {"step": "preview", "file": SimpleUploadedFile(name, content)}
    )


def staged_files():
    storage = storages["import_export"]
    try:
        return storage.listdir(import_jobs.STAGING_FOLDER)[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def code(coalition):
    return coalition.gemeenten.get().cbs_code


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_preview_stages_the_file_on_the_storage_not_in_the_session(
    editor_client, coalition, code
):
    before = set(staged_files())
    response = preview(editor_client, coalition, excel_csv(code))
    assert "Controle geslaagd" in response.content.decode()
    assert len(set(staged_files()) - before) == 1
    assert not [key for key in editor_client.session.keys() if "import" in key]  # noqa: SIM118 (a session is not iterable)


def test_confirm_imports_the_staged_file_and_removes_it(editor_client, coalition, code):
    before = set(staged_files())
    staged = preview(editor_client, coalition, excel_csv(code, years=(2019, 2020))).context[
        "staged"
    ]
    response = editor_client.post(url(coalition), {"step": "confirm", "staged": staged})
    assert response.status_code == 302
    assert Measurement.objects.count() == 2
    assert Measurement.objects.filter(source="Perined – één bron").count() == 2
    assert set(staged_files()) == before
    # A second confirm (double click, back button) finds nothing to import twice.
    again = editor_client.post(url(coalition), {"step": "confirm", "staged": staged}, follow=True)
    assert "upload het opnieuw" in again.content.decode()
    assert Measurement.objects.count() == 2


def test_cancel_removes_the_staged_file_and_writes_nothing(editor_client, coalition, code):
    before = set(staged_files())
    staged = preview(editor_client, coalition, excel_csv(code)).context["staged"]
    response = editor_client.post(url(coalition), {"step": "cancel", "staged": staged}, follow=True)
    assert "De import is geannuleerd; er is niets opgeslagen." in response.content.decode()
    assert set(staged_files()) == before
    assert not Measurement.objects.exists()


def test_a_staged_file_cannot_be_confirmed_by_another_user_or_for_another_coalition(
    client, editor, other_editor, coalition, other_coalition, code
):
    client.force_login(editor)
    staged = preview(client, coalition, excel_csv(code)).context["staged"]
    client.force_login(other_editor)
    response = client.post(url(other_coalition), {"step": "confirm", "staged": staged}, follow=True)
    assert "Er staat geen gecontroleerd bestand klaar" in response.content.decode()
    forged = client.post(url(other_coalition), {"step": "confirm", "staged": "imports/x.csv"})
    assert forged.status_code == 302
    assert not Measurement.objects.exists()


def test_a_file_with_one_bad_row_stages_nothing_and_names_the_line(editor_client, coalition, code):
    before = set(staged_files())
    response = preview(editor_client, coalition, excel_csv(code, (2019, 2020, 2021), 2020))
    assert response.context["problems"] == [
        "Regel 3, kolom ‘waarde’: ‘veel’ is geen getal; schrijf bijvoorbeeld 7,1."
    ]
    assert "staged" not in response.context
    assert set(staged_files()) == before


@pytest.mark.parametrize(
    "content,name,message",
    [
        (b"\r\n;;\r\n", "leeg.csv", "Het bestand is leeg."),
        (b"naam;plaats\r\nCaf\xe9 Zuid;Delft\r\n", "fout.csv", "Deze kolommen ontbreken: "),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "plaatje.xlsx", "Dit XLSX-bestand kan niet worden gelezen."),
        (b"GIF89a", "plaatje.gif", "Kies een CSV- of XLSX-bestand."),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_dutch_reason(
    editor_client, coalition, content, name, message
):
    response = preview(editor_client, coalition, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_lists_indicators_with_unit_and_range_and_offers_a_template(
    editor_client, coalition, code
):
    import openpyxl

    html = editor_client.get(url(coalition)).content.decode()
    assert "vroeggeboorte – Vroeggeboorte" in html
    assert "0 – 100" in html  # the allowed range of a percentage
    assert code in html  # the coalition's own gemeenten
    template = reverse("pijlers:measurement_import_template", args=[coalition.slug])
    assert template in html
    sheet = openpyxl.load_workbook(io.BytesIO(editor_client.get(template).content)).active
    assert [c.value for c in sheet[1]] == [
        "gemeente",
        "indicator",
        "periode",
        "waarde",
        "bron",
        "minder_dan_10",
    ]
    assert sheet.title == "Cijfers"


def test_a_large_file_is_checked_and_imported_as_a_background_job(
    editor_client, coalition, code, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    response = preview(editor_client, coalition, excel_csv(code, years=range(2000, 2005)))
    assert response.status_code == 302 and "?taak=" in response["Location"]
    check = ImportJob.objects.get()
    assert check.dry_run and check.resource_kwargs == {"allowed_gemeenten": [code]}
    assert "wacht op de verwerker" in editor_client.get(response["Location"]).content.decode()

    import_jobs.run(check.pk)  # what the worker does
    page = editor_client.get(response["Location"]).content.decode()
    assert "Controle geslaagd" in page and "5 nieuw" in page
    started = editor_client.post(
        response["Location"], {"step": "confirm_job", "taak": str(check.pk)}
    )
    job = ImportJob.objects.get(dry_run=False)
    import_jobs.run(job.pk)
    assert Measurement.objects.count() == 5
    done = editor_client.get(started["Location"]).content.decode()
    assert "Import voltooid: 5 nieuw" in done
    assert not storages["import_export"].exists(check.staged_name)


def test_a_large_file_with_a_bad_row_reports_its_line_from_the_job(
    editor_client, coalition, code, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    response = preview(editor_client, coalition, excel_csv(code, range(2000, 2005), 2003))
    import_jobs.run(ImportJob.objects.get().pk)
    page = editor_client.get(response["Location"]).content.decode()
    assert "Regel 5, kolom ‘waarde’: ‘veel’ is geen getal" in page
    assert "Bevestigen en opslaan" not in page
    assert not Measurement.objects.exists()


def test_someone_elses_job_is_not_found(client, editor, other_editor, other_coalition, coalition):
    job = ImportJob.objects.create(
        user=editor, resource="pijlers.resources.MeasurementResource", rows_total=1
    )
    client.force_login(other_editor)
    response = client.get(url(other_coalition), {"taak": str(job.pk)})
    assert response.status_code == 404
    assert client.get(url(other_coalition), {"taak": "geen-uuid"}).status_code == 404


def test_cleanup_removes_staged_files_older_than_a_day_and_keeps_fresh_ones():
    storage = storages["import_export"]
    old = import_jobs.stage(b"a;b\r\n1;2\r\n", "csv")
    fresh = import_jobs.stage(b"a;b\r\n1;2\r\n", "csv")
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(storage.path(old), (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("cleanup_import_files", stdout=out)

    assert not storage.exists(old)
    assert storage.exists(fresh)
    assert "importbestand" in out.getvalue()
    storage.delete(fresh)
