"""Relations between partners: the workspace's list and matrix (partners × partners), the forms
to add, change and end a relation, and the network page (public and in the workspace).

Apart from views.py (partner management and the partner map) so neither grows past the
guideline. Members read, editors write (`get_coalition_for_user(..., write=True)`); the public
network page shows relations between organisations only: no people, no internal notes
(`PartnerRelation.objects.for_public_display()`).
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coalitions.models import Coalition
from coalitions.permissions import can_edit, can_view, get_coalition_for_user, viewer_role
from coalitions.views import workspace_context
from common import page_cache
from common.stale_edit import form_page
from partners.connections import coalition_connections
from partners.forms import (
    AddRelationForm,
    DeletePathForm,
    DeleteStepForm,
    EditRelationForm,
    EndRelationForm,
    MeetingForm,
    ReferralPathForm,
    ReferralStepForm,
)
from partners.models import (
    DIRECTED_KINDS,
    Meeting,
    MeetingLevel,
    PartnerRelation,
    ReferralPath,
    RelationKind,
)
from partners.network import build_network
from partners.permissions import (
    get_meeting_for_user,
    get_path_for_user,
    get_relation_for_user,
    get_step_for_user,
)

# One letter per kind in the matrix, explained in its legend.
KIND_LETTERS = {
    RelationKind.VERWIJST: "V",
    RelationKind.WARME_OVERDRACHT: "W",
    RelationKind.CASUSOVERLEG: "C",
    RelationKind.GEZAMENLIJK_AANBOD: "A",
    RelationKind.GEGEVENSUITWISSELING: "G",
}


def _relations_url(coalition):
    return reverse("partners:workspace_relations", args=[coalition.slug])


def _context(request, coalition, **extra):
    return {**workspace_context(request, coalition, "relations"), **extra}


# --- The network page (public, and the same inside the workspace) ---


def _network_context(request, coalition, *, insider):
    """Partners, running relations (filtered on `?soort=`), the picture and who stands alone,
    in a fixed number of queries whatever the number of partners and relations."""
    today = datetime.date.today()
    kind = request.GET.get("soort", "")
    kind = kind if kind in RelationKind.values else ""
    partnerships = list(coalition.partners.running(today).for_map())
    relations = PartnerRelation.objects.filter(coalition=coalition).running(today)
    relations = relations.for_display() if insider else relations.for_public_display()
    if kind:
        relations = relations.filter(kind=kind)
    relations = list(relations)
    # The figure and who stands alone come from the one place (partners/connections.py), over
    # every relation, whatever the filter shows; the inferred links are not needed here.
    connections = coalition_connections(coalition, partnerships, sources=[], on=today)
    alone = connections.alone
    paths = list(ReferralPath.objects.filter(coalition=coalition).with_steps(today))
    path = next((p for p in paths if str(p.pk) == request.GET.get("pad")), None)
    network = build_network(partnerships, relations, alone_ids={p.pk for p in alone}, path=path)
    bridge_ids = {edge.relation.pk for edge in network.edges if edge.bridge}
    return {
        "coalition": coalition,
        "insider": insider,
        "kind": kind,
        "kind_choices": RelationKind.choices,
        "kind_label": dict(RelationKind.choices).get(kind, ""),
        "partnerships": partnerships,
        "relations": relations,
        "bridge_ids": bridge_ids,
        "connections": connections,
        "alone": alone,
        "network": network,
        "paths": paths,
        "path": path,
    }


def network(request, slug):
    """The coalition's network: who refers to whom, as a picture and as a table."""
    # The body is a cached fragment under the coalition's version and the viewer's role (an
    # insider sees internal notes). The version comes with the coalition's row, the rest
    # after it: common/page_cache.py, "Race".
    coalition = get_object_or_404(page_cache.with_versions(Coalition.objects.all()), slug=slug)
    insider = can_view(request.user, coalition)
    fragment = page_cache.fragment(
        request,
        "network",
        role=viewer_role(request.user, coalition),
        versions=coalition.page_cache_versions,
    )
    if fragment.hit:
        context = {"coalition": coalition, "fragment": fragment}
    else:
        context = {**_network_context(request, coalition, insider=insider), "fragment": fragment}
    response = render(request, "partners/network.html", context)
    if insider:  # internal notes: never in a shared cache
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def workspace_network(request, slug):
    coalition = get_coalition_for_user(request, slug)
    context = _network_context(request, coalition, insider=True)
    return render(
        request, "partners/workspace_network.html", {**context, **_context(request, coalition)}
    )


# --- Workspace: the relations and the matrix ---


def _matrix(partnerships, relations, *, add_url):
    """Rows of the partners × partners matrix: per row partner, per column partner the kinds
    of the running relations from the row to the column (mutual kinds in both cells), and
    the link to add one. No queries."""
    cells: dict[tuple[int, int], list] = {}
    for relation in relations:
        entry = (KIND_LETTERS[relation.kind], relation.get_kind_display())
        cells.setdefault((relation.source_id, relation.target_id), []).append(entry)
        if relation.kind not in DIRECTED_KINDS:
            cells.setdefault((relation.target_id, relation.source_id), []).append(entry)
    return [
        {
            "partnership": row,
            "cells": [
                {
                    "column": column,
                    "self": column.pk == row.pk,
                    "kinds": sorted(cells.get((row.pk, column.pk), [])),
                    "add_url": f"{add_url}?{urlencode({'van': row.pk, 'naar': column.pk})}",
                }
                for column in partnerships
            ],
        }
        for row in partnerships
    ]


@login_required
def workspace_relations(request, slug):
    """Every relation of the coalition (running, upcoming, ended) and the matrix."""
    coalition = get_coalition_for_user(request, slug)
    today = datetime.date.today()
    partnerships = list(coalition.partners.running(today).for_map())
    relations = list(PartnerRelation.objects.filter(coalition=coalition).for_display())
    running = [r for r in relations if r.is_running(today)]
    upcoming = [r for r in relations if r not in running and r.since > today]
    ended = [r for r in relations if r not in running and r not in upcoming]
    add_url = reverse("partners:workspace_relation_add", args=[coalition.slug])
    return render(
        request,
        "partners/workspace_relations.html",
        _context(
            request,
            coalition,
            running=running,
            upcoming=upcoming,
            ended=ended,
            partnerships=partnerships,
            matrix=_matrix(partnerships, running, add_url=add_url),
            letters=[(KIND_LETTERS[v], label) for v, label in RelationKind.choices],
        ),
    )


def _back(request, coalition):
    """Back to where the editor came from: the partner page or the relations page."""
    if request.GET.get("terug") == "partners":
        return reverse("partners:workspace_partners", args=[coalition.slug])
    return _relations_url(coalition)


@login_required
def workspace_relation_add(request, slug):
    """A new relation; `?van=`, `?naar=` and `?soort=` prefill it (from the partner page and
    the matrix)."""
    coalition = get_coalition_for_user(request, slug, write=True)
    initial = {
        "source": request.GET.get("van"),
        "target": request.GET.get("naar"),
        "kind": request.GET.get("soort"),
    }
    form = AddRelationForm(
        request.POST or None,
        coalition=coalition,
        initial={k: v for k, v in initial.items() if v},
        instance=PartnerRelation(coalition=coalition),
    )
    back = _back(request, coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_relation_form.html",
        context=_context(request, coalition, back=back, adding=True),
        success_message=lambda relation: (
            _("De relatie is vastgelegd: %(relation)s.") % {"relation": relation}
        ),
        success_url=back,
    )


@login_required
def workspace_relation_edit(request, slug, pk):
    coalition, relation = get_relation_for_user(request, slug, pk, write=True)
    form = EditRelationForm(request.POST or None, instance=relation, coalition=coalition)
    back = _back(request, coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_relation_form.html",
        context=_context(request, coalition, relation=relation, back=back),
        success_message=_("De relatie is opgeslagen: %(relation)s.") % {"relation": relation},
        success_url=back,
    )


@login_required
def workspace_relation_end(request, slug, pk):
    """End a relation: it gets an end date and stays in the history, never deleted."""
    coalition, relation = get_relation_for_user(request, slug, pk, write=True)
    form = EndRelationForm(request.POST or None, instance=relation)
    back = _back(request, coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_relation_end.html",
        context=_context(request, coalition, relation=relation, back=back),
        success_message=_("De relatie is beëindigd: %(relation)s.") % {"relation": relation},
        success_url=back,
    )


# --- Workspace: referral paths (zorgpaden) ---


def _paths_url(coalition):
    return reverse("partners:workspace_paths", args=[coalition.slug])


@login_required
def workspace_paths(request, slug):
    """The coalition's referral paths, each step flagged when no relation runs behind it."""
    coalition = get_coalition_for_user(request, slug)
    paths = list(ReferralPath.objects.filter(coalition=coalition).with_steps())
    return render(
        request, "partners/workspace_paths.html", _context(request, coalition, paths=paths)
    )


@login_required
def workspace_path_add(request, slug):
    coalition = get_coalition_for_user(request, slug, write=True)
    form = ReferralPathForm(request.POST or None, instance=ReferralPath(coalition=coalition))
    return form_page(
        request,
        form,
        template="partners/workspace_path_form.html",
        context=_context(request, coalition),
        success_message=lambda path: (
            _("Zorgpad ‘%(title)s’ is aangemaakt; voeg de stappen toe.") % {"title": path.title}
        ),
        success_url=lambda path: reverse("partners:workspace_path", args=[coalition.slug, path.pk]),
    )


@login_required
def workspace_path(request, slug, pk):
    """One path with its steps; editors add the next step here (members read)."""
    coalition, path = get_path_for_user(request, slug, pk, write=request.method == "POST")
    context = _context(request, coalition, path=path)
    if not can_edit(request.user, coalition):
        return render(request, "partners/workspace_path.html", context)
    return form_page(
        request,
        ReferralStepForm(request.POST or None, path=path),
        template="partners/workspace_path.html",
        context=context,
        success_message=_("De stap is toegevoegd."),
        success_url=request.path,
    )


@login_required
def workspace_path_edit(request, slug, pk):
    """Change a path's title or description (its steps are edited on the path's page)."""
    coalition, path = get_path_for_user(request, slug, pk, write=True)
    return form_page(
        request,
        ReferralPathForm(request.POST or None, instance=path),
        template="partners/workspace_path_form.html",
        context=_context(request, coalition, path=path),
        success_message=_("Het zorgpad is opgeslagen."),
        success_url=reverse("partners:workspace_path", args=[coalition.slug, path.pk]),
    )


@login_required
def workspace_path_delete(request, slug, pk):
    """Remove a path with its steps; the relations between the partners stay."""
    coalition, path = get_path_for_user(request, slug, pk, write=True)

    def delete(form):
        form.instance.delete()
        return form.instance

    return form_page(
        request,
        DeletePathForm(request.POST or None, instance=path),
        template="partners/workspace_path_delete.html",
        context=_context(request, coalition, path=path),
        success_message=lambda deleted: (
            _("Zorgpad ‘%(title)s’ is verwijderd.") % {"title": deleted.title}
        ),
        success_url=_paths_url(coalition),
        save=delete,
    )


@login_required
def workspace_step_delete(request, slug, pk):
    coalition, step = get_step_for_user(request, slug, pk, write=True)
    form = DeleteStepForm(request.POST or None, instance=step)

    def delete(form):
        form.instance.delete()
        return form.instance

    return form_page(
        request,
        form,
        template="partners/workspace_step_delete.html",
        context=_context(request, coalition, step=step),
        success_message=_("De stap is verwijderd."),
        success_url=reverse("partners:workspace_path", args=[coalition.slug, step.path_id]),
        save=delete,
    )


# --- Workspace: meetings (overleggen) ---


@login_required
def workspace_meetings(request, slug):
    """The coalition's meetings per level, newest first, with who took part and what was
    decided; editors record a new one."""
    coalition = get_coalition_for_user(request, slug)
    level = request.GET.get("niveau", "")
    level = level if level in MeetingLevel.values else ""
    meetings = Meeting.objects.filter(coalition=coalition).with_participants()
    if level:
        meetings = meetings.filter(level=level)
    return render(
        request,
        "partners/workspace_meetings.html",
        _context(
            request,
            coalition,
            meetings=list(meetings),
            level=level,
            level_choices=MeetingLevel.choices,
        ),
    )


@login_required
def workspace_meeting_add(request, slug):
    coalition = get_coalition_for_user(request, slug, write=True)
    form = MeetingForm(request.POST or None, coalition=coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_meeting_form.html",
        context=_context(request, coalition),
        success_message=lambda meeting: (
            _("Het overleg is vastgelegd: %(meeting)s.") % {"meeting": meeting}
        ),
        success_url=reverse("partners:workspace_meetings", args=[coalition.slug]),
    )


@login_required
def workspace_meeting_edit(request, slug, pk):
    """Correct a recorded meeting: its level, date, title, organisations or decisions."""
    coalition, meeting = get_meeting_for_user(request, slug, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, coalition=coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_meeting_form.html",
        context=_context(request, coalition, meeting=meeting),
        success_message=lambda meeting: (
            _("Het overleg is opgeslagen: %(meeting)s.") % {"meeting": meeting}
        ),
        success_url=reverse("partners:workspace_meetings", args=[coalition.slug]),
    )
