"""Large imports run in the worker process, with a Dutch progress page, all rows or none.

The finding: a 3,000-row admin import hit gunicorn's 30 s timeout and ended in an English 500.
These tests commit their data (the worker is another process) and so empty the database
afterwards; the reference data is put back once the module is done.
"""

import io
import time

import pytest
from django.urls import reverse

from coalitions.models import Gemeente
from common import import_jobs
from common.models import ImportJob
from pijlers.models import Indicator, Measurement
from tests.factories import load_reference_data

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HEADER = "gemeente;indicator;periode;waarde;bron"


@pytest.fixture(scope="module", autouse=True)
def reference_data_back(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()  # the test before this one emptied the database


def measurements_csv(rows: int, bad_line: int | None = None) -> bytes:
    """`rows` figures (line 1 is the header), as Excel writes them: ; and cp1252."""
    codes = Gemeente.objects.order_by("cbs_code").values_list("cbs_code", flat=True)
    indicators = Indicator.objects.order_by("code").values_list("code", flat=True)
    keys = [(c, i, y) for y in range(2000, 2100) for i in indicators for c in codes][:rows]
    lines = [HEADER]
    for n, (code, indicator, year) in enumerate(keys, 2):
        value = "veel" if n == bad_line else f"{n % 9 + 1},5"  # plausible for every indicator
        lines.append(f"{code};{indicator};{year};{value};Perined – één bron")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def upload(client, content: bytes):
    f = io.BytesIO(content)
    f.name = "metingen.csv"
    url = reverse("admin:pijlers_measurement_import")
    return client.post(url, {"import_file": f, "format": "0", "resource": "0"})


def wait_for_report(client, url, timeout=240):
    """The progress page, reloaded as the browser does, until the worker's report is on it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = client.get(url)
        assert page.status_code == 200
        if not page.context["job"].finished:
            assert '<meta http-equiv="refresh" content="2">' in page.content.decode()
            assert "<progress" in page.content.decode()
            time.sleep(0.5)
            continue
        html = page.content.decode()
        # The report itself, for a readable assertion message.
        return html[html.index('id="content-main"') : html.index("<!-- END Content -->")]
    pytest.fail("the worker did not finish in time")


def test_a_large_import_is_checked_and_imported_by_the_worker_with_a_progress_page(
    client, superuser, import_worker
):
    client.force_login(superuser)
    started = time.monotonic()
    response = upload(client, measurements_csv(3000))
    assert time.monotonic() - started < 10  # the request only stages the file
    assert response.status_code == 302
    check_url = response["Location"]
    first = client.get(check_url).content.decode()
    assert "Bestand ‘metingen.csv’ met 3000 regels." in first
    assert "wacht op de verwerker" in first or "van 3000 regels" in first

    report = wait_for_report(client, check_url)
    assert "Het bestand klopt" in report, report
    assert "Bij importeren: 3000 nieuw, 0 bijgewerkt, 0 ongewijzigd." in report
    assert not Measurement.objects.exists()  # the check writes nothing

    response = client.post(check_url)
    assert response.status_code == 302
    report = wait_for_report(client, response["Location"])
    assert "Import voltooid: 3000 nieuw, 0 bijgewerkt, 0 ongewijzigd." in report
    assert Measurement.objects.count() == 3000
    assert Measurement.objects.filter(source="Perined – één bron").count() == 3000
    job = ImportJob.objects.get(dry_run=False)
    assert not import_jobs.staging_storage().exists(job.staged_name)

    # Confirming the same check again (a second tab, a double click) imports nothing twice.
    assert client.post(check_url)["Location"].endswith(f"{job.pk}/")
    assert ImportJob.objects.filter(dry_run=False).count() == 1


def test_one_bad_row_in_a_large_file_is_reported_by_the_worker_and_nothing_is_written(
    client, superuser, import_worker
):
    client.force_login(superuser)
    response = upload(client, measurements_csv(1200, bad_line=777))
    report = wait_for_report(client, response["Location"])
    assert "Er is niets geïmporteerd" in report
    assert "Regel 777, kolom ‘waarde’: ‘veel’ is geen getal; schrijf bijvoorbeeld 7,1." in report
    assert "Importeren bevestigen" not in report
    assert not Measurement.objects.exists()
    # A check with problems cannot be confirmed by a crafted request either.
    client.post(response["Location"])
    assert not ImportJob.objects.filter(dry_run=False).exists()
