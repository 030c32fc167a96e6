"""The tables of the shared code: tokens of forms that have been submitted
(common/submit_once.py) and the state of background imports (common/import_jobs.py).

They live here, in the bottom package, because `common` imports no app of the project.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedForm(models.Model):
    """A form token that has been used: a repeat of that submit changes nothing."""

    token = models.UUIDField(_("formuliertoken"), primary_key=True)
    submitted_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True, db_index=True)
    redirect_to = models.CharField(_("doorgestuurd naar"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self):
        return str(self.token)


class ImportJob(models.Model):
    """One run of a staged import file through a resource: a check (dry run) or the import.

    Written by the worker process; the progress page polls it. The id is a random UUID so a
    page address cannot be guessed, and only the user who started it may open it.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("wacht op de verwerker")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("door")
    )
    # Dotted path of the resource class and the JSON keyword arguments it is built with.
    resource = models.CharField(_("soort import"), max_length=200)
    resource_kwargs = models.JSONField(default=dict, blank=True)
    file_name = models.CharField(_("bestand"), max_length=255)
    file_format = models.CharField(max_length=10)
    staged_name = models.CharField(max_length=255)
    dry_run = models.BooleanField(_("alleen controleren"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    rows_total = models.PositiveIntegerField(_("regels"), default=0)
    rows_done = models.PositiveIntegerField(_("regels verwerkt"), default=0)
    totals = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    # The import that this check's confirmation started (at most one).
    confirmed_as = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="checked_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import op de achtergrond")
        verbose_name_plural = _("imports op de achtergrond")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        """True once the worker has written the report (or gave up)."""
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def succeeded(self) -> bool:
        """Finished without a single problem: a check may be confirmed, an import is written."""
        return self.status == self.Status.DONE and not self.problems

    @property
    def percent(self) -> int:
        """How far the worker is, 0-100, for the progress bar."""
        if self.finished:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def problem_sentences(self) -> list[str]:
        """Each problem as the one sentence every importer uses ("Regel 3, kolom ...")."""
        from common.imports import problem_sentence

        return [problem_sentence(*problem) for problem in self.problems or []]


class PageCacheVersion(models.Model):
    """The version of one part of the data that cached pages show (common/page_cache.py).

    Written only by database triggers (`page_cache.version_triggers`), so a bulk update, an
    import or raw SQL bumps it as surely as a form. `key` is "reference" or "coalition:<id>";
    `version` is a fresh random value on every bump, never a counter, so a rolled-back
    transaction, an emptied table or a restored backup can never bring back a key under which
    other content was cached.
    """

    key = models.CharField(max_length=40, primary_key=True)
    version = models.UUIDField()

    class Meta:
        verbose_name = _("versie van gecachte pagina's")
        verbose_name_plural = _("versies van gecachte pagina's")

    def __str__(self):
        return f"{self.key}: {self.version}"
