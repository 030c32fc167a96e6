"""Cross-app reporting for Pharos: the overview and the half-year report (the RIVM monitor, which
shares the as-of-date helpers here, is kansrijke/pharos/monitor.py).

Everything is computed from stored history, never from a coalition's "current" fields alone:
- status: the append-only StatusUpdates, the latest one dated on or before the reference date;
- partners: CoalitionPartner's `since`/`until`, counted by the organisation's domain.
- the category and domain of an organisation: as they were on the date, from its pghistory
  events (`partners.models.organisation_field_on`);
- gemeenten: the coalition's gemeente links running on the date (`CoalitionGemeente.running`).
So a report for an earlier date stays the same when coalitions post updates, add or end
partners, or an organisation is re-categorised later. (Deleting a partnership instead of ending
it does rewrite the past: the admin and docs/pharos.md ask to end partnerships with `until`. A
report that must never change is established: kansrijke.models.EstablishedReport.)

Each function asks a fixed number of queries, however many coalitions there are.
"""

import datetime
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import reduce

import tablib
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionKind,
    Phase,
    Province,
    StatusUpdate,
    months_before,
)
from experiments.models import Agreement, AgreementKind, Result
from partners.models import (
    CoalitionPartner,
    Domain,
    PartnerRelation,
    organisation_field_on,
)
from pijlers.coverage import coverage_counts
from pijlers.models import Assessment, CrossCuttingElement, MaturityLevel, Pillar

REPORT_INTERVAL_MONTHS = 6


# --- Other apps: agreements (experiments), assessments and interventions (pijlers) -------------


def agreements_signed_by(on: datetime.date) -> Coalesce:
    """Per coalition (`OuterRef("pk")`): "Samenwerkingsovereenkomst (02-10-2019), ..." for its
    agreements signed on or before `on` ("" for none), joined in the database: an annotation,
    no query of its own (later agreements do not change an earlier report)."""
    label = Case(
        *(When(kind=kind, then=Value(str(label))) for kind, label in AgreementKind.choices),
        default=F("kind"),
        output_field=CharField(),
    )
    signed = Func(F("signed_on"), Value("DD-MM-YYYY"), function="to_char", output_field=CharField())
    text = Concat(label, Value(" ("), signed, Value(")"), output_field=CharField())
    rows = (
        Agreement.objects.filter(coalition=OuterRef("pk"), signed_on__lte=on)
        .order_by()
        .values("coalition")
        .annotate(text=StringAgg(text, ", ", order_by=("signed_on", "pk")))
        .values("text")
    )
    return Coalesce(Subquery(rows), Value(""), output_field=CharField())


def status_on(on: datetime.date) -> Subquery:
    """Per coalition (`OuterRef("pk")`): its latest status update dated on or before `on`, by
    the one rule `StatusUpdate.objects.latest_per_coalition`, as JSON (`status_from`)."""
    latest = StatusUpdate.objects.latest_per_coalition(on_or_before=on).filter(
        coalition=OuterRef("pk")
    )
    fields = ("id", "date", "phase", "summary", "next_steps", "bottlenecks")
    return Subquery(latest.values(row=JSONObject(**{f: f for f in fields}))[:1])


def status_from(data: dict | None, coalition_id: int) -> StatusUpdate | None:
    """The `status_on` annotation as a (read-only) StatusUpdate, for the page and the export."""
    if data is None:
        return None
    date = datetime.date.fromisoformat(data["date"])
    return StatusUpdate(coalition_id=coalition_id, **{**data, "date": date})


def gemeenten_on(on: datetime.date) -> ArraySubquery:
    """Per coalition (`OuterRef("pk")`): its gemeenten on `on` (links running then, not today's
    `gemeenten`) as [{"name", "province"}] by name; an annotation, no query of its own."""
    links = (
        CoalitionGemeente.objects.running(on)
        .filter(coalition=OuterRef("pk"))
        .order_by("gemeente__name")
        .values(row=JSONObject(name="gemeente__name", province="gemeente__province"))
    )
    return ArraySubquery(links)


def results_in_period(after: datetime.date, on: datetime.date) -> ArraySubquery:
    """Per coalition (`OuterRef("pk")`): its work items' results dated in the report period
    (after `after`, on or before `on`), as [{"title", "date", "outcome"}] in date order. An
    annotation, so the report asks no extra query. A result's own date decides, so a later
    lesson never appears in an earlier report."""
    rows = (
        Result.objects.dated_between(after, on)
        .filter(work_item__coalition=OuterRef("pk"))
        .order_by("date", "pk")
        .values(row=JSONObject(title="work_item__title", date="date", outcome="outcome"))
    )
    return ArraySubquery(rows)


def results_text(results) -> str:
    """The report's cell for `results_in_period` rows: "Item (2026-03-01): opbrengst; ..."."""
    return "; ".join(f"{r['title']} ({r['date']}): {r['outcome']}" for r in results or [])


def agreements_signed_count() -> int:
    """Number of coalitions with at least one signed agreement."""
    return Coalition.objects.filter(
        Exists(Agreement.objects.filter(coalition=OuterRef("pk")))
    ).count()


def pillar_maturity_distribution() -> list[tuple[str, list[tuple[str, int]]]]:
    """Per pillar, then per cross-cutting element, how many coalitions are at each maturity
    level by their latest assessment.

    [(pillar or element name, [(level label, count), ...]), ...] in order, three queries.
    """
    latest = (
        Assessment.objects.order_by(
            "coalition_id", "pillar_id", "element_id", "-date", "-created_at"
        )
        .distinct("coalition_id", "pillar_id", "element_id")
        .values_list("pillar_id", "element_id", "level")
    )
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for pillar_id, element_id, level in latest:
        counts[("pillar", pillar_id) if pillar_id else ("element", element_id)][level] += 1
    subjects = [
        *((f"{p.number}. {p.name}", ("pillar", p.pk)) for p in Pillar.objects.in_order()),
        *(
            (_("Element: %(name)s") % {"name": e.name}, ("element", e.pk))
            for e in CrossCuttingElement.objects.in_order()
        ),
    ]
    return [
        (label, [(level, counts[key][value]) for value, level in MaturityLevel.choices])
        for label, key in subjects
    ]


def pillar_coverage() -> list[tuple[str, int]]:
    """Per pillar and element: how many coalitions have running work on it (the pijlerdekking
    of every coalition); four queries."""
    ids = Coalition.objects.values_list("pk", flat=True)
    return [
        (
            f"{row.subject.number}. {row.subject.name}"
            if row.subject.subject_field == "pillar"
            else _("Element: %(name)s") % {"name": row.subject.name},
            row.coalitions,
        )
        for row in coverage_counts(ids)
    ]


# --- Shared helpers -------------------------------------------------------------------------------


def previous_report_date(on: datetime.date) -> datetime.date:
    """The report date half a year before `on`, the default to compare with."""
    return months_before(on, REPORT_INTERVAL_MONTHS)


def latest_status_per_coalition(on: datetime.date) -> dict[int, StatusUpdate]:
    """{coalition_id: its latest status update dated on or before `on`} in one query."""
    updates = StatusUpdate.objects.latest_per_coalition(on_or_before=on)
    return {u.coalition_id: u for u in updates}


def partner_counts_per_coalition(*dates: datetime.date) -> list[dict[int, Counter]]:
    """Per date in `dates`: {coalition_id: Counter(domain -> number of partnerships running on
    that date)}, all in one query. The domain is the organisation's domain on that date (from
    its history), not today's."""
    rows = (
        CoalitionPartner.objects.filter(
            reduce(operator.or_, (CoalitionPartner.running_q(on) for on in dates))
        )
        .annotate(
            **{
                f"domain_{i}": organisation_field_on("domain", on, "organisation_id")
                for i, on in enumerate(dates)
            }
        )
        .values("coalition_id", *(f"domain_{i}" for i in range(len(dates))))
        .annotate(
            **{
                f"n_{i}": Count("id", filter=CoalitionPartner.running_q(on))
                for i, on in enumerate(dates)
            }
        )
        .order_by()
    )
    counts: list[dict[int, Counter]] = [defaultdict(Counter) for _on in dates]
    for row in rows:
        for i, per_coalition in enumerate(counts):
            if row[f"n_{i}"]:
                per_coalition[row["coalition_id"]][row[f"domain_{i}"]] += row[f"n_{i}"]
    return counts


def relation_domain_pairs(on: datetime.date) -> dict[int, Counter]:
    """{coalition_id: Counter((domain, domain) -> number of relations)} for the relations
    running on `on` (`PartnerRelation.running`: their own since/until and both partnerships),
    each end counted by its organisation's domain on that date, so a later relation or a
    re-categorised organisation does not rewrite an earlier report. One query. The pair is in
    `Domain` order (medisch before sociaal) whatever the relation's direction."""
    rank = {d: i for i, d in enumerate(Domain.values)}
    rows = (
        PartnerRelation.objects.running(on)
        .annotate(
            source_domain=organisation_field_on("domain", on, "source__organisation_id"),
            target_domain=organisation_field_on("domain", on, "target__organisation_id"),
        )
        .values("coalition_id", "source_domain", "target_domain")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        pair = tuple(sorted((row["source_domain"], row["target_domain"]), key=rank.get))
        counts[row["coalition_id"]][pair] += row["n"]
    return counts


def domain_pairs_in_order(pairs) -> list[tuple[str, str]]:
    """The (domain, domain) pairs in `Domain` order (medisch–sociaal before sociaal–sociaal)."""
    rank = {d: i for i, d in enumerate(Domain.values)}
    return sorted(pairs, key=lambda pair: (rank[pair[0]], rank[pair[1]]))


def domain_pair_label(pair: tuple[str, str], labels: dict[str, str] | None = None) -> str:
    """ "medisch–sociaal": how a page and an export name a domain pair. `labels`: the
    `_domain_labels()` of the caller that names many pairs (the report's 300 rows would
    otherwise translate every label again for every pair)."""
    labels = labels or _domain_labels()
    return "–".join(labels[d] for d in pair)


def _domain_labels() -> dict[str, str]:
    """{domain: its label in lower case}, in the active language."""
    return {d: str(label).lower() for d, label in Domain.choices}


def domain_pair_labels(counts: Counter) -> list[tuple[str, int]]:
    """[("medisch–sociaal", n)] in `Domain` order, for a page or an export."""
    labels = _domain_labels()
    return [
        (domain_pair_label(pair, labels), counts[pair]) for pair in domain_pairs_in_order(counts)
    ]


def coalitions_existing_on(on: datetime.date):
    """Coalitions known on `on`: entered in the app by then, or with a status dated by then."""
    has_status = StatusUpdate.objects.filter(coalition=OuterRef("pk"), date__lte=on)
    return Coalition.objects.filter(Q(created_at__date__lte=on) | Exists(has_status)).order_by(
        "name"
    )


# --- Half-year report ----------------------------------------------------------------------------


class Change:
    """How a coalition's phase moved between two report dates."""

    NEW = gettext_lazy("nieuw")
    FORWARD = gettext_lazy("vooruit")
    BACK = gettext_lazy("terug")
    SAME = gettext_lazy("gelijk")
    NONE = gettext_lazy("geen status")


@dataclass
class ReportRow:
    coalition: Coalition
    status: StatusUpdate | None
    previous_status: StatusUpdate | None
    partners: Counter = field(default_factory=Counter)
    previous_partners: Counter = field(default_factory=Counter)
    agreements: str | None = None
    results: str = ""
    relations: Counter = field(default_factory=Counter)  # (domain, domain) -> relations on `on`

    gemeente_links: list = field(default_factory=list)  # `gemeenten_on`: [{"name", "province"}]

    @property
    def gemeenten(self) -> str:
        """The coalition's gemeenten on the report date."""
        return ", ".join(link["name"] for link in self.gemeente_links)

    @property
    def provinces(self) -> str:
        codes = sorted({link["province"] for link in self.gemeente_links})
        return ", ".join(Province(c).label for c in codes)

    @property
    def phase_change(self):
        if self.status is None:
            return Change.NONE
        if self.previous_status is None:
            return Change.NEW
        now = Phase.order(self.status.phase)
        then = Phase.order(self.previous_status.phase)
        return Change.FORWARD if now > then else Change.BACK if now < then else Change.SAME

    @property
    def partner_total(self) -> int:
        return sum(self.partners.values())

    @property
    def previous_partner_total(self) -> int:
        return sum(self.previous_partners.values())

    @property
    def partner_change(self) -> int:
        return self.partner_total - self.previous_partner_total

    def relation_pairs(self) -> list[tuple[str, int]]:
        """Recorded relations per domain pair on the report date ("medisch–sociaal", n)."""
        return domain_pair_labels(self.relations)

    def relation_lines(self) -> list[str]:
        """The page's relations cell, a line per domain pair: "medisch–sociaal: 4" (the
        template joins them; one filter per row instead of a loop over the pairs)."""
        return [f"{pair}: {n}" for pair, n in self.relation_pairs()]

    @property
    def relation_total(self) -> int:
        return sum(self.relations.values())

    def domain_counts(self) -> list[dict]:
        """Per domain, in `Domain` order: count now, count then, change (for the table and the
        export, whose headers name the domains; no label here, which would be translated again
        for every row)."""
        return [
            {
                "domain": domain,
                "now": self.partners[domain],
                "then": self.previous_partners[domain],
                "change": self.partners[domain] - self.previous_partners[domain],
            }
            for domain in Domain.values
        ]


@dataclass
class HalfYearReport:
    on: datetime.date
    previous: datetime.date
    rows: list[ReportRow]

    def dataset(self) -> tablib.Dataset:
        """The report as a table for XLSX/CSV export, one row per coalition."""
        on, prev = f"{self.on:%d-%m-%Y}", f"{self.previous:%d-%m-%Y}"
        headers = [
            _("Coalitie"),
            _("Soort"),
            _("Gemeenten"),
            _("Provincie"),
            _("Datum statusupdate"),
            _("Fase op %(date)s") % {"date": on},
            _("Samenvatting"),
            _("Volgende stappen"),
            _("Knelpunten"),
            _("Fase op %(date)s") % {"date": prev},
            _("Faseverandering"),
        ]
        for _code, label in Domain.choices:
            headers.append(_("Partners %(domain)s") % {"domain": str(label).lower()})
            headers.append(_("Verschil %(domain)s") % {"domain": str(label).lower()})
        headers += [
            _("Partners totaal op %(date)s") % {"date": on},
            _("Partners totaal op %(date)s") % {"date": prev},
            _("Verschil partners"),
            _("Afspraken"),
            _("Resultaten sinds %(date)s") % {"date": prev},
            _("Relaties totaal op %(date)s") % {"date": on},
        ]
        # A column per domain pair that has a relation in this report (numbers, not text).
        pairs = self.relation_domain_pairs()
        headers += [_("Relaties %(pair)s") % {"pair": domain_pair_label(p)} for p in pairs]
        data = tablib.Dataset(headers=headers, title=_("Voortgang %(date)s") % {"date": on})
        for row in self.rows:
            s, p = row.status, row.previous_status
            values = [
                row.coalition.name,
                row.coalition.get_kind_display(),
                row.gemeenten,
                row.provinces,
                s.date if s else "",
                s.get_phase_display() if s else "",
                s.summary if s else "",
                s.next_steps if s else "",
                s.bottlenecks if s else "",
                p.get_phase_display() if p else "",
                str(row.phase_change),
            ]
            for d in row.domain_counts():
                values += [d["now"], d["change"]]
            values += [
                row.partner_total,
                row.previous_partner_total,
                row.partner_change,
                row.agreements,
                row.results,
                row.relation_total,
                *(row.relations[p] for p in pairs),
            ]
            data.append([str(v) if not isinstance(v, int | datetime.date) else v for v in values])
        return data

    def relation_domain_pairs(self) -> list[tuple[str, str]]:
        """The domain pairs with a relation in any row, in `Domain` order (export columns)."""
        return domain_pairs_in_order({pair for row in self.rows for pair in row.relations})

    def totals(self) -> dict:
        """The report's totals: coalitions, partners per domain and in all."""
        per_domain = {
            domain: sum(row.partners[domain] for row in self.rows) for domain in Domain.values
        }
        relations = sum((row.relations for row in self.rows), Counter())
        return {
            "coalitions": len(self.rows),
            "partners": per_domain,
            "partner_total": sum(per_domain.values()),
            "relations": dict(domain_pair_labels(relations)),
        }

    def snapshot(self) -> dict:
        """The report as JSON, exactly as computed now: the exported table (`dataset()`: its
        headers and rows, dates as ISO text), per coalition the figures a later report is
        compared on, and the totals. What `EstablishedReport` stores.

        `relation_pairs` (the domain pairs counted, also in the table and each coalition's
        figures) joined the report later: a snapshot without it was established before that,
        and says so (`EstablishedReport.records_relations`) instead of having it computed now,
        which would mix today's data into what was established."""
        data = self.dataset()
        date_columns = sorted(
            {i for row in data for i, v in enumerate(row) if isinstance(v, datetime.date)}
        )
        return {
            "on": self.on.isoformat(),
            "previous": self.previous.isoformat(),
            "title": data.title,
            "headers": list(data.headers),
            "date_columns": date_columns,
            "rows": [
                [v.isoformat() if isinstance(v, datetime.date) else v for v in row] for row in data
            ],
            "figures": [
                {
                    "coalition_id": row.coalition.pk,
                    "coalition": row.coalition.name,
                    "gemeenten": row.gemeenten,
                    "phase": row.status.get_phase_display() if row.status else "",
                    "partners": {domain: row.partners[domain] for domain in Domain.values},
                    "partner_total": row.partner_total,
                    "relations": dict(row.relation_pairs()),
                }
                for row in self.rows
            ],
            "relation_pairs": [domain_pair_label(p) for p in self.relation_domain_pairs()],
            "totals": self.totals(),
        }


def half_year_report(on: datetime.date, previous: datetime.date | None = None) -> HalfYearReport:
    """Per coalition: its status on `on`, its partners per domain, and the change since
    `previous` (half a year earlier by default), the results dated in between, and the
    relations running on `on` per domain pair. Three queries, whatever the number of rows:
    the coalitions with everything that is one value per coalition as annotations (gemeenten,
    both statuses, agreements, results), then the two counts grouped in the database
    (partners per domain on both dates, relations per domain pair)."""
    previous = previous or previous_report_date(on)
    coalitions = coalitions_existing_on(on).annotate(
        gemeenten_then=gemeenten_on(on),
        status_now=status_on(on),
        status_then=status_on(previous),
        agreements_text=agreements_signed_by(on),
        period_results=results_in_period(previous, on),
    )
    partners_now, partners_then = partner_counts_per_coalition(on, previous)
    relations = relation_domain_pairs(on)
    rows = [
        ReportRow(
            coalition=c,
            status=status_from(c.status_now, c.pk),
            previous_status=status_from(c.status_then, c.pk),
            partners=partners_now.get(c.pk, Counter()),
            previous_partners=partners_then.get(c.pk, Counter()),
            agreements=c.agreements_text,
            results=results_text(c.period_results),
            relations=relations.get(c.pk, Counter()),
            gemeente_links=c.gemeenten_then,
        )
        for c in coalitions
    ]
    return HalfYearReport(on=on, previous=previous, rows=rows)


# --- Overview -------------------------------------------------------------------------------------


@dataclass
class Overview:
    today: datetime.date
    total: int
    per_phase: list[tuple[str, int]]
    per_kind: list[tuple[str, int]]
    per_province: list[tuple[str, int]]
    without_recent_status: list[Coalition]
    coverage: list[tuple[str, int]]
    both_domains: int
    agreements_signed: int
    pillar_maturity: list
    pillar_coverage: list = field(default_factory=list)
    relation_pairs: list = field(default_factory=list)  # [("medisch–sociaal", n)] today

    @property
    def both_domains_share(self) -> int:
        """Percentage (rounded) of coalitions with medical and social partners."""
        return round(100 * self.both_domains / self.total) if self.total else 0


def overview(today: datetime.date | None = None) -> Overview:
    """The figures of the Pharos overview page, from the current data (a fixed number of
    queries).

    - phase: the coalition's current phase (that of its latest status update);
    - province: a coalition counts once in every province where one of its gemeenten lies;
    - domain coverage: running partnerships with the medical domain (`medisch`) and the social
      domain (`sociaal`); publieke gezondheid (GGD, JGZ) is a domain of its own and counts for
      neither, following the programme's aim of connecting medical and social care.
    """
    today = today or timezone.localdate()

    by_phase = dict(Coalition.objects.values_list("phase").annotate(n=Count("id")).order_by())
    by_kind = dict(Coalition.objects.values_list("kind").annotate(n=Count("id")).order_by())
    by_province = dict(
        CoalitionGemeente.objects.running(today)
        .values_list("gemeente__province")
        .annotate(n=Count("coalition", distinct=True))
        .order_by()
    )

    running = CoalitionPartner.objects.running(on=today).filter(coalition=OuterRef("pk"))
    coalitions = list(
        Coalition.objects.annotate(
            medical=Exists(running.filter(organisation__domain=Domain.MEDISCH)),
            social=Exists(running.filter(organisation__domain=Domain.SOCIAAL)),
        ).order_by("name")
    )
    coverage = Counter((c.medical, c.social) for c in coalitions)
    return Overview(
        today=today,
        total=len(coalitions),
        per_phase=[(str(label), by_phase.get(code, 0)) for code, label in Phase.choices],
        per_kind=[(str(label), by_kind.get(code, 0)) for code, label in CoalitionKind.choices],
        per_province=[(label, by_province.get(code, 0)) for code, label in Province.choices],
        # The same rule and list as the stale-data page (reports.stale_coalitions).
        without_recent_status=list(Coalition.objects.stale(today).order_by("name")),
        coverage=[
            (_("Medisch én sociaal"), coverage[True, True]),
            (_("Alleen medisch"), coverage[True, False]),
            (_("Alleen sociaal"), coverage[False, True]),
            (_("Geen van beide"), coverage[False, False]),
        ],
        both_domains=coverage[True, True],
        agreements_signed=agreements_signed_count(),
        pillar_maturity=pillar_maturity_distribution(),
        relation_pairs=domain_pair_labels(sum(relation_domain_pairs(today).values(), Counter())),
        pillar_coverage=pillar_coverage(),
    )


# --- Stale data -----------------------------------------------------------------------------------


def stale_coalitions(on=None):
    """The stale coalitions (`Coalition.objects.stale`, the overview's rule), with when their
    other parts (partners, self-assessment) were last touched as extra information."""
    return (
        Coalition.objects.stale(on)
        .with_last_touched()
        .prefetch_related("gemeenten")
        .order_by("name")
    )
