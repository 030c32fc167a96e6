"""Large imports as background jobs, so no request waits for thousands of rows.

A file of `background_from_rows()` rows or more is staged on the private storage (seen by every
instance of the app, unlike a temporary folder), checked by the worker process (a dry run in
one transaction that is rolled back), and imported by the worker once the user confirms the
check: the same "all rows or none" as a small import, one bad row writes nothing. The worker
writes its progress to an ImportJob that the progress page polls.

The queue is django-tasks with its database backend (`manage.py db_worker`): tasks are rows in
PostgreSQL next to the data, written through Django's own migrations, and the API is the one
Django 6 ships as `django.tasks`, so upgrading Django only changes the import below.
"""

import datetime
import logging
import uuid

import pghistory
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from common.imports import ImportFileError, import_problems, read_table
from common.models import ImportJob

try:  # Django 6 has the tasks framework built in; Django 5.2 uses its backport.
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

logger = logging.getLogger(__name__)

STAGING_FOLDER = "imports"
# At most this many problems are kept for the report; the first ones are what a user fixes.
MAX_PROBLEMS = 500


def background_from_rows() -> int:
    """Files with this many rows or more are imported by the worker, smaller ones at once."""
    return settings.IMPORT_BACKGROUND_ROWS


def staging_storage():
    """Where files wait between upload, check and import: the private storage (settings)."""
    return storages["import_export"]


def resource_path(resource_class) -> str:
    return f"{resource_class.__module__}.{resource_class.__qualname__}"


def stage(raw: bytes, file_format: str) -> str:
    """Put an uploaded file on the staging storage until it is confirmed; its name there."""
    return staging_storage().save(
        f"{STAGING_FOLDER}/{uuid.uuid4().hex}.{file_format}", ContentFile(raw)
    )


# A staged file between preview and confirm is named in the form by a signed token, bound to
# the user and the page, so nobody can confirm someone else's file or a path of their choice.
STAGED_SALT = "common.import_jobs.staged"
STAGED_MAX_AGE = datetime.timedelta(days=1)


def staged_token(name: str, *, file_name: str, file_format: str, **binding) -> str:
    payload = {"name": name, "file_name": file_name, "file_format": file_format, **binding}
    return signing.dumps(payload, salt=STAGED_SALT)


def read_staged_token(token: str, **binding) -> dict | None:
    """The staged file's {name, file_name, file_format} if the token is ours, recent and for
    this binding (user, coalition); None otherwise."""
    try:
        payload = signing.loads(token or "", salt=STAGED_SALT, max_age=STAGED_MAX_AGE)
    except signing.BadSignature:
        return None
    if any(payload.get(key) != value for key, value in binding.items()):
        return None
    if not str(payload.get("name", "")).startswith(f"{STAGING_FOLDER}/"):
        return None
    return payload


def remove_staged(name: str) -> None:
    """Remove a staged file after confirm or cancel (gone already is fine)."""
    storage = staging_storage()
    if storage.exists(name):
        storage.delete(name)


# The folders of staged files: ours, and import-export's for the admin's small imports
# (import_export.tmp_storages.MediaStorage).
STAGING_FOLDERS = (STAGING_FOLDER, "django-import-export")


def remove_stale_staged(older_than: datetime.timedelta = STAGED_MAX_AGE) -> list[str]:
    """Remove staged files older than `older_than` (an upload never confirmed nor cancelled);
    the names removed. Through the named storage, so it works on disk and on S3 alike."""
    storage = staging_storage()
    cutoff = timezone.now() - older_than
    # A file still in use by a waiting or running job stays, however old.
    busy = set(
        ImportJob.objects.filter(
            status__in=[ImportJob.Status.WAITING, ImportJob.Status.RUNNING]
        ).values_list("staged_name", flat=True)
    )
    removed = []
    for folder in STAGING_FOLDERS:
        try:
            _dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for file in files:
            name = f"{folder}/{file}"
            if name in busy:
                continue
            try:
                modified = storage.get_modified_time(name)
            except (FileNotFoundError, NotImplementedError):
                continue
            if timezone.is_naive(modified):
                modified = timezone.make_aware(modified)
            if modified < cutoff:
                storage.delete(name)
                removed.append(name)
    return removed


def start_check(
    *, user, resource_class, raw: bytes, file_name: str, file_format: str, rows: int, **kwargs
) -> ImportJob:
    """Stage `raw` and queue a check of every row; `kwargs` (JSON) build the resource."""
    name = stage(raw, file_format)
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=user,
            resource=resource_path(resource_class),
            resource_kwargs=kwargs,
            file_name=file_name[:255],
            file_format=file_format,
            staged_name=name,
            dry_run=True,
            rows_total=rows,
        )
        run_import_job.enqueue(str(job.pk))
    return job


def confirm(check: ImportJob) -> ImportJob:
    """Queue the import of a check that found no problems; a second confirm (double click,
    two tabs) gets the import the first one started instead of importing twice."""
    with transaction.atomic():
        check = ImportJob.objects.select_for_update().get(pk=check.pk)
        if check.confirmed_as is not None:
            return check.confirmed_as
        if not (check.dry_run and check.succeeded):
            raise ValueError("Only a check without problems can be confirmed.")
        job = ImportJob.objects.create(
            user=check.user,
            resource=check.resource,
            resource_kwargs=check.resource_kwargs,
            file_name=check.file_name,
            file_format=check.file_format,
            staged_name=check.staged_name,
            dry_run=False,
            rows_total=check.rows_total,
        )
        check.confirmed_as = job
        check.save(update_fields=["confirmed_as"])
        run_import_job.enqueue(str(job.pk))
    return job


class ProgressWriter:
    """Writes a job's progress on a database connection of its own.

    The import runs in one transaction that nobody else sees until it ends (and a check is
    rolled back entirely), so progress written through it would never reach the page.
    """

    def __init__(self, job: ImportJob):
        self.job = job
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        self.table = self.connection.ops.quote_name(ImportJob._meta.db_table)

    def __call__(self, rows_done: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET rows_done = %s WHERE id = %s",  # noqa: S608
                [min(rows_done, self.job.rows_total), self.job.pk],
            )

    def close(self) -> None:
        self.connection.close()


def run(job_id) -> None:
    """Check or import a staged file and write the report on the job (the worker calls this)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.WAITING).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return  # a task delivered twice runs once
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    storage = staging_storage()
    progress = ProgressWriter(job)
    job.status, totals = ImportJob.Status.DONE, {}
    try:
        with storage.open(job.staged_name, "rb") as staged:
            dataset = read_table(staged.read(), job.file_format)
        resource = import_string(job.resource)(**job.resource_kwargs)
        resource.progress = progress
        # The change history names the user who started the import, as for an admin request.
        with pghistory.context(user=job.user_id, url=f"import: {job.file_name}"):
            result = resource.import_data(
                dataset,
                dry_run=job.dry_run,
                raise_errors=False,
                user=job.user,
                file_name=job.file_name,
            )
        problems = import_problems(result)
        totals = {key: result.totals.get(key, 0) for key in ("new", "update", "skip", "delete")}
    except ImportFileError as e:
        problems = [(None, "", str(e))]
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        problems = [(None, "", _("Er ging iets mis bij het importeren; er is niets opgeslagen."))]
    finally:
        progress.close()
    job.problems = [list(p) for p in problems[:MAX_PROBLEMS]]
    job.totals = totals
    job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problems", "totals", "rows_done", "finished_at"])
    if problems or not job.dry_run:
        # Nothing will read the file again: an import is done, a bad file is uploaded anew.
        storage.delete(job.staged_name)


@task()
def run_import_job(job_id: str) -> None:
    run(job_id)
