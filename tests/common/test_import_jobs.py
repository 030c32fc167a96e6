"""The background job itself, run in this process: all rows or none, and whose page it is."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from common import import_jobs
from common.models import ImportJob
from pijlers.models import Measurement
from pijlers.resources import MeasurementResource
from tests.factories import GemeenteFactory, IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def staged_import(user, content: bytes, *, rows: int) -> ImportJob:
    name = import_jobs.staging_storage().save("imports/test.csv", ContentFile(content))
    return ImportJob.objects.create(
        user=user,
        resource=import_jobs.resource_path(MeasurementResource),
        file_name="metingen.csv",
        file_format="csv",
        staged_name=name,
        dry_run=False,
        rows_total=rows,
    )


def test_an_import_job_with_one_bad_row_writes_nothing_and_reports_the_row(superuser):
    gemeente, indicator = GemeenteFactory(), IndicatorFactory()
    lines = ["gemeente;indicator;periode;waarde;bron"]
    lines += [f"{gemeente.cbs_code};{indicator.code};{2000 + n};{n},5;CBS" for n in range(50)]
    lines[31] = f"{gemeente.cbs_code};{indicator.code};2030;NaN;CBS"
    job = staged_import(superuser, "\n".join(lines).encode(), rows=50)

    import_jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and not job.succeeded
    assert job.problems == [[32, "waarde", "‘NaN’ is geen getal; schrijf bijvoorbeeld 7,1."]]
    assert not Measurement.objects.exists()
    assert not import_jobs.staging_storage().exists(job.staged_name)


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(superuser):
    gemeente, indicator = GemeenteFactory(), IndicatorFactory()
    content = (
        f"gemeente;indicator;periode;waarde;bron\n{gemeente.cbs_code};{indicator.code};2020;1;x"
    )
    job = staged_import(superuser, content.encode(), rows=1)
    import_jobs.run(job.pk)
    import_jobs.run(job.pk)
    assert Measurement.objects.count() == 1
    assert ImportJob.objects.get(pk=job.pk).totals["new"] == 1


def test_a_staged_file_that_is_gone_ends_the_job_with_a_dutch_message_not_a_crash(superuser):
    job = staged_import(superuser, b"gemeente\n1", rows=1)
    import_jobs.staging_storage().delete(job.staged_name)
    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.problems == [
        [None, "", "Er ging iets mis bij het importeren; er is niets opgeslagen."]
    ]


def test_only_the_user_who_started_an_import_sees_its_page(client, superuser):
    job = staged_import(superuser, b"gemeente\n1", rows=1)
    url = reverse("admin:pijlers_measurement_import_job", args=[job.pk])
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(username="andere-beheerder", is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 404
    # Another list's import page does not show it either.
    client.force_login(superuser)
    other = reverse("admin:partners_organisation_import_job", args=[job.pk])
    assert client.get(other).status_code == 404


def test_staff_without_the_import_right_cannot_open_an_import_page(client, superuser):
    job = staged_import(superuser, b"gemeente\n1", rows=1)
    reader = UserFactory(username="lezer", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_measurement"))
    client.force_login(reader)
    url = reverse("admin:pijlers_measurement_import_job", args=[job.pk])
    assert client.get(url).status_code == 403
