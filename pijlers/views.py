"""Workspace pages of the denkraam: /werkruimte/<slug>/denkraam/…

Every view starts with `get_coalition_for_user`: members and Pharos read, editors write,
everyone else gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions.permissions import can_edit, get_coalition_for_user
from common import import_jobs
from common.imports import import_problems, problem_sentence
from common.models import ImportJob
from common.spreadsheets import export_response
from common.stale_edit import form_page
from pijlers import charts
from pijlers.coverage import coverage_rows
from pijlers.forms import (
    AssessmentForm,
    MeasurementForm,
    MeasurementImportForm,
    NeededExpertiseForm,
    OfferingForm,
    ProgressForm,
    ReferenceDateForm,
    TargetForm,
    read_dataset,
)
from pijlers.models import (
    Assessment,
    CrossCuttingElement,
    Indicator,
    LifePhase,
    Measurement,
    NeededExpertise,
    Offering,
    Pillar,
    Target,
    Vulnerability,
    public_levels,
    subject_filter,
    target_rows,
)
from pijlers.permissions import import_gemeenten_for, writable_measurements
from pijlers.resources import MeasurementResource
from pijlers.services import record_assessment


def _trends_with_charts(coalition, public=False):
    trends = Indicator.objects.trends_for(coalition, public=public)
    return [(t, charts.trend_line_chart(t)) for t in trends]


# The two kinds of denkraam subject in the URLs: /pijler/<number>/ and /element/<number>/.
SUBJECT_MODELS = {"pillar": Pillar, "element": CrossCuttingElement}


def _subject(kind: str, number: int, queryset=None):
    """The pillar or cross-cutting element of a URL, or 404."""
    model = SUBJECT_MODELS[kind]
    qs = queryset if queryset is not None else model.objects.all()
    return get_object_or_404(qs, **{model.order_field: number})


def public_context(coalition) -> dict:
    """Context for `_public_levels.html` and `_public_indicators.html` on a public page:
    pillar levels and the levels of the assessed elements (no notes), and figures without
    small numbers. Five queries."""
    pillars, elements = public_levels(coalition)
    return {
        "public_levels": pillars,
        "public_element_levels": elements,
        "public_trends": [(t, c) for t, c in _trends_with_charts(coalition, public=True) if c],
    }


def dashboard_context(coalition, *, today) -> dict:
    """The workspace overview's card with the current level per pillar as a small chart
    (coalitions.extensions.dashboard_cards). One query: the levels only."""
    pillars = list(Pillar.objects.with_current_level(coalition))
    return {
        "chart": charts.pillar_level_chart(pillars),
        "unassessed": sum(1 for p in pillars if p.current_level is None),
    }


@login_required
def overview(request, slug):
    """The five pillars and six elements at a glance, the attention list and the trends."""
    coalition = get_coalition_for_user(request, slug)
    states = Pillar.objects.overview_for(coalition)
    element_states = CrossCuttingElement.objects.overview_for(coalition)
    context = {
        "coalition": coalition,
        "states": states,
        "chart": charts.pillar_bar_chart(states),
        "element_states": element_states,
        "element_chart": charts.pillar_bar_chart(element_states),
        "unassessed": [s.pillar for s in states if s.current is None],
        "trends": _trends_with_charts(coalition),
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/overview.html", context)


@login_required
def pillar_detail(request, slug, number, kind="pillar"):
    """One pillar or element: its questions and the coalition's assessments, newest first."""
    coalition = get_coalition_for_user(request, slug)
    pillar = _subject(kind, number, SUBJECT_MODELS[kind].objects.with_questions())
    history = list(Assessment.objects.history(coalition, pillar))
    context = {
        "coalition": coalition,
        "pillar": pillar,
        "history": history,
        "current": history[0] if history else None,
        "target": Target.objects.filter(coalition=coalition, **subject_filter(pillar)).first(),
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/pillar_detail.html", context)


@login_required
def assess(request, slug, number, kind="pillar"):
    """A new dated assessment of one pillar or element, prefilled with the latest one."""
    coalition = get_coalition_for_user(request, slug, write=True)
    pillar = _subject(kind, number, SUBJECT_MODELS[kind].objects.with_questions())
    previous = Assessment.objects.history(coalition, pillar).first()
    form = AssessmentForm(
        request.POST or None, questions=pillar.active_questions, previous=previous
    )

    def save(form):
        return record_assessment(
            coalition=coalition,
            pillar=pillar,
            author=request.user,
            date=form.cleaned_data["date"],
            level=form.cleaned_data["level"],
            notes=form.cleaned_data["notes"],
            next_actions=form.cleaned_data["next_actions"],
            answers=form.answers(),
        )

    return form_page(
        request,
        form,
        template="pijlers/assess.html",
        context={"coalition": coalition, "pillar": pillar, "previous": previous},
        success_message=_("De zelfevaluatie van ‘%(pillar)s’ is opgeslagen.")
        % {"pillar": pillar.name},
        success_url=reverse(pillar.detail_url_name, args=[coalition.slug, pillar.number]),
        save=save,
    )


@login_required
def progress(request, slug):
    """Pillar and element levels, and the targets, on two dates side by side: each as it
    was on that date (`overview_for(on=)` and `Target.objects.as_on`)."""
    coalition = get_coalition_for_user(request, slug)
    form = ProgressForm(request.GET or None)
    rows = element_rows = None
    if form.is_valid():
        before = target_rows(coalition, on=form.cleaned_data["van"])
        after = target_rows(coalition, on=form.cleaned_data["tot"])
        rows = [
            {
                "pillar": a.subject,
                "before": b.state.current,
                "after": a.state.current,
                "target_before": b.target,
                "target_after": a.target,
                # None when there is nothing to compare on one of the dates.
                "change": (
                    a.state.current.score - b.state.current.score
                    if a.state.current and b.state.current
                    else None
                ),
            }
            for b, a in zip(before, after, strict=True)
        ]
        # Pillars and elements apart: both are numbered from 1.
        element_rows = [r for r in rows if r["pillar"].subject_field == "element"]
        rows = [r for r in rows if r["pillar"].subject_field == "pillar"]
    context = {"coalition": coalition, "form": form, "rows": rows, "element_rows": element_rows}
    return render(request, "pijlers/progress.html", context)


@login_required
def targets(request, slug):
    """The streefsituatie: per pillar and element the current level against the target, as
    on a chosen date (`?peildatum=`, today by default): both as they were on that day."""
    coalition = get_coalition_for_user(request, slug)
    form = ReferenceDateForm(request.GET or None)
    on = form.cleaned_data["peildatum"] if form.is_valid() else None
    rows = target_rows(coalition, on=on)
    context = {
        "coalition": coalition,
        "form": form,
        "on": on,
        "rows": rows,
        "pillar_chart": charts.target_bar_chart(
            [r for r in rows if r.subject.subject_field == "pillar"]
        ),
        "element_chart": charts.target_bar_chart(
            [r for r in rows if r.subject.subject_field == "element"]
        ),
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/targets.html", context)


@login_required
def target_edit(request, slug, number, kind="pillar"):
    """Set or change the target of one pillar or element (the previous one stays in history)."""
    coalition = get_coalition_for_user(request, slug, write=True)
    subject = _subject(kind, number)
    target = Target.objects.filter(coalition=coalition, **subject_filter(subject)).first()
    form = TargetForm(request.POST or None, instance=target, coalition=coalition, subject=subject)
    return form_page(
        request,
        form,
        template="pijlers/target_form.html",
        context={"coalition": coalition, "subject": subject},
        success_message=_("De streefsituatie van ‘%(s)s’ is opgeslagen.") % {"s": subject.name},
        success_url=reverse("pijlers:targets", args=[coalition.slug]),
    )


@login_required
def coverage(request, slug):
    """Pijlerdekking: which pillars and elements have running work, and which have none."""
    coalition = get_coalition_for_user(request, slug)
    context = {"coalition": coalition, "rows": coverage_rows(coalition)}
    return render(request, "pijlers/coverage.html", context)


@login_required
def monitoring(request, slug):
    """All indicators with a trend chart and a table per indicator."""
    coalition = get_coalition_for_user(request, slug)
    context = {
        "coalition": coalition,
        "trends": _trends_with_charts(coalition),
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/monitoring.html", context)


@login_required
def measurement_add(request, slug):
    coalition = get_coalition_for_user(request, slug, write=True)
    form = MeasurementForm(request.POST or None, coalition=coalition, user=request.user)
    return form_page(
        request,
        form,
        template="pijlers/measurement_form.html",
        context={"coalition": coalition},
        success_message=lambda m: _("Het cijfer ‘%(m)s’ is opgeslagen.") % {"m": m},
        success_url=reverse("pijlers:monitoring", args=[coalition.slug]),
    )


@login_required
def measurement_list(request, slug):
    """Every figure of the coalition's gemeenten, for checking and removing mistakes."""
    coalition = get_coalition_for_user(request, slug)
    measurements = Measurement.objects.for_coalition(coalition).filter(gemeente__isnull=False)
    context = {
        "coalition": coalition,
        "measurements": measurements,
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/measurement_list.html", context)


@login_required
@require_POST
def measurement_delete(request, slug, pk):
    """Remove a wrong figure of one of the coalition's gemeenten (never a national one)."""
    coalition = get_coalition_for_user(request, slug, write=True)
    measurement = get_object_or_404(writable_measurements(request.user, coalition), pk=pk)
    measurement.delete()
    messages.success(request, _("Het cijfer ‘%(m)s’ is verwijderd.") % {"m": measurement})
    return redirect("pijlers:measurement_list", slug=coalition.slug)


def _import_context(request, coalition, allowed) -> dict:
    """What the import page always shows: the columns with the valid gemeenten and indicators
    (code, unit, allowed range) and the link to the template file."""
    return {
        "coalition": coalition,
        "allowed": sorted(allowed) if allowed is not None else None,
        "guide": MeasurementResource.column_guide(allowed_gemeenten=allowed),
        "template_url": reverse("pijlers:measurement_import_template", args=[coalition.slug]),
    }


def _import_job(request, job_id):
    """A background check or import of this user's figures, or None."""
    try:
        return ImportJob.objects.filter(
            pk=job_id, user=request.user, resource=import_jobs.resource_path(MeasurementResource)
        ).first()
    except ValidationError:  # not a UUID
        return None


@login_required
def measurement_import(request, slug):
    """Upload → check of every row (preview) → confirm → all rows written at once.

    The same pipeline as the admin (common.imports, common.import_jobs): the file waits on the
    staging storage between preview and confirm (named in the form by a signed token, not
    kept in the session); confirm or cancel removes it; a file of
    `background_from_rows()` rows or more is checked and imported by the worker, with a
    progress page (`?taak=<id>`).
    """
    coalition = get_coalition_for_user(request, slug, write=True)
    allowed = import_gemeenten_for(request.user, coalition)
    context = _import_context(request, coalition, allowed)
    binding = {"user": request.user.pk, "coalition": coalition.pk}
    step = request.POST.get("step") if request.method == "POST" else None

    if "taak" in request.GET or step == "confirm_job":
        job = _import_job(request, request.GET.get("taak") or request.POST.get("taak"))
        if job is None:
            raise Http404
        if step == "confirm_job":
            if not (job.dry_run and job.succeeded):
                messages.error(request, _("Dit bestand kan niet (meer) worden geïmporteerd."))
                return redirect(f"{request.path}?taak={job.pk}")
            started = import_jobs.confirm(job)
            return redirect(f"{request.path}?taak={started.pk}")
        context.update(job=job, problems=job.problem_sentences)
        response = render(request, "pijlers/measurement_import_job.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    if step in ("confirm", "cancel"):
        staged = import_jobs.read_staged_token(request.POST.get("staged"), **binding)
        if staged is None:
            messages.error(request, _("Er staat geen gecontroleerd bestand klaar; upload opnieuw."))
            return redirect("pijlers:measurement_import", slug=coalition.slug)
        if step == "cancel":
            import_jobs.remove_staged(staged["name"])
            messages.info(request, _("De import is geannuleerd; er is niets opgeslagen."))
            return redirect("pijlers:measurement_import", slug=coalition.slug)
        try:
            with import_jobs.staging_storage().open(staged["name"], "rb") as file:
                dataset, _format = read_dataset(file.read(), staged["file_name"])
        except FileNotFoundError:
            messages.error(request, _("Het bestand is niet meer beschikbaar; upload het opnieuw."))
            return redirect("pijlers:measurement_import", slug=coalition.slug)
        try:
            result = MeasurementResource(allowed_gemeenten=allowed).import_data(
                dataset, dry_run=False
            )
        finally:
            # Imported or refused: nothing reads the file again (a new try is a new upload).
            import_jobs.remove_staged(staged["name"])
        if result.has_errors() or result.has_validation_errors():
            problems = [problem_sentence(*p) for p in import_problems(result)]
            context.update(form=MeasurementImportForm(), problems=problems)
            return render(request, "pijlers/measurement_import.html", context)
        totals = result.totals
        messages.success(
            request,
            _("Import voltooid: %(new)s nieuw, %(update)s bijgewerkt, %(skip)s ongewijzigd.")
            % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
        )
        return redirect("pijlers:monitoring", slug=coalition.slug)

    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        rows = len(form.dataset)
        if rows >= import_jobs.background_from_rows():
            job = import_jobs.start_check(
                user=request.user,
                resource_class=MeasurementResource,
                raw=form.raw,
                file_name=form.filename,
                file_format=form.file_format,
                rows=rows,
                allowed_gemeenten=sorted(allowed) if allowed is not None else None,
            )
            return redirect(f"{request.path}?taak={job.pk}")
        result = MeasurementResource(allowed_gemeenten=allowed).import_data(
            form.dataset, dry_run=True
        )
        if result.has_errors() or result.has_validation_errors():
            problems = [problem_sentence(*p) for p in import_problems(result)]
            context.update(form=form, problems=problems)
        else:
            name = import_jobs.stage(form.raw, form.file_format)
            context.update(
                form=None,
                staged=import_jobs.staged_token(
                    name, file_name=form.filename, file_format=form.file_format, **binding
                ),
                preview=form.dataset.dict,
                headers=form.dataset.headers,
                totals=result.totals,
                filename=form.filename,
            )
        return render(request, "pijlers/measurement_import.html", context)
    context["form"] = form
    return render(request, "pijlers/measurement_import.html", context)


@login_required
def measurement_import_template(request, slug):
    """An empty XLSX with the import's columns, to fill in (the one exporter). It holds no
    data, so whoever may read the coalition may download it."""
    coalition = get_coalition_for_user(request, slug)
    return export_response(
        MeasurementResource.template_dataset(),
        "xlsx",
        f"sjabloon-cijfers-{coalition.slug}",
        title=_("Cijfers"),
    )


@login_required
def palette(request, slug):
    """The matrix life phase × vulnerability level with overlaps and gaps."""
    coalition = get_coalition_for_user(request, slug)
    offerings = Offering.objects.for_coalition(coalition)
    rows = offerings.palette()
    context = {
        "coalition": coalition,
        "levels": Vulnerability.choices,
        "rows": [(LifePhase(phase).label, cells) for phase, cells in rows],
        "offerings": offerings,
        "gap_count": sum(c.is_gap for _p, cells in rows for c in cells),
        "overlap_count": sum(c.is_overlap for _p, cells in rows for c in cells),
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/palette.html", context)


@login_required
def offering_edit(request, slug, pk=None):
    coalition = get_coalition_for_user(request, slug, write=True)
    offering = None
    if pk is not None:
        offering = get_object_or_404(Offering.objects.for_coalition(coalition), pk=pk)
    form = OfferingForm(request.POST or None, instance=offering, coalition=coalition)
    return form_page(
        request,
        form,
        template="pijlers/offering_form.html",
        context={"coalition": coalition, "offering": offering},
        success_message=lambda o: _("Het aanbod ‘%(o)s’ is opgeslagen.") % {"o": o},
        success_url=reverse("pijlers:palette", args=[coalition.slug]),
    )


@login_required
@require_POST
def offering_delete(request, slug, pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    offering = get_object_or_404(Offering.objects.for_coalition(coalition), pk=pk)
    offering.delete()
    messages.success(request, _("Het aanbod ‘%(o)s’ is verwijderd.") % {"o": offering})
    return redirect("pijlers:palette", slug=coalition.slug)


@login_required
def expertise(request, slug):
    """The needed expertise and which partners cover it."""
    coalition = get_coalition_for_user(request, slug)
    items = list(NeededExpertise.objects.for_coalition(coalition))
    context = {
        "coalition": coalition,
        "items": items,
        "uncovered": [e for e in items if not e.active_partners],
        "can_edit": can_edit(request.user, coalition),
    }
    return render(request, "pijlers/expertise.html", context)


@login_required
def expertise_edit(request, slug, pk=None):
    coalition = get_coalition_for_user(request, slug, write=True)
    item = None
    if pk is not None:
        item = get_object_or_404(NeededExpertise, coalition=coalition, pk=pk)
    form = NeededExpertiseForm(request.POST or None, instance=item, coalition=coalition)
    return form_page(
        request,
        form,
        template="pijlers/expertise_form.html",
        context={"coalition": coalition, "item": item},
        success_message=lambda e: _("De expertise ‘%(e)s’ is opgeslagen.") % {"e": e.name},
        success_url=reverse("pijlers:expertise", args=[coalition.slug]),
    )


@login_required
@require_POST
def expertise_delete(request, slug, pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    item = get_object_or_404(NeededExpertise, coalition=coalition, pk=pk)
    with transaction.atomic():
        item.covered_by.clear()
        item.delete()
    messages.success(request, _("De expertise ‘%(e)s’ is verwijderd.") % {"e": item.name})
    return redirect("pijlers:expertise", slug=coalition.slug)
