from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.formats.base_formats import CSV, XLSX

from coalitions.models import Coalition
from coalitions.permissions import can_view
from partners.connections import coalition_connections
from partners.forms import PartnerMapFilterForm
from partners.models import CoalitionPartner, Domain
from partners.resources import PartnerMapResource

# --- Partner map ---
#
# One public page per coalition. Everyone sees the organisations; contact people (personal
# data) only members, editors and Pharos: `coalitions.permissions.can_view`. Users of other
# coalitions are the public here. The export is the page's visible list in a file, under the
# same rule.

# A domain with this many partners or fewer is called out as thin (zero: missing).
THIN_DOMAIN_MAX = 1
# Domains whose absence the page calls out; "overig" is welcome but never missed.
DOMAINS_TO_CALL_OUT = [
    Domain.MEDISCH,
    Domain.PUBLIEKE_GEZONDHEID,
    Domain.SOCIAAL,
    Domain.INFORMEEL,
]
EXPORT_FORMATS = {"csv": CSV, "xlsx": XLSX}
# "Geen partner uit ...": the domain as a Dutch sentence needs it.
DOMAIN_PHRASES = {
    Domain.MEDISCH: _lazy("het medisch domein"),
    Domain.PUBLIEKE_GEZONDHEID: _lazy("de publieke gezondheid"),
    Domain.SOCIAAL: _lazy("het sociaal domein"),
    Domain.INFORMEEL: _lazy("het informele domein"),
    Domain.OVERIG: _lazy("de overige organisaties"),
}


def _partner_map_data(request, slug):
    """Everything the page and its export show, in a fixed number of queries."""
    coalition = get_object_or_404(Coalition, slug=slug)
    show_contacts = can_view(request.user, coalition)
    form = PartnerMapFilterForm(request.GET or None)
    partners = CoalitionPartner.objects.filter(coalition=coalition).active().for_map()
    visible = partners.matching(**form.filters())
    if show_contacts:
        visible = visible.with_contacts()
    visible = _in_domain_order(list(visible))
    return coalition, show_contacts, form, partners, visible


def _in_domain_order(partnerships):
    """Partnerships grouped by domain (in the programme's order), by name within a domain."""
    rank = {d: i for i, d in enumerate(Domain.values)}
    return sorted(
        partnerships,
        key=lambda p: (rank.get(p.organisation.domain, len(rank)), p.organisation.name.casefold()),
    )


def _domain_groups(visible):
    labels = dict(Domain.choices)
    groups = []
    for p in visible:
        if not groups or groups[-1]["domain"] != p.organisation.domain:
            groups.append(
                {
                    "domain": p.organisation.domain,
                    "label": labels.get(p.organisation.domain, ""),
                    "partners": [],
                }
            )
        groups[-1]["partners"].append(p)
    return groups


def _domain_summary(all_partners):
    """Per domain: how many partners the whole coalition has, and whether that is too few."""
    counts = dict.fromkeys(Domain.values, 0)
    for p in all_partners:
        counts[p.organisation.domain] = counts.get(p.organisation.domain, 0) + 1
    return [
        {
            "domain": domain,
            "label": label,
            "phrase": DOMAIN_PHRASES[domain],
            "count": counts[domain],
            "missing": domain in DOMAINS_TO_CALL_OUT and counts[domain] == 0,
            "thin": domain in DOMAINS_TO_CALL_OUT and 0 < counts[domain] <= THIN_DOMAIN_MAX,
        }
        for domain, label in Domain.choices
    ]


def _markers(visible):
    """Marker data for partner-map.js: organisations only, never people."""
    return [
        {
            "id": p.organisation_id,
            "name": p.organisation.name,
            "place": p.organisation.place,
            "domain": p.organisation.domain,
            "domain_label": p.organisation.get_domain_display(),
            "category": p.organisation.get_category_display(),
            "lat": float(p.organisation.latitude),
            "lng": float(p.organisation.longitude),
        }
        for p in visible
        if p.organisation.has_coordinates
    ]


def partner_map(request, slug):
    """The coalition's partners by domain, on a map, and who works with whom."""
    coalition, show_contacts, form, partners, visible = _partner_map_data(request, slug)
    all_partners = list(partners)
    query = request.GET.urlencode()
    response = render(
        request,
        "partners/map.html",
        {
            "coalition": coalition,
            "show_contacts": show_contacts,
            "form": form,
            "is_filtered": form.is_filtered,
            "visible": visible,
            "groups": _domain_groups(visible),
            "located": [p for p in visible if p.organisation.has_coordinates],
            "unlocated": [p for p in visible if not p.organisation.has_coordinates],
            "summary": _domain_summary(all_partners),
            "total": len(all_partners),
            "connections": coalition_connections(coalition, all_partners),
            "markers": _markers(visible),
            "map_config": {
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
            "export_query": f"?{query}" if query else "",
        },
    )
    if show_contacts:
        # Contact people are personal data: no shared cache may keep a copy.
        response["Cache-Control"] = "private, no-store"
    return response


def partner_map_export(request, slug, fmt):
    """The page's visible (filtered) list as CSV or XLSX; contact columns only for insiders."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    coalition, show_contacts, _form, _partners, visible = _partner_map_data(request, slug)
    file_format = EXPORT_FORMATS[fmt]()
    dataset = PartnerMapResource(include_contacts=show_contacts).export(visible)
    response = HttpResponse(
        file_format.export_data(dataset), content_type=file_format.get_content_type()
    )
    filename = _("partners-%(slug)s") % {"slug": coalition.slug}
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    # Contact people are personal data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
