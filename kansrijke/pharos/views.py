"""Pharos pages inside the admin: overview, half-year report, RIVM monitor, stale data, and
the roles of every coalition.

Every page needs staff status (the admin's login) and the permission `coalitions.view_reports`
that the Pharos group holds. They only read, except establishing a half-year report (an
append-only snapshot); exports are XLSX or CSV files of the same tables.
"""

import datetime
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coalitions.audit import log_export
from coalitions.extensions import staleness_sources
from coalitions.forms import InviteForm
from coalitions.models import Coalition, CoalitionRole, Invitation
from coalitions.permissions import grantable_roles
from coalitions.services import (
    TeamError,
    grant_role,
    invite,
    remove_role,
    resend_invitation,
    revoke_invitation,
)
from common import page_cache
from common.charts import bar_chart
from common.forms import display_date
from common.spreadsheets import export_response
from kansrijke.models import EstablishedReport
from kansrijke.pharos import monitor, reports
from partners.models import Domain


def pharos_page(view):
    """Admin login (staff) plus the Pharos report permission, checked before anything else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("coalitions.view_reports"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(wrapped)


def render_page(request, template, title, context):
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **context},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AccessibleForm(forms.Form):
    """Links each field to its error message (aria-describedby) and marks it invalid."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)
                widget.attrs["aria-invalid"] = "true"


class ReportDateField(forms.DateField):
    """A date the reports can count with: 0001-01-01 made "half a year earlier" crash (found
    by fuzzing), and no coalition has data outside this century anyway."""

    first, last = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.first <= value <= self.last:
            raise forms.ValidationError(
                _("Kies een datum tussen %(first)s en %(last)s.")
                % {"first": display_date(self.first), "last": display_date(self.last)}
            )


class ReportDateForm(AccessibleForm):
    on = ReportDateField(label=gettext_lazy("Peildatum"), widget=DateInput())
    previous = ReportDateField(
        label=gettext_lazy("Vergelijken met"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("De vorige peildatum; leeg laten is een half jaar eerder."),
    )

    def clean(self):
        cleaned = super().clean()
        on, previous = cleaned.get("on"), cleaned.get("previous")
        if on and previous and previous >= on:
            self.add_error("previous", _("Kies een datum vóór de peildatum."))
        return cleaned


class MonitorDateForm(AccessibleForm):
    on = ReportDateField(label=gettext_lazy("Peildatum"), widget=DateInput())


def dated_form(form_class, request):
    """A GET form that falls back to today when nothing is asked yet."""
    if "on" in request.GET:
        return form_class(request.GET)
    return form_class({"on": datetime.date.today().isoformat()})


@pharos_page
def overview(request):
    figures = reports.overview()
    charts = [
        bar_chart("fase", _("Coalities per fase"), figures.per_phase, _("Aantal coalities")),
        bar_chart("soort", _("Coalities per soort"), figures.per_kind, _("Aantal coalities")),
        bar_chart(
            "provincie",
            _("Coalities per provincie"),
            figures.per_province,
            _("Aantal coalities"),
        ),
        bar_chart(
            "domeinen",
            _("Partners in het medisch en het sociaal domein"),
            figures.coverage,
            _("Aantal coalities"),
        ),
    ]
    pillar_charts = [
        bar_chart(f"pijler-{i}", pillar, levels, _("Aantal coalities"))
        for i, (pillar, levels) in enumerate(figures.pillar_maturity or [], 1)
    ]
    coverage_chart = bar_chart(
        "pijlerdekking",
        _("Coalities met lopend werk per pijler en element"),
        figures.pillar_coverage,
        _("Aantal coalities"),
    )
    return render_page(
        request,
        "admin/pharos/overview.html",
        _("Pharos-overzicht"),
        {
            "figures": figures,
            "charts": charts,
            "pillar_charts": pillar_charts,
            "coverage_chart": coverage_chart,
        },
    )


@pharos_page
def half_year_report(request):
    """The report at a peildatum. Once established there, the newest established version is
    shown (and downloaded) as it was stored, not computed again; `?live=1` shows today's
    computation beside it, clearly labelled as not established.

    The live table is a cached fragment (common/page_cache.py) under every version, read
    before the report's data; its key holds the full path (peildatum, comparison date), the
    language and today's date. Role "pharos": only those with the report permission reach
    this view (`pharos_page`), and the table is the same for all of them. The form that
    establishes the report (a CSRF token) and the list of established reports stay outside."""
    form = dated_form(ReportDateForm, request)
    report = stored = period = fragment = None
    live = request.GET.get("live") == "1"
    fmt = request.GET.get("export")
    if form.is_valid():
        on, previous = form.cleaned_data["on"], form.cleaned_data["previous"]
        stored = EstablishedReport.objects.newest_for(on, previous)
        if stored is not None and not live:
            if fmt in ("xlsx", "csv"):
                return established_export(request, stored, fmt)
        elif fmt in ("xlsx", "csv"):
            report = reports.half_year_report(on, previous)
            log_export(request, f"Voortgangsrapportage {report.on} ({fmt.upper()})")
            return export_response(report.dataset(), fmt, f"voortgangsrapportage-{report.on}")
        else:
            period = {"on": on, "previous": previous or reports.previous_report_date(on)}
            # The versions before the data: see common/page_cache.py, "Race".
            fragment = page_cache.fragment(
                request, "half_year_report", role="pharos", versions=page_cache.every_version()
            )
            if not fragment.hit:
                report = reports.half_year_report(on, previous)
    return render_page(
        request,
        "admin/pharos/report.html",
        _("Halfjaarlijkse voortgangsrapportage"),
        {
            "form": form,
            "report": report,
            "period": period,
            "fragment": fragment,
            "stored": stored,
            "table": stored.dataset() if stored is not None and period is None else None,
            "domains": Domain.choices,
            "established": EstablishedReport.objects.listing(),
        },
    )


def established_export(request, established, fmt):
    """An established version's download, from its stored table."""
    name = f"voortgangsrapportage-{established.on}-vastgesteld-v{established.version}"
    log_export(request, f"Vastgestelde {established} ({fmt.upper()})")
    return export_response(established.dataset(), fmt, name)


@pharos_page
@require_POST
def establish_report(request):
    """Establish (vaststellen) the half-year report at the posted peildatum: an immutable
    snapshot with who and when. A second time at the same peildatum makes a new version."""
    form = ReportDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige peildatum om de rapportage vast te stellen."))
        return redirect("pharos:report")
    report = reports.half_year_report(form.cleaned_data["on"], form.cleaned_data["previous"])
    established = EstablishedReport.objects.establish(report, request.user)
    messages.success(
        request,
        _(
            "De voortgangsrapportage op %(on)s is vastgesteld (versie %(version)s). "
            "Deze versie verandert niet meer."
        )
        % {"on": display_date(established.on), "version": established.version},
    )
    return redirect("pharos:established", pk=established.pk)


@pharos_page
def established_report(request, pk):
    """One established report as it was stored, its downloads, and what changed since the
    established report before it."""
    established = get_object_or_404(EstablishedReport, pk=pk)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        return established_export(request, established, fmt)
    before = established.previous_established()
    return render_page(
        request,
        "admin/pharos/established.html",
        str(established),
        {
            "established": established,
            "table": established.dataset(),
            "before": before,
            "changes": established.diff(before),
        },
    )


@pharos_page
def rivm_monitor(request):
    form = dated_form(MonitorDateForm, request)
    rows = None
    if form.is_valid():
        on = form.cleaned_data["on"]
        rows = monitor.rivm_monitor(on)
        if request.GET.get("export") == "xlsx":
            log_export(request, f"RIVM-monitor {on} (XLSX)")
            return export_response(monitor.rivm_dataset(on, rows), "xlsx", f"rivm-monitor-{on}")
    return render_page(
        request,
        "admin/pharos/rivm.html",
        _("Antwoorden voor de RIVM-monitor"),
        {
            "form": form,
            "rows": rows,
            "partner_columns": monitor.RIVM_PARTNERS,
            "intervention_columns": monitor.RIVM_INTERVENTIONS,
        },
    )


@pharos_page
def stale_data(request):
    coalitions = list(reports.stale_coalitions())
    return render_page(
        request,
        "admin/pharos/stale.html",
        _("Verouderde gegevens"),
        {
            "coalitions": coalitions,
            "sources": [str(source.label) for source in staleness_sources],
        },
    )


# --- Roles in every coalition -------------------------------------------------------------
# Pharos gives and takes roles for any coalition here; the rules (who may give which role,
# one open invitation per address, the audit log) are coalitions.services' and permissions'.


@pharos_page
def team_index(request):
    coalitions = Coalition.objects.annotate(
        editors=Count("roles", filter=Q(roles__role=CoalitionRole.Role.EDITOR), distinct=True),
        members=Count("roles", filter=Q(roles__role=CoalitionRole.Role.MEMBER), distinct=True),
    ).order_by("name")
    return render_page(
        request,
        "admin/pharos/team_index.html",
        _("Rollen per coalitie"),
        {"coalitions": coalitions},
    )


@pharos_page
def team(request, slug):
    """One coalition's roles and invitations: grant to an existing user, else invite."""
    coalition = get_object_or_404(Coalition, slug=slug)
    form = InviteForm(request.POST or None, roles=grantable_roles(request.user, coalition))
    if request.method == "POST":
        try:
            done = _team_change(request, coalition, form)
        except TeamError as error:
            messages.error(request, str(error))
        else:
            if done:
                messages.success(request, done)
                return redirect("pharos:team", slug=coalition.slug)
    return render_page(
        request,
        "admin/pharos/team.html",
        _("Rollen in %(coalition)s") % {"coalition": coalition.name},
        {
            "coalition": coalition,
            "form": form,
            "roles": CoalitionRole.objects.filter(coalition=coalition)
            .select_related("user")
            .order_by("role", "user__username"),
            "invitations": Invitation.objects.open().filter(coalition=coalition).order_by("email"),
            "role_choices": CoalitionRole.Role.choices,
            "now": timezone.now(),
        },
    )


def _team_change(request, coalition, form) -> str:
    """Carry out the posted change; the Dutch message to show, or "" when the form is bad."""
    action = request.POST.get("action")
    if action in ("role", "remove"):
        role = get_object_or_404(
            CoalitionRole.objects.select_related("user", "coalition"),
            pk=request.POST.get("pk"),
            coalition=coalition,
        )
        if action == "remove":
            remove_role(request=request, role=role)
            return _("%(user)s is uit de coalitie verwijderd.") % {"user": role.user}
        new_role = request.POST.get("role")
        if new_role not in CoalitionRole.Role.values:
            raise TeamError(_("Kies een geldige rol."))
        grant_role(request=request, coalition=coalition, user=role.user, role=new_role)
        return _("De rol van %(user)s is gewijzigd.") % {"user": role.user}
    if action in ("resend", "revoke"):
        invitation = get_object_or_404(Invitation, pk=request.POST.get("pk"), coalition=coalition)
        if action == "resend":
            resend_invitation(request=request, invitation=invitation)
            return _("De uitnodiging is opnieuw verstuurd.")
        revoke_invitation(request=request, invitation=invitation)
        return _("De uitnodiging is ingetrokken.")
    if not form.is_valid():
        return ""
    email, role = form.cleaned_data["email"], form.cleaned_data["role"]
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        grant_role(request=request, coalition=coalition, user=user, role=role)
        return _("%(user)s heeft de rol gekregen.") % {"user": user}
    invite(request=request, coalition=coalition, email=email, role=role)
    return _("De uitnodiging is verstuurd naar %(email)s.") % {"email": email}
