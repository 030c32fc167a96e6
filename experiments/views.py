"""Werkagenda and agreements: workspace pages (editors write, members and Pharos read) and the
public werkagenda (published items, agreement facts without documents or signers' names)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalitions.models import Coalition
from coalitions.permissions import can_edit, get_coalition_for_user, viewer_role
from common import page_cache
from common.forms import display_date
from common.quarters import quarter_label, quarter_of
from common.stale_edit import form_page
from experiments.forms import (
    AgreementForm,
    BottleneckForm,
    DeleteReviewForm,
    EscalationForm,
    LearningFilterForm,
    ResolveForm,
    ResultForm,
    ReviewForm,
    SignatoryFormSet,
    ThemeForm,
    TimelineFilterForm,
    WorkItemForm,
    signatory_form_kwargs,
)
from experiments.models import (
    Agreement,
    Bottleneck,
    EscalationLevel,
    Result,
    Signatory,
    Theme,
    WorkItem,
    WorkItemReview,
)
from experiments.search import (
    attach_similar_knelpunten,
    offered_interventions,
    search,
    similar_to,
    visible_coalition_ids,
)
from experiments.services import escalate_bottleneck
from experiments.timeline import (
    SAVED_PARAM,
    build_timeline,
    default_year,
    touches_year,
    year_window,
    years_with_items,
)


def public_context(coalition) -> dict:
    """Context for `_public_werkagenda.html` and `_public_agreements.html` on the public
    coalition page: the published work items of one year (as the werkagenda opens: this year,
    or the nearest with items) with links to the other years, and the agreements' public facts
    (no PDFs, no signers' names). Three queries, whatever the number of items."""
    published = list(WorkItem.objects.filter(coalition=coalition).for_public_page())
    this_year = timezone.localdate().year
    years = years_with_items(
        ((i.start_quarter, i.end_quarter) for i in published), this_year=this_year
    )
    year = default_year(years, this_year=this_year)
    return {
        "public_work_items": [
            i for i in published if touches_year(i.start_quarter, i.end_quarter, year)
        ],
        "public_work_year": year,
        "public_work_years": years,
        "public_agreements": list(Agreement.objects.filter(coalition=coalition).public_facts()),
    }


# Open knelpunten listed on the workspace overview; the rest are one click away.
DASHBOARD_BOTTLENECKS = 5


def dashboard_werkagenda_context(coalition, *, today) -> dict:
    """The workspace overview's card "Werkagenda dit kwartaal": the items whose timeline
    covers today's quarter (`in_quarter`), with their lead partner. One query."""
    quarter = quarter_of(today)
    items = (
        WorkItem.objects.filter(coalition=coalition)
        .in_quarter(quarter)
        .select_related("lead_partner__organisation")
        .order_by("start_quarter", "title")
    )
    return {"quarter": quarter_label(quarter), "items": list(items)}


def dashboard_bottlenecks_context(coalition, *, today) -> dict:
    """The workspace overview's card "Open knelpunten": the first few, highest level first,
    and how many are open (the open-bottleneck attention check's annotation). One query."""
    shown = (
        Bottleneck.objects.open()
        .filter(work_item__coalition=coalition)
        .for_overview()
        .prefetch_related(None)
    )
    bottlenecks = list(shown[:DASHBOARD_BOTTLENECKS])
    count = getattr(coalition, "open_bottleneck_count", None)
    return {"bottlenecks": bottlenecks, "count": len(bottlenecks) if count is None else count}


def _timeline_context(request, coalition, items):
    """Filter form, the year shown (?jaar=) with links to the years that have items, that
    year's filtered items and the grid; a fixed number of queries (the years cost one, of
    three integers per item; the themes come with the items)."""
    form = TimelineFilterForm(request.GET or None, coalition=coalition)
    filters = form.filter_kwargs()
    filtered = items.filtered(**filters)
    saved = request.GET.get(SAVED_PARAM, "")
    window = year_window(
        filtered.values_list("pk", "start_quarter", "end_quarter"),
        request.GET,
        this_year=timezone.localdate().year,
        saved_pk=int(saved) if saved.isdigit() else None,
    )
    items = list(filtered.in_year(window.year).for_timeline())
    timeline = build_timeline(items, only_theme=filters.get("theme"), year=window.year)
    return {
        "filter_form": form,
        "is_filtered": bool(filters),
        "year_window": window,
        "timeline": timeline,
        "items": items,
    }


def saved_item_url(item) -> str:
    """The werkagenda with `item` highlighted and scrolled to."""
    url = reverse("experiments:timeline", args=[item.coalition.slug])
    return f"{url}?{SAVED_PARAM}={item.pk}#opgeslagen-{item.pk}"


def _mark_saved(request, context) -> None:
    """Mark the item named by ?opgeslagen= among the listed items (junk or another
    coalition's id marks nothing): `saved_item`, and the anchor on its first row."""
    raw = request.GET.get(SAVED_PARAM, "")
    saved = next((i for i in context["items"] if raw.isdigit() and i.pk == int(raw)), None)
    context["saved_item"] = saved
    if saved is None:
        return
    for group in context["timeline"].groups:
        for row in group.rows:
            if row.item.pk == saved.pk:
                row.saved_anchor = True
                return


# --- Workspace: werkagenda ------------------------------------------------------------------


@login_required
def timeline(request, slug):
    # The open knelpunten, the filters and the grid are a cached fragment under the
    # coalition's version and the viewer's role (editors get edit links). The version comes
    # with the coalition's row, the rest after it: common/page_cache.py, "Race".
    coalition = get_coalition_for_user(
        request, slug, queryset=page_cache.with_versions(Coalition.objects.all())
    )
    fragment = page_cache.fragment(
        request,
        "timeline",
        role=viewer_role(request.user, coalition),
        versions=coalition.page_cache_versions,
    )
    context = {
        "fragment": fragment,
        "coalition": coalition,
        "can_edit": can_edit(request.user, coalition),
    }
    if not fragment.hit:
        items = WorkItem.objects.filter(coalition=coalition)
        context.update(_timeline_context(request, coalition, items))
        _mark_saved(request, context)
        context["open_per_level"] = [
            (EscalationLevel(level).label, n)
            for level, n in Bottleneck.objects.filter(work_item__coalition=coalition)
            .open_count_per_level()
            .items()
        ]
    return render(request, "experiments/timeline.html", context)


@login_required
def item_detail(request, slug, pk):
    coalition = get_coalition_for_user(request, slug)
    item = get_object_or_404(
        # The denkraam's pillars and elements it works on (two queries, not per row).
        WorkItem.objects.for_timeline().prefetch_related("pillars", "elements"),
        coalition=coalition,
        pk=pk,
    )
    bottlenecks = list(Bottleneck.objects.filter(work_item=item).for_overview())
    attach_similar_knelpunten(bottlenecks)
    return render(
        request,
        "experiments/item_detail.html",
        {
            "coalition": coalition,
            "item": item,
            "bottlenecks": bottlenecks,
            "results": Result.objects.filter(work_item=item).select_related("indicator"),
            # What other coalitions did on the same subject (published work only); the
            # item's knelpunten count as part of its subject.
            "similar": similar_to(item, extra_text=" ".join(b.description for b in bottlenecks)),
            "reviews": item.reviews.select_related("meeting").order_by("reviewed_on"),
            "can_edit": can_edit(request.user, coalition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, slug, item_pk=None, pk=None):
    """Record a result of item `item_pk`, or change result `pk` (of this coalition)."""
    coalition = get_coalition_for_user(request, slug, write=True)
    if pk is not None:
        result = get_object_or_404(
            Result.objects.select_related("work_item"), work_item__coalition=coalition, pk=pk
        )
        item = result.work_item
    else:
        result = None
        item = get_object_or_404(WorkItem, coalition=coalition, pk=item_pk)
    form = ResultForm(request.POST or None, instance=result, work_item=item)
    return form_page(
        request,
        form,
        template="experiments/result_form.html",
        context={"coalition": coalition, "item": item, "result": result},
        success_message=_("Het resultaat is opgeslagen."),
        success_url=item.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, pk=None):
    coalition = get_coalition_for_user(request, slug, write=True)
    item = get_object_or_404(WorkItem, coalition=coalition, pk=pk) if pk else None
    form = WorkItemForm(request.POST or None, instance=item, coalition=coalition)
    # A form loaded before a colleague's save is refused with what changed (HTTP 409).
    return form_page(
        request,
        form,
        template="experiments/item_form.html",
        context={"coalition": coalition, "item": item},
        success_message=lambda item: _("‘%(title)s’ is opgeslagen.") % {"title": item.title},
        success_url=saved_item_url,
    )


@login_required
def theme_list(request, slug):
    coalition = get_coalition_for_user(request, slug)
    return render(
        request,
        "experiments/theme_list.html",
        {
            "coalition": coalition,
            "themes": Theme.objects.for_coalition(coalition),
            "can_edit": can_edit(request.user, coalition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request, slug, pk=None):
    coalition = get_coalition_for_user(request, slug, write=True)
    theme = get_object_or_404(Theme, coalition=coalition, pk=pk) if pk else None
    form = ThemeForm(request.POST or None, instance=theme, coalition=coalition)
    return form_page(
        request,
        form,
        template="experiments/theme_form.html",
        context={"coalition": coalition, "theme": theme},
        success_message=lambda theme: _("Thema ‘%(name)s’ is opgeslagen.") % {"name": theme.name},
        success_url=reverse("experiments:theme_list", args=[coalition.slug]),
    )


# --- Workspace: bottlenecks -----------------------------------------------------------------


@login_required
def bottleneck_overview(request, slug):
    """Open bottlenecks of the coalition, per level (highest first), with their history."""
    coalition = get_coalition_for_user(request, slug)
    open_bottlenecks = list(
        Bottleneck.objects.filter(work_item__coalition=coalition).open().for_overview()
    )
    # How other coalitions solved something like it (published work only).
    attach_similar_knelpunten(open_bottlenecks)
    by_level = {level: [] for level in reversed(EscalationLevel.values)}
    for bottleneck in open_bottlenecks:
        by_level[bottleneck.level].append(bottleneck)
    levels = [(EscalationLevel(level).label, rows) for level, rows in by_level.items()]
    return render(
        request,
        "experiments/bottleneck_overview.html",
        {
            "coalition": coalition,
            "levels": levels,
            "open_count": len(open_bottlenecks),
            "can_edit": can_edit(request.user, coalition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bottleneck_create(request, slug, item_pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    item = get_object_or_404(WorkItem, coalition=coalition, pk=item_pk)
    form = BottleneckForm(request.POST or None, work_item=item)
    return form_page(
        request,
        form,
        template="experiments/bottleneck_form.html",
        context={"coalition": coalition, "item": item, "title": _("Knelpunt inbrengen")},
        success_message=_("Het knelpunt is vastgelegd op het niveau werkgroep."),
        success_url=item.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, slug, item_pk):
    """Record that an item was discussed ("getoetst") at a level, e.g. at a meeting."""
    coalition = get_coalition_for_user(request, slug, write=True)
    item = get_object_or_404(WorkItem, coalition=coalition, pk=item_pk)
    return form_page(
        request,
        ReviewForm(request.POST or None, item=item),
        template="experiments/review_form.html",
        context={"coalition": coalition, "item": item, "title": _("Toetsing vastleggen")},
        success_message=lambda review: (
            _("Vastgelegd: getoetst %(level)s op %(date)s.")
            % {
                "level": review.get_level_display().lower(),
                "date": display_date(review.reviewed_on),
            }
        ),
        success_url=item.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request, slug, pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    review = get_object_or_404(
        WorkItemReview.objects.select_related("item"), item__coalition=coalition, pk=pk
    )

    def delete(form):
        form.instance.delete()
        return form.instance

    return form_page(
        request,
        DeleteReviewForm(request.POST or None, instance=review),
        template="experiments/review_form.html",
        context={
            "coalition": coalition,
            "item": review.item,
            "review": review,
            "title": _("Toetsing verwijderen"),
        },
        success_message=_("De toetsing is verwijderd."),
        success_url=review.item.get_absolute_url(),
        save=delete,
    )


def _get_bottleneck(coalition, pk):
    return get_object_or_404(
        Bottleneck.objects.select_related("work_item"), work_item__coalition=coalition, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def bottleneck_escalate(request, slug, pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    bottleneck = _get_bottleneck(coalition, pk)
    if not bottleneck.can_escalate:
        messages.error(request, _("Dit knelpunt kan niet verder worden opgeschaald."))
        return redirect(bottleneck.work_item.get_absolute_url())
    form = EscalationForm(request.POST or None, bottleneck=bottleneck)
    return form_page(
        request,
        form,
        template="experiments/bottleneck_form.html",
        context={
            "coalition": coalition,
            "item": bottleneck.work_item,
            "bottleneck": bottleneck,
            "title": _("Knelpunt opschalen"),
        },
        success_message=lambda step: (
            _("Het knelpunt is opgeschaald naar %(level)s.")
            % {"level": step.get_to_level_display().lower()}
        ),
        success_url=bottleneck.work_item.get_absolute_url(),
        save=lambda form: escalate_bottleneck(bottleneck=bottleneck, **form.cleaned_data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bottleneck_resolve(request, slug, pk):
    coalition = get_coalition_for_user(request, slug, write=True)
    bottleneck = _get_bottleneck(coalition, pk)
    if not bottleneck.is_open:
        messages.error(request, _("Dit knelpunt is al opgelost."))
        return redirect(bottleneck.work_item.get_absolute_url())
    form = ResolveForm(request.POST or None, instance=bottleneck)
    return form_page(
        request,
        form,
        template="experiments/bottleneck_form.html",
        context=lambda form: {
            "coalition": coalition,
            "item": bottleneck.work_item,
            "bottleneck": form.instance,
            "title": _("Knelpunt oplossen"),
        },
        success_message=_("Het knelpunt is als opgelost vastgelegd."),
        success_url=bottleneck.work_item.get_absolute_url(),
    )


# --- Workspace: agreements ------------------------------------------------------------------


@login_required
def agreement_list(request, slug):
    coalition = get_coalition_for_user(request, slug)
    return render(
        request,
        "experiments/agreement_list.html",
        {
            "coalition": coalition,
            "agreements": Agreement.objects.filter(coalition=coalition).with_signatories(),
            "can_edit": can_edit(request.user, coalition),
        },
    )


@login_required
def agreement_detail(request, slug, pk):
    coalition = get_coalition_for_user(request, slug)
    agreement = get_object_or_404(Agreement.objects.with_signatories(), coalition=coalition, pk=pk)
    return render(
        request,
        "experiments/agreement_detail.html",
        {
            "coalition": coalition,
            "agreement": agreement,
            "can_edit": can_edit(request.user, coalition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, slug, pk=None):
    coalition = get_coalition_for_user(request, slug, write=True)
    agreement = get_object_or_404(Agreement, coalition=coalition, pk=pk) if pk else None
    old_pdf_name = agreement.pdf.name if agreement else ""
    # An empty POST is an unbound form (as on the other edit pages), not a stale one.
    data = request.POST or None
    files = request.FILES if data is not None else None
    form = AgreementForm(data, files, instance=agreement, coalition=coalition)

    def signatories(data, instance):
        return SignatoryFormSet(
            data,
            instance=instance,
            queryset=Signatory.objects.select_related("partner__organisation"),
            form_kwargs=signatory_form_kwargs(coalition, instance),
            prefix="signatories",
        )

    formset = signatories(data, form.instance)

    def save(form):
        agreement = form.save()
        formset.instance = agreement
        formset.save()
        if old_pdf_name and agreement.pdf.name != old_pdf_name:
            storage = agreement.pdf.storage
            transaction.on_commit(lambda: storage.delete(old_pdf_name))
        return agreement

    # Form and signatories validated before anything is written: a bad PDF or a bad signatory
    # stores nothing; a form loaded before a colleague's save is refused (HTTP 409) and shows
    # the stored signatories again.
    return form_page(
        request,
        form,
        template="experiments/agreement_form.html",
        context=lambda form: {
            "coalition": coalition,
            "agreement": agreement,
            "formset": formset if form.is_bound else signatories(None, form.instance),
        },
        success_message=lambda agreement: (
            _("De afspraak ‘%(title)s’ is opgeslagen.") % {"title": agreement.title}
        ),
        success_url=lambda agreement: agreement.get_absolute_url(),
        save=save,
        also_valid=[formset],
    )


@login_required
def agreement_pdf(request, slug, pk):
    """The agreement's PDF, for those who may see the coalition's workspace; nobody else."""
    coalition = get_coalition_for_user(request, slug)
    agreement = get_object_or_404(Agreement, coalition=coalition, pk=pk)
    if not agreement.pdf:
        raise Http404
    try:
        handle = agreement.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"{slugify(agreement.title) or 'afspraak'}-{agreement.signed_on:%Y-%m-%d}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Public ---------------------------------------------------------------------------------


def learning(request):
    """Leren van elkaar: search what all coalitions tried and learnt (experiments/search.py).
    Public; a logged-in user also finds the unpublished work of coalitions they may open.

    The form and the hits are a cached fragment (common/page_cache.py) under the versions of
    every coalition and the reference data (a hit costs that query, plus the ids below for a
    logged-in user). The key's role is exactly what the hits depend on of the viewer: the ids
    of the coalitions whose unpublished work they find (`visible_coalition_ids`, the search's
    own rule), which the search is then given. So the public, and every user who may open no
    coalition, share one entry; a member's unpublished items are stored only under a key with
    their coalitions' ids, never under the public one. The form is a GET form: no CSRF token."""
    visible = visible_coalition_ids(request.user)
    # The versions before the data: see common/page_cache.py, "Race".
    fragment = page_cache.fragment(
        request,
        "learning",
        role="coalitions:" + ",".join(map(str, visible)) if visible else "public",
        versions=page_cache.every_version(),
    )
    if fragment.hit:
        return render(request, "experiments/learning.html", {"fragment": fragment})
    form = LearningFilterForm(request.GET or None, interventions=offered_interventions())
    filters = form.filters()
    page = search(filters, visible, request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "experiments/learning.html",
        {
            "fragment": fragment,
            "form": form,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
        },
    )


def public_werkagenda(request, slug):
    """Published items and the facts of agreements: no documents, no names of people.

    The body is a cached fragment (common/page_cache.py) under the coalition's version; the
    page is the same for everyone ("public"). The version comes with the coalition's row, the
    rest after it: common/page_cache.py, "Race"."""
    coalition = get_object_or_404(page_cache.with_versions(Coalition.objects.all()), slug=slug)
    fragment = page_cache.fragment(
        request, "public_werkagenda", role="public", versions=coalition.page_cache_versions
    )
    context = {"coalition": coalition, "fragment": fragment}
    if fragment.hit:
        return render(request, "experiments/public_werkagenda.html", context)
    context.update(
        _timeline_context(
            request, coalition, WorkItem.objects.filter(coalition=coalition).published()
        )
    )
    # The items' results are published with them (one query for the whole page).
    results: dict[int, list] = {}
    published_results = Result.objects.published().select_related("indicator")
    for result in published_results.filter(work_item__coalition=coalition):
        results.setdefault(result.work_item_id, []).append(result)
    for item in context["items"]:
        item.public_results = results.get(item.pk, [])
    context["agreements"] = Agreement.objects.filter(coalition=coalition).public_facts()
    return render(request, "experiments/public_werkagenda.html", context)
