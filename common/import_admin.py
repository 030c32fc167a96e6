"""The admin side of the import pipeline: every import-export admin uses this one mixin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from common import import_jobs
from common.imports import CSVFormat, ImportFileError, XLSXFormat, format_of
from common.models import ImportJob


class AllOrNothingImportExportMixin:
    """Import all or nothing, large files in the background, exports formula-safe.

    - Import and export read and write through common.imports (CSV `;`/`,` in UTF-8, BOM or
      cp1252; XLSX checked for its unpacked size first) and common.spreadsheets (one exporter,
      text that starts like a formula stays text and reads back unchanged).
    - Only with the rights to add and change what is imported.
    - django-import-export commits the valid rows of a file with bad rows unless told
      `rollback_on_validation_errors`, and its confirm step would do so for a stored file; here
      both the preview and the confirm step roll back on any bad row, and the confirm step
      reports the failure instead of a success message.
    - A file of `import_jobs.background_from_rows()` rows or more is checked and imported by
      the worker process, with a progress page, so no request runs into the server's timeout.
    - Uploaded files wait on the private storage (settings STORAGES["import_export"]), which
      every instance of the app sees, not in one machine's temporary folder.
    """

    import_formats = [CSVFormat, XLSXFormat]
    export_formats = [CSVFormat, XLSXFormat]
    tmp_storage_class = "import_export.tmp_storages.MediaStorage"
    import_job_template = "common/import_job.html"

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def _url_name(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        job_page = path(
            "import/taak/<uuid:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_job",
        )
        return [job_page, *super().get_urls()]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                _("Dit bestand kan niet worden gelezen; kies het juiste formaat (CSV of XLSX)."),
            )

    def import_action(self, request, **kwargs):
        """Read the upload first: a bad file gets its Dutch reason, a large one goes to the
        worker; a small, readable file continues through import-export's preview."""
        if request.method != "POST" or "import_file" not in request.FILES:
            return super().import_action(request, **kwargs)
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if not form.is_valid():
            return super().import_action(request, **kwargs)
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        upload = form.cleaned_data["import_file"]
        raw = b"".join(upload.chunks())
        try:
            self._check_format_matches_name(input_format, upload.name)
            rows = len(input_format.create_dataset(raw))
        except ImportFileError as e:
            form.add_error("import_file", str(e))
            return self._import_page(request, form)
        if rows < import_jobs.background_from_rows():
            upload.seek(0)
            return super().import_action(request, **kwargs)
        job = import_jobs.start_check(
            user=request.user,
            resource_class=self.choose_import_resource_class(form, request),
            raw=raw,
            file_name=upload.name,
            file_format=input_format.get_extension(),
            rows=rows,
        )
        return HttpResponseRedirect(reverse(self._url_name("import_job"), args=[job.pk]))

    def _check_format_matches_name(self, input_format, name):
        try:
            named = format_of(name)
        except ImportFileError:
            return  # an unusual name: the chosen format decides
        if named != input_format.get_extension():
            raise ImportFileError(
                _("Dit is een %(named)s-bestand; kies %(named)s als formaat.")
                % {"named": named.upper()}
            )

    def _import_page(self, request, form):
        """import-export's upload page again, with the form's error on it."""
        resources = [
            resource_class(**self.get_import_resource_kwargs(request, form=form))
            for resource_class in self.get_import_resource_classes(request)
        ]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Importeren"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (r.get_display_name(), [f.column_name for f in r.get_user_visible_fields()])
                for r in resources
            ],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def import_job_view(self, request, job_id):
        """Progress of a background check or import, then its report (and the confirm step)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resources = {
            import_jobs.resource_path(r) for r in self.get_import_resource_classes(request)
        }
        job = get_object_or_404(ImportJob, pk=job_id, user=request.user, resource__in=resources)
        if request.method == "POST":
            if not (job.dry_run and job.succeeded):
                messages.error(request, _("Dit bestand kan niet (meer) worden geïmporteerd."))
                return HttpResponseRedirect(request.path)
            started = import_jobs.confirm(job)
            return HttpResponseRedirect(reverse(self._url_name("import_job"), args=[started.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Controleren") if job.dry_run else _("Importeren"),
            "opts": self.opts,
            "job": job,
            "changelist_url": reverse(self._url_name("changelist")),
            "import_url": reverse(self._url_name("import")),
        }
        response = TemplateResponse(request, self.import_job_template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    def process_import(self, request, **kwargs):
        """import-export's confirm step, with a Dutch answer when the staged file is gone (a
        second confirm, or a file removed after a restore) instead of a server error."""
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            messages.error(request, _("Het bestand is niet meer beschikbaar; upload het opnieuw."))
            return HttpResponseRedirect(reverse(self._url_name("import")))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            bad_rows = sorted(
                {number for number, _errors in result.row_errors()}
                | {row.number for row in result.invalid_rows}
            )
            messages.error(
                request,
                _(
                    "Er is niets geïmporteerd: het bestand bevat fouten in regel %(rows)s. "
                    "Verbeter het bestand en importeer het opnieuw."
                )
                % {"rows": ", ".join(str(n) for n in bad_rows) or "?"},
            )
            return HttpResponseRedirect(reverse(self._url_name("import")))
        return super().process_result(result, request)
