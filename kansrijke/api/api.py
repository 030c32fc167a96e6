"""The open data API at /api/ (django-ninja: OpenAPI 3.1 schema at /api/openapi.json and
Swagger UI at /api/docs served from our own static files, so the CSP needs no foreign origin).

What it returns is exactly what the public pages show, read through the QuerySet methods those
pages use (`for_public_display`, `for_public_page`, `published`, `running`): no visibility
filter of its own, and never a person (no contact people, no boegbeeld, no adviser, no notes).
Pharos, with a token (kansrijke/api/models.py), also gets the half-year report rows and the
RIVM answers, computed by kansrijke/pharos/reports.py and monitor.py as on the Pharos pages.

Every list is paginated with a constant number of queries per page, and every client address
is rate-limited (API_RATE_LIMIT). The coalitions list's JSON body is cached (`cached_body`).
"""

import datetime
from functools import wraps

from django.conf import settings
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from coalitions.audit import log_export
from coalitions.models import Coalition, Gemeente
from common import page_cache
from experiments.models import Result, WorkItem
from kansrijke.api.models import ApiToken
from kansrijke.audit import client_ip
from kansrijke.models import EstablishedReport
from kansrijke.pharos import monitor, reports
from partners.models import CoalitionPartner
from pijlers.models import Offering

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ClientRateThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests (e.g. "60/m") per client address, proxy-aware as the
    login lock-out sees it (`kansrijke.audit.client_ip`). The rate is read per request, so a
    changed setting applies without rebuilding the API."""

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "?"}

    def allow_request(self, request):
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_LIMIT)
        return super().allow_request(request)


class PharosToken(HttpBearer):
    """`Authorization: Bearer <token>`: a token a superuser made for a Pharos adviser."""

    def authenticate(self, request, token):
        user = ApiToken.objects.user_for(token)
        if user is not None:
            # The request acts for this user: the audit log names them, and the answer gets
            # `Cache-Control: private, no-store` like every page of a logged-in user
            # (kansrijke.middleware.PrivatePagesMiddleware).
            request.user = user
        return user


class BodyCachingRenderer(JSONRenderer):
    """Ninja's JSON; for a view under `cached_body`, a 200 answer's body is also stored under
    the page-cache key that view looked up, so a repeat request gets these very bytes."""

    def render(self, request, data, *, response_status):
        body = super().render(request, data, response_status=response_status)
        fragment = getattr(request, "api_body_fragment", None)
        if fragment is not None and response_status == 200:
            page_cache.store(fragment, body)
        return body


api = NinjaAPI(
    title="Kansrijke Start – open data",
    version="1",
    description=(
        "Openbare gegevens van de coalities Kansrijke Start: precies wat de openbare pagina's "
        "tonen, zonder persoonsgegevens. Alleen lezen, per pagina, met een limiet per adres."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),  # no badge from validator.swagger.io
    throttle=[ClientRateThrottle()],
    renderer=BodyCachingRenderer(),
)


def cached_body(view):
    """The JSON body of a public endpoint from the page cache (common/page_cache.py), keyed on
    the full path (filters, page), every version (read before the data: "Race"), the language
    and the date; role "public": the endpoint answers everyone the same. Put it above
    @paginate. Ninja authenticates and applies the rate limit before it calls the view, so both
    still run on every request; a hit skips only the queries and the serialisation, and sends
    the same bytes as the answer that was stored (`BodyCachingRenderer`)."""

    @wraps(view)
    def cached(request, **kwargs):
        fragment = page_cache.fragment(
            request, f"api:{view.__name__}", role="public", versions=page_cache.every_version()
        )
        if fragment.hit:
            return HttpResponse(fragment.html, content_type=api.get_content_type())
        request.api_body_fragment = fragment  # stored by BodyCachingRenderer on a 200
        return view(request, **kwargs)

    return cached


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = api.create_response(
        request,
        {"detail": "Te veel verzoeken vanaf uw adres. Probeer het over een minuut opnieuw."},
        status=429,
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request, {"detail": "Geen geldige token: alleen voor Pharos."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="pharos"'
    return response


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request,
        {"detail": "Ongeldige invoer in het verzoek.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Niet gevonden."}, status=404)


class Pages(PageNumberPagination):
    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


# --- Schemas ---------------------------------------------------------------------------------


class GemeenteOut(Schema):
    cbs_code: str
    name: str
    province: str = Field(description="Provinciecode, bijvoorbeeld UT.")
    province_name: str = Field(alias="get_province_display")


class PartnerCount(Schema):
    domain: str
    label: str
    count: int


class CoalitionOut(Schema):
    name: str
    slug: str
    kind: str
    phase: str
    phase_label: str = Field(alias="get_phase_display")
    start_date: datetime.date | None
    gemeenten: list[GemeenteOut]
    provinces: list[str]
    partners_per_domain: list[PartnerCount]

    @staticmethod
    def resolve_gemeenten(obj):
        return list(obj.gemeenten.all())

    @staticmethod
    def resolve_provinces(obj):
        return sorted({g.province for g in obj.gemeenten.all()})

    @staticmethod
    def resolve_partners_per_domain(obj):
        return [
            {"domain": d, "label": str(label), "count": n}
            for d, label, n in obj.public_partner_counts
        ]


class PhaseOut(Schema):
    date: datetime.date
    phase: str
    phase_label: str = Field(alias="get_phase_display")


class OrganisationOut(Schema):
    name: str
    category: str
    place: str
    website: str
    role: str

    @staticmethod
    def resolve_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_category(obj):
        return obj.organisation.get_category_display()

    @staticmethod
    def resolve_place(obj):
        return obj.organisation.place

    @staticmethod
    def resolve_website(obj):
        return obj.organisation.website

    @staticmethod
    def resolve_role(obj):
        return obj.get_role_display()


class DomainOut(Schema):
    domain: str
    label: str
    organisations: list[OrganisationOut]


class CoalitionDetailOut(Schema):
    name: str
    slug: str
    kind: str
    phase: str
    phase_label: str = Field(alias="get_phase_display")
    start_date: datetime.date | None
    ambition: str
    trekker: str | None = Field(alias="trekker_name")
    gemeenten: list[GemeenteOut]
    provinces: list[str]
    phase_history: list[PhaseOut] = Field(alias="public_phase_history")
    partners_by_domain: list[DomainOut]

    @staticmethod
    def resolve_gemeenten(obj):
        return list(obj.gemeenten.all())

    @staticmethod
    def resolve_provinces(obj):
        return sorted({g.province for g in obj.gemeenten.all()})

    @staticmethod
    def resolve_partners_by_domain(obj):
        return [
            {"domain": d, "label": str(label), "organisations": partnerships}
            for d, label, partnerships in obj.public_partners_by_domain
        ]


class GemeenteWithCoalitionsOut(GemeenteOut):
    coalitions: list[str] = Field(description="Slugs van de coalities van deze gemeente.")

    @staticmethod
    def resolve_coalitions(obj):
        return [c.slug for c in obj.coalitions.all()]


class ResultOut(Schema):
    date: datetime.date
    outcome: str
    worked: str
    did_not_work: str
    lessons: str
    figure: float | None
    figure_label: str
    indicator: str | None

    @staticmethod
    def resolve_indicator(obj):
        return obj.indicator.name if obj.indicator_id else None


class WorkItemOut(Schema):
    id: int
    coalition: str = Field(alias="coalition_slug")
    title: str
    kind: str
    status: str
    start_quarter: str
    end_quarter: str | None
    results: list[ResultOut] = Field(alias="public_results")

    @staticmethod
    def resolve_start_quarter(obj):
        return obj.get_start_quarter_display()

    @staticmethod
    def resolve_end_quarter(obj):
        return obj.get_end_quarter_display() if obj.end_quarter is not None else None


class OfferingOut(Schema):
    coalition: str
    organisation: str
    intervention: str
    intervention_name: str
    kind: str
    recognised: bool
    life_phases: list[str]
    vulnerability_levels: list[str]

    @staticmethod
    def resolve_coalition(obj):
        return obj.partner.coalition.slug

    @staticmethod
    def resolve_organisation(obj):
        return obj.partner.organisation.name

    @staticmethod
    def resolve_intervention(obj):
        return obj.intervention.slug

    @staticmethod
    def resolve_intervention_name(obj):
        return obj.intervention.name

    @staticmethod
    def resolve_kind(obj):
        return obj.intervention.kind

    @staticmethod
    def resolve_recognised(obj):
        return obj.intervention.recognised


class Where(Schema):
    """The filters every list takes: a gemeente (CBS code, e.g. GM0344) and a province code."""

    gemeente: str = Field("", description="CBS-code van een gemeente, bijvoorbeeld GM0344.")
    provincie: str = Field("", description="Provinciecode, bijvoorbeeld UT.")

    def coalitions(self):
        # The public list's own filters (coalitions/models/coalition.py).
        return Coalition.objects.search_gemeente(self.gemeente).in_province(self.provincie)


# --- Public endpoints ------------------------------------------------------------------------

public = Router(tags=["Openbaar"])


@public.get("/coalities", response=list[CoalitionOut], url_name="coalitions")
@cached_body
@paginate(Pages)
def coalitions(request, where: Query[Where]):
    """Alle coalities: fase, gemeenten, provincies en het aantal partners per domein."""
    return where.coalitions().for_public_display()


@public.get("/coalities/{slug}", response=CoalitionDetailOut, url_name="coalition")
def coalition(request, slug: str):
    """Eén coalitie: ambitie, fasegeschiedenis, gemeenten en partnerorganisaties per domein."""
    return get_object_or_404(Coalition.objects.for_public_page(), slug=slug)


@public.get("/gemeenten", response=list[GemeenteWithCoalitionsOut], url_name="gemeenten")
@paginate(Pages)
def gemeenten(request, where: Query[Where]):
    """De gemeenten van coalities, met CBS-code, provincie en hun coalitie(s)."""
    qs = Gemeente.objects.filter(coalitions__in=where.coalitions().values("pk")).distinct()
    if where.gemeente:
        qs = qs.filter(cbs_code__iexact=where.gemeente)
    if where.provincie:
        qs = qs.filter(province=where.provincie)
    return qs.prefetch_related(
        Prefetch("coalitions", queryset=Coalition.objects.only("pk", "slug"))
    ).order_by("name", "pk")


@public.get("/werkagenda", response=list[WorkItemOut], url_name="werkagenda")
@paginate(Pages)
def werkagenda(request, where: Query[Where], coalitie: str = ""):
    """Gepubliceerde werkagenda-onderdelen met hun resultaten en lessen."""
    items = WorkItem.objects.filter(coalition__in=where.coalitions().values("pk"))
    if coalitie:
        items = items.filter(coalition__slug=coalitie)
    return (
        items.for_public_page()
        .annotate(coalition_slug=F("coalition__slug"))
        .prefetch_related(
            Prefetch(
                "results",
                queryset=Result.objects.published().select_related("indicator").order_by("date"),
                to_attr="public_results",
            )
        )
        .order_by("coalition__slug", "start_quarter", "title", "pk")
    )


@public.get("/interventies", response=list[OfferingOut], url_name="interventies")
@paginate(Pages)
def interventies(request, where: Query[Where], coalitie: str = ""):
    """Welke partnerorganisatie van welke coalitie welke interventie aanbiedt (lopende
    partnerschappen)."""
    partners = CoalitionPartner.objects.running().filter(
        coalition__in=where.coalitions().values("pk")
    )
    if coalitie:
        partners = partners.filter(coalition__slug=coalitie)
    return (
        Offering.objects.filter(partner__in=partners.values("pk"))
        .select_related("partner__coalition", "partner__organisation", "intervention")
        .order_by("partner__coalition__slug", "intervention__name", "pk")
    )


api.add_router("/", public)


# --- Pharos (token) --------------------------------------------------------------------------

pharos = Router(tags=["Pharos (token)"], auth=PharosToken())


class Table(Schema):
    title: str
    headers: list[str]
    rows: list[list]


class ReportOut(Table):
    on: datetime.date
    previous: datetime.date
    totals: dict
    vastgesteld: dict | None = Field(
        None, description="Versie en tijdstip als deze peildatum is vastgesteld, anders leeg."
    )


@pharos.get("/voortgangsrapportage", response=ReportOut, url_name="pharos_report")
def pharos_report(
    request, peildatum: datetime.date | None = None, vorige: datetime.date | None = None
):
    """De rijen van de halfjaarlijkse voortgangsrapportage, zoals op de Pharos-pagina."""
    on = peildatum or datetime.date.today()
    if vorige is not None and vorige >= on:
        raise ValidationError(
            [{"loc": ["query", "vorige"], "msg": "Kies een datum vóór de peildatum."}]
        )
    # An established peildatum answers with its stored version, as the Pharos page does.
    stored = EstablishedReport.objects.newest_for(on, vorige)
    if stored is not None:
        # The stored table as downloaded (an older version says what it did not record).
        table = stored.dataset()
        snapshot = {
            **stored.snapshot,
            "headers": list(table.headers),
            "rows": [
                [v.isoformat() if isinstance(v, datetime.date) else v for v in row] for row in table
            ],
        }
        log_export(request, f"Vastgestelde {stored} (API)")
    else:
        snapshot = reports.half_year_report(on, vorige).snapshot()
        log_export(request, f"Voortgangsrapportage {on} (API)")
    return {
        "vastgesteld": None
        if stored is None
        else {"versie": stored.version, "op": stored.established_at.isoformat()},
        "title": snapshot["title"],
        "headers": [str(h) for h in snapshot["headers"]],
        "rows": snapshot["rows"],
        "on": snapshot["on"],
        "previous": snapshot["previous"],
        "totals": snapshot["totals"],
    }


@pharos.get("/rivm", response=Table, url_name="pharos_rivm")
def pharos_rivm(request, peildatum: datetime.date | None = None):
    """De antwoorden voor de RIVM-monitor per gemeente (ja/nee), zoals op de Pharos-pagina."""
    on = peildatum or datetime.date.today()
    data = monitor.rivm_dataset(on, monitor.rivm_monitor(on))
    log_export(request, f"RIVM-monitor {on} (API)")
    return {"title": data.title, "headers": [str(h) for h in data.headers], "rows": list(data)}


api.add_router("/pharos", pharos)
