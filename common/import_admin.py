"""The admin side of the import pipeline: every import-export admin uses this one mixin."""

import contextlib
import os

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.forms import ImportForm, SelectableFieldsExportForm

from common import import_jobs
from common.imports import (
    CSVFormat,
    ImportFileError,
    XLSXFormat,
    format_of,
    import_problems,
    problem_lines,
    problem_sentence,
)
from common.models import ImportJob
from common.spreadsheets import export_response

# Our own script instead of import-export's: it binds its handlers without inline `onchange`
# attributes, which the CSP blocks ("Select all" did nothing), and guesses the format from
# the Dutch format labels.
ADMIN_SCRIPT = "js/import-export-admin.js"


class DutchImportForm(ImportForm):
    """import-export's upload form with Dutch labels and our script."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = gettext_lazy("Bestand")
        self.fields["import_file"].help_text = gettext_lazy(
            "CSV (puntkomma of komma; UTF-8 of Windows-tekens) of XLSX, hoogstens 10 MB."
        )
        self.fields["format"].label = gettext_lazy("Formaat")
        self.fields["resource"].label = gettext_lazy("Soort gegevens")
        choices = list(self.fields["format"].choices)
        if choices and choices[0][0] == "":
            choices[0] = ("", gettext_lazy("— kies het formaat —"))
        self.fields["format"].choices = choices

    @property
    def media(self):
        return forms.Media(js=(ADMIN_SCRIPT,))


class DutchExportForm(SelectableFieldsExportForm):
    """import-export's export form: the columns by their Dutch column names, our script."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = gettext_lazy("Formaat")
        self.fields["resource"].label = gettext_lazy("Soort gegevens")
        choices = list(self.fields["format"].choices)
        if choices and choices[0][0] == "":
            choices[0] = ("", gettext_lazy("— kies het formaat —"))
        self.fields["format"].choices = choices

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return capfirst(str(field.column_name)) if field else field_name

    def _validate_any_field_selected(self, resource) -> None:
        # import-export's own message is English ("Select at least 1 field ...").
        try:
            super()._validate_any_field_selected(resource)
        except forms.ValidationError:
            raise forms.ValidationError(_("Kies ten minste één kolom om te exporteren.")) from None

    @property
    def media(self):
        return forms.Media(js=(ADMIN_SCRIPT,), css={"all": ["import_export/export.css"]})


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
    import_form_class = DutchImportForm
    export_form_class = DutchExportForm

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

    def get_import_resource_kwargs(self, request, **kwargs):
        # The preview table shows import-export's per-row diff; other importers skip it.
        return {**super().get_import_resource_kwargs(request, **kwargs), "show_diff": True}

    def _url_name(self, view):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        job_page = path(
            "import/taak/<uuid:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_job",
        )
        template = path(
            "import/sjabloon/",
            self.admin_site.admin_view(self.import_template_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
        )
        cancel = path(
            "import/annuleren/",
            self.admin_site.admin_view(self.import_cancel_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_cancel",
        )
        return [job_page, template, cancel, *super().get_urls()]

    def import_cancel_view(self, request):
        """Cancel a previewed import: its staged file is removed at once, not a day later by
        `cleanup_import_files`."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            # Only a bare name inside import-export's staging folder (as its confirm form does).
            name = os.path.basename(request.POST.get("import_file_name", ""))
            if name:
                staged = self.get_tmp_storage_class()(
                    name=name, **self.get_tmp_storage_class_kwargs()
                )
                with contextlib.suppress(FileNotFoundError):
                    staged.remove()
            messages.info(request, _("De import is geannuleerd; er is niets opgeslagen."))
        return HttpResponseRedirect(reverse(self._url_name("import")))

    # --- Dutch pages: the column guide, problems in the one sentence, Dutch messages ---------

    def sheet_title(self):
        """The XLSX sheet and file name of an export: "Organisaties"."""
        return capfirst(str(self.opts.verbose_name_plural))

    def import_guide_context(self, request):
        """What the import page lists: per resource the columns, what to fill in and the
        valid codes, and the link to an empty template file."""
        return {
            "column_guides": [
                (r.get_display_name(), r.column_guide(**self.get_import_resource_kwargs(request)))
                for r in self.get_import_resource_classes(request)
            ],
            "template_url": reverse(self._url_name("import_template")),
        }

    def import_template_view(self, request):
        """An empty XLSX with the import's Dutch column headers, to fill in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        title = self.sheet_title()
        return export_response(
            resource_class.template_dataset(),
            "xlsx",
            _("sjabloon-%(what)s") % {"what": slugify(title)},
            title=title,
        )

    def _with_guide(self, request, response):
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            context = response.context_data
            context.update(self.import_guide_context(request))
            context["title"] = _("Importeren")
            result = context.get("result")
            if result is not None:
                context["problems"] = [problem_sentence(*p) for p in import_problems(result)]
        return response

    def get_data_for_export(self, request, queryset, **kwargs):
        # Native dates and numbers for every format (import-export only passes them for its
        # own XLSX class): the one exporter writes date and number cells, Dutch text in CSV.
        kwargs["force_native_type"] = True
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        dataset.title = self.sheet_title()
        return dataset

    def get_export_filename(self, *args, **kwargs):
        file_format = kwargs.get("file_format", args[-1] if args else None)
        today = timezone.localdate().strftime("%d-%m-%Y")
        return f"{slugify(self.sheet_title())}-{today}.{file_format.get_extension()}"

    def get_export_context_data(self, **kwargs):
        context = super().get_export_context_data(**kwargs)
        context["title"] = _("Exporteren")
        return context

    # The objects' admin history said "new through import_export" (English).
    LOG_MESSAGES = {
        "new": gettext_lazy("Toegevoegd via een import"),
        "update": gettext_lazy("Gewijzigd via een import"),
        "delete": gettext_lazy("Verwijderd via een import"),
    }

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        from django.contrib.admin.models import LogEntry

        if rows:
            LogEntry.objects.log_actions(
                user_pk,
                rows,
                action_flag,
                change_message=str(self.LOG_MESSAGES.get(import_type, import_type)),
                single_object=len(rows) == 1,
            )

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import voltooid: %(new)s nieuw, %(update)s bijgewerkt, %(skip)s ongewijzigd.")
            % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
        )

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
            return self._with_guide(request, super().import_action(request, **kwargs))
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if not form.is_valid():
            return self._with_guide(request, super().import_action(request, **kwargs))
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        upload = form.cleaned_data["import_file"]
        raw = b"".join(upload.chunks())
        resource_class = self.choose_import_resource_class(form, request)
        try:
            self._check_format_matches_name(input_format, upload.name)
            dataset = input_format.create_dataset(raw)
            resource_class.check_columns(dataset.headers)
            rows = len(dataset)
        except ImportFileError as e:
            form.add_error("import_file", str(e))
            return self._import_page(request, form)
        if rows < import_jobs.background_from_rows():
            upload.seek(0)
            return self._with_guide(request, super().import_action(request, **kwargs))
        job = import_jobs.start_check(
            user=request.user,
            resource_class=resource_class,
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
        response = TemplateResponse(request, [self.import_template_name], context)
        return self._with_guide(request, response)

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
            problems = import_problems(result)
            messages.error(
                request,
                _(
                    "Er is niets geïmporteerd: het bestand bevat fouten in regel %(rows)s. "
                    "Verbeter het bestand en importeer het opnieuw."
                )
                % {"rows": problem_lines(problems) or "?"},
            )
            for problem in problems[:20]:
                messages.error(request, problem_sentence(*problem))
            return HttpResponseRedirect(reverse(self._url_name("import")))
        return super().process_result(result, request)
