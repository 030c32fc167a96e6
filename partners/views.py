import datetime
import math
import statistics

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from coalitions.audit import log_export
from coalitions.models import Coalition
from coalitions.permissions import can_view, get_coalition_for_user, viewer_role
from coalitions.views import workspace_context
from common import page_cache
from common.spreadsheets import export_response
from common.stale_edit import form_page
from partners.connections import coalition_connections
from partners.forms import (
    AddPartnershipForm,
    ContactDeleteForm,
    ContactPersonForm,
    EditPartnershipForm,
    EndPartnershipForm,
    NewOrganisationForm,
    OrganisationForm,
    OrganisationSearchForm,
    PartnerMapFilterForm,
    PartnershipFields,
)
from partners.models import (
    SHARED_ORGANISATION_MESSAGE,
    CoalitionPartner,
    ContactPerson,
    Domain,
    Organisation,
    PartnerRelation,
)
from partners.permissions import (
    get_contact_for_user,
    get_organisation_for_user,
    get_partnership_for_user,
)
from partners.resources import PartnerMapResource
from partners.services import add_new_organisation_as_partner

# --- Workspace: partner management ---

SEARCH_LIMIT = 25


def _partners_url(coalition):
    return reverse("partners:workspace_partners", args=[coalition.slug])


def _context(request, coalition, **extra):
    return {**workspace_context(request, coalition, "partners"), **extra}


@login_required
def workspace_partners(request, slug):
    """Running and ended partnerships with their organisations and contact people."""
    coalition = get_coalition_for_user(request, slug)
    # Each partnership with the contact people this coalition keeps there, never another's.
    partnerships = coalition.partners.for_map().with_contacts()
    today = datetime.date.today()
    active = [p for p in partnerships if p.is_running(today)]
    # Not running yet: a start date still ahead (they can be edited or ended like the others).
    upcoming = [p for p in partnerships if not p.is_running(today) and p.since and p.since > today]
    ended = [p for p in partnerships if p not in active and p not in upcoming]
    # Organisations whose master data the editors may change here (not shared with another
    # coalition), in one query for the whole list.
    editable = set(
        Organisation.objects.filter(pk__in=[p.organisation_id for p in active + upcoming])
        .editable_by_coalition(coalition)
        .values_list("pk", flat=True)
    )
    # The partner page shows each partner's running relations (one query for all of them).
    relations: dict[int, list] = {}
    for relation in PartnerRelation.objects.filter(coalition=coalition).running().for_display():
        for end in (relation.source_id, relation.target_id):
            relations.setdefault(end, []).append(relation)
    for partnership in active:
        partnership.relation_list = relations.get(partnership.pk, [])
    return render(
        request,
        "partners/workspace_partners.html",
        _context(
            request,
            coalition,
            active=active,
            upcoming=upcoming,
            ended=ended,
            editable=editable,
            shared_message=SHARED_ORGANISATION_MESSAGE,
        ),
    )


@login_required
def workspace_partner_add(request, slug):
    """Add an existing organisation: search (GET ?q=), pick one from the results, save."""
    coalition = get_coalition_for_user(request, slug, write=True)
    # The pick form repeats the search term, so its radio list stays the same on errors.
    search = OrganisationSearchForm(
        request.POST if request.method == "POST" else request.GET or None
    )
    candidates = None
    if search.is_valid():
        q = search.cleaned_data["q"]
        candidates = list(
            Organisation.objects.filter(
                Q(name__icontains=q) | Q(place__icontains=q) | Q(postcode__icontains=q)
            )
            .order_by("name")
            .values_list("pk", flat=True)[:SEARCH_LIMIT]
        )
    data = request.POST if request.method == "POST" else None
    form = AddPartnershipForm(data, coalition=coalition, candidates=candidates)
    names = Organisation.objects.order_by("name").values_list("name", flat=True).distinct()
    # A parallel add of the same organisation (another editor, another tab) ends in the
    # constraint's Dutch message, never a server error (see form_page).
    return form_page(
        request,
        form,
        template="partners/workspace_partner_add.html",
        context=_context(
            request, coalition, search=search, searched=candidates is not None, names=names
        ),
        success_message=lambda partnership: (
            _("%(name)s is toegevoegd als partner.") % {"name": partnership.organisation.name}
        ),
        success_url=_partners_url(coalition),
    )


# Where the location picker opens when the organisation has no position yet: the middle of
# the coalition's located partners, else the middle of the Netherlands.
PICKER_COUNTRY = {"center": [52.1, 5.3], "zoom": 7}
PICKER_AREA_ZOOM = 12


def _location_picker(coalition) -> dict:
    """The settings of the form's map (static/js/location-picker.js), in one query. A click
    only fills the coordinate fields; the model's rule (in pairs, in the Netherlands) judges
    them on saving, as it does typed ones."""
    points = list(
        Organisation.objects.with_coordinates()
        .filter(pk__in=coalition.partners.running().values("organisation"))
        .values_list("latitude", "longitude")
    )
    view = PICKER_COUNTRY
    if points:
        view = {
            "center": [float(statistics.median(p[i] for p in points)) for i in (0, 1)],
            "zoom": PICKER_AREA_ZOOM,
        }
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        **view,
    }


@login_required
def workspace_organisation_create(request, slug):
    """A new organisation (with its map position) that becomes a partner at once."""
    coalition = get_coalition_for_user(request, slug, write=True)
    data = request.POST if request.method == "POST" else None
    organisation_form = NewOrganisationForm(data, prefix="org")
    partnership_form = PartnershipFields(data, prefix="partner", coalition=coalition)

    def save(form):
        return add_new_organisation_as_partner(
            coalition=coalition,
            organisation=form.instance,
            **{k: partnership_form.cleaned_data[k] for k in ("role", "levels", "since")},
        )

    return form_page(
        request,
        organisation_form,
        template="partners/workspace_organisation_create.html",
        context=lambda form: _context(
            request,
            coalition,
            organisation_form=form,
            partnership_form=partnership_form,
            location_picker=_location_picker(coalition),
        ),
        success_message=lambda partnership: (
            _("%(name)s is aangemaakt en toegevoegd als partner.")
            % {"name": partnership.organisation.name}
        ),
        success_url=_partners_url(coalition),
        save=save,
        also_valid=[partnership_form],
    )


@login_required
def workspace_partner_edit(request, slug, pk):
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True)
    form = EditPartnershipForm(request.POST or None, instance=partnership, coalition=coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_partner_form.html",
        context=_context(request, coalition, partnership=partnership),
        success_message=_("Het partnerschap van %(name)s is opgeslagen.")
        % {"name": partnership.organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_partner_end(request, slug, pk):
    """End a partnership: it gets an end date and stays in the history, never deleted."""
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True)
    form = EndPartnershipForm(request.POST or None, instance=partnership)
    return form_page(
        request,
        form,
        template="partners/workspace_partner_end.html",
        context=_context(request, coalition, partnership=partnership),
        success_message=_("Het partnerschap van %(name)s is beëindigd.")
        % {"name": partnership.organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
@require_POST
def workspace_partner_reopen(request, slug, pk):
    """Undo an ending recorded by mistake (`CoalitionPartner.reopen` holds the rule)."""
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True)
    name = partnership.organisation.name
    if partnership.until is None:
        messages.info(request, _("Het partnerschap van %(name)s loopt al.") % {"name": name})
        return redirect(_partners_url(coalition))
    try:
        with transaction.atomic():
            partnership.reopen()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except IntegrityError:
        # A colleague made the organisation partner again between the check and the write.
        messages.error(request, _("Deze organisatie is al partner van de coalitie."))
    else:
        messages.success(request, _("Het partnerschap van %(name)s is heropend.") % {"name": name})
    return redirect(_partners_url(coalition))


@login_required
def workspace_organisation_edit(request, slug, pk):
    coalition, organisation = get_organisation_for_user(request, slug, pk, write=True)
    if not organisation.editable_by_coalition(coalition):
        # Another coalition's public map and the RIVM answers show these data too: only Pharos
        # changes a shared organisation. Refused before any form, so nothing is written.
        return render(
            request,
            "partners/workspace_organisation_shared.html",
            _context(
                request,
                coalition,
                organisation=organisation,
                shared_message=SHARED_ORGANISATION_MESSAGE,
            ),
            status=403,
        )
    form = OrganisationForm(request.POST or None, instance=organisation, coalition=coalition)
    return form_page(
        request,
        form,
        template="partners/workspace_organisation_form.html",
        context=_context(
            request,
            coalition,
            organisation=organisation,
            location_picker=_location_picker(coalition),
        ),
        success_message=_("De gegevens van %(name)s zijn opgeslagen.")
        % {"name": organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_create(request, slug, pk):
    """A contact person of this coalition at a running partner (`pk`: the partnership)."""
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True, running=True)
    form = ContactPersonForm(request.POST or None, instance=ContactPerson(partnership=partnership))
    return form_page(
        request,
        form,
        template="partners/workspace_contact_form.html",
        context=_context(request, coalition, organisation=partnership.organisation),
        success_message=_("De contactpersoon is toegevoegd."),
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_edit(request, slug, pk):
    coalition, contact = get_contact_for_user(request, slug, pk, write=True)
    form = ContactPersonForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form,
        template="partners/workspace_contact_form.html",
        context=_context(
            request, coalition, organisation=contact.partnership.organisation, contact=contact
        ),
        success_message=_("De contactpersoon is opgeslagen."),
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_delete(request, slug, pk):
    """Remove a contact person (personal data is not kept longer than needed; the audit trail
    records who removed whom)."""
    coalition, contact = get_contact_for_user(request, slug, pk, write=True)
    form = ContactDeleteForm(request.POST or None, instance=contact)

    def delete(form):
        form.instance.delete()
        return form.instance

    return form_page(
        request,
        form,
        template="partners/workspace_contact_delete.html",
        context=lambda form: _context(request, coalition, contact=form.instance),
        success_message=_("%(name)s is verwijderd.") % {"name": contact.name},
        success_url=_partners_url(coalition),
        save=delete,
    )


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
EXPORT_FORMATS = ("csv", "xlsx")
# "Geen partner uit ...": the domain as a Dutch sentence needs it.
DOMAIN_PHRASES = {
    Domain.MEDISCH: _lazy("het medisch domein"),
    Domain.PUBLIEKE_GEZONDHEID: _lazy("de publieke gezondheid"),
    Domain.SOCIAAL: _lazy("het sociaal domein"),
    Domain.INFORMEEL: _lazy("het informele domein"),
    Domain.OVERIG: _lazy("de overige organisaties"),
}


def _partner_map_data(request, slug, coalition=None):
    """Everything the page and its export show, in a fixed number of queries."""
    coalition = coalition or get_object_or_404(Coalition, slug=slug)
    show_contacts = can_view(request.user, coalition)
    form = PartnerMapFilterForm(request.GET or None)
    partners = CoalitionPartner.objects.filter(coalition=coalition).running().for_map()
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


# A located partner farther than this from the middle of the coalition's partners is listed
# apart ("verder weg") and left out of the map's first view, so one partner in another
# province does not zoom the map out until the town is a single dot.
FAR_AWAY_KM = 50


def _distance_km(a, b):
    """Great-circle distance between two (latitude, longitude) pairs in km (haversine)."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _far_away(located):
    """The organisation ids among `located` partnerships farther than FAR_AWAY_KM from their
    median point (the median, not the mean: far partners do not drag it away)."""
    if len(located) < 3:  # with one or two there is no "the coalition's area" to judge by
        return set()
    points = [(float(p.organisation.latitude), float(p.organisation.longitude)) for p in located]
    middle = (
        statistics.median(lat for lat, _lng in points),
        statistics.median(lng for _lat, lng in points),
    )
    return {
        p.organisation_id
        for p, point in zip(located, points, strict=True)
        if _distance_km(middle, point) > FAR_AWAY_KM
    }


def _markers(visible, far):
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
            "far": p.organisation_id in far,
        }
        for p in visible
        if p.organisation.has_coordinates
    ]


def partner_map(request, slug):
    """The coalition's partners by domain, on a map, and who works with whom."""
    return _render_partner_map(request, slug, "partners/map.html", workspace=False)


@login_required
def workspace_map(request, slug):
    """The same map inside the workspace, for the coalition's members: with contact people and
    the workspace's navigation (the public page shows contacts to them too, but leaves it)."""
    get_coalition_for_user(request, slug)
    return _render_partner_map(request, slug, "partners/workspace_map.html", workspace=True)


def _connections_urls(coalition, *, workspace):
    """Where the folded "wie werkt met wie" tables come from: the fragment that opening the
    summary fetches, and the page that shows them without JavaScript. The workspace map asks
    the workspace's addresses (members only, never stored by a shared cache)."""
    prefix = "partners:workspace_connections" if workspace else "partners:connections"
    return {
        "connections_fragment_url": reverse(f"{prefix}_fragment", args=[coalition.slug]),
        "connections_page_url": reverse(prefix, args=[coalition.slug]),
    }


def _render_partner_map(request, slug, template, *, workspace):
    """The page body is a cached fragment (common/page_cache.py) under the coalition's
    version and the viewer's role: members see contact people, the public never does."""
    # The version with the coalition's row, the rest after it: common/page_cache.py, "Race".
    coalition = get_object_or_404(page_cache.with_versions(Coalition.objects.all()), slug=slug)
    fragment = page_cache.fragment(
        request,
        template,
        role=viewer_role(request.user, coalition),
        versions=coalition.page_cache_versions,
    )
    # Outside the cached body: the map's settings and where the folded tables come from.
    context = {
        "coalition": coalition,
        "fragment": fragment,
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
        **_connections_urls(coalition, workspace=workspace),
    }
    if fragment.hit:
        return render(request, template, context)
    coalition, show_contacts, form, partners, visible = _partner_map_data(request, slug, coalition)
    all_partners = list(partners)
    query = request.GET.urlencode()
    located = [p for p in visible if p.organisation.has_coordinates]
    far = _far_away(located)
    return render(
        request,
        template,
        {
            **context,
            "show_contacts": show_contacts,
            "form": form,
            "is_filtered": form.is_filtered,
            "visible": visible,
            "groups": _domain_groups(visible),
            "located": [p for p in located if p.organisation_id not in far],
            "far_away": [p for p in located if p.organisation_id in far],
            "far_away_km": FAR_AWAY_KM,
            "legend": [
                (domain, label)
                for domain, label in Domain.choices
                if any(p.organisation.domain == domain for p in located)
            ],
            "unlocated": [p for p in visible if not p.organisation.has_coordinates],
            "summary": _domain_summary(all_partners),
            "total": len(all_partners),
            "connections": coalition_connections(coalition, all_partners),
            "markers": _markers(visible, far),
            "export_query": f"?{query}" if query else "",
        },
    )


# --- "Wie werkt met wie": the long tables, folded on the map page and fetched on demand ---
#
# The map page keeps the figure and a summary with counts; the tables (hundreds of rows in a
# large coalition, once most of the page's weight) come from a fragment. Organisations and
# relations only, never contact people, so the public fragment is the same for every visitor.
# Filters never apply: the tables are about all running partners, as on the map page.


def _connections_context(coalition):
    """The connections of all running partners (one query, plus the connection sources')."""
    partners = list(CoalitionPartner.objects.filter(coalition=coalition).running().for_map())
    return {
        "coalition": coalition,
        "connections": coalition_connections(coalition, partners),
        "total": len(partners),
    }


def _connection_tables(request, coalition):
    """The tables alone, for the partner map's folded summary (static/js/connection-tables.js):
    a cached fragment (common/page_cache.py) under the coalition's version, which `coalition`
    carries (`with_versions`, read before the partners: "Race"), and the viewer's role."""
    fragment = page_cache.fragment(
        request,
        "connection_tables",
        role=viewer_role(request.user, coalition),
        versions=coalition.page_cache_versions,
    )
    context = {"fragment": fragment}
    if not fragment.hit:
        context.update(_connections_context(coalition))
    return render(request, "partners/connection_tables_fragment.html", context)


def connections_fragment(request, slug):
    """The public partner map's folded tables (organisations and relations, never people)."""
    coalition = get_object_or_404(page_cache.with_versions(Coalition.objects.all()), slug=slug)
    return _connection_tables(request, coalition)


def connections_page(request, slug):
    """The tables on a page of their own: where the summary links without JavaScript."""
    coalition = get_object_or_404(Coalition, slug=slug)
    context = {**_connections_context(coalition), "connections_inline": True}
    return render(request, "partners/connections.html", context)


@login_required
def workspace_connections_fragment(request, slug):
    """The workspace map's tables (members only; PrivatePagesMiddleware marks them no-store)."""
    coalition = get_coalition_for_user(
        request, slug, queryset=page_cache.with_versions(Coalition.objects.all())
    )
    return _connection_tables(request, coalition)


@login_required
def workspace_connections(request, slug):
    coalition = get_coalition_for_user(request, slug)
    context = {
        **workspace_context(request, coalition, "partners"),
        **_connections_context(coalition),
        "connections_inline": True,
    }
    return render(request, "partners/workspace_connections.html", context)


def partner_map_export(request, slug, fmt):
    """The page's visible (filtered) list as CSV or XLSX; contact columns only for insiders."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    coalition, show_contacts, _form, _partners, visible = _partner_map_data(request, slug)
    filename = _("partners-%(slug)s") % {"slug": coalition.slug}
    # Typed names starting with =, +, - or @ stay text in the spreadsheet (common.spreadsheets).
    # Native dates and numbers: date and number cells in XLSX, dd-mm-jjjj in CSV.
    dataset = PartnerMapResource(include_contacts=show_contacts).export(
        visible, force_native_type=True
    )
    title = _("Partners %(name)s") % {"name": coalition.name}
    response = export_response(dataset, fmt, filename, title=title)
    if request.user.is_authenticated:
        # Who took which list out of the app goes into the audit log (public lists by anonymous
        # visitors hold nothing that is not on the public page).
        contacts = _(" met contactpersonen") if show_contacts else ""
        log_export(request, f"Partnerlijst {coalition.name} ({fmt.upper()}{contacts})")
    return response
