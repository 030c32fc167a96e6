"""The RIVM monitor: per active gemeente the process questions of the Landelijke Monitor
(has a coalition, a plan van aanpak, which partners, which interventions are offered), as of a
reference date, from the same stored history as the half-year report (the as-of-date helpers in
kansrijke/pharos/reports.py). Five queries, however many gemeenten there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitions.models import CoalitionGemeente, Gemeente, Phase
from kansrijke.pharos.reports import coalitions_existing_on, latest_status_per_coalition
from partners.models import Category, CoalitionPartner
from pijlers.models import Offering

# The partners the RIVM questionnaire asks about, and the categories that count for each.
# JGZ: only organisations registered as JGZ (a GGD that also runs JGZ should be registered so);
# ziekenhuis: hospitals and their gynaecology departments.
RIVM_PARTNERS = [
    ("verloskundige", gettext_lazy("Verloskundige"), {Category.VERLOSKUNDIGEN}),
    ("jgz", gettext_lazy("JGZ"), {Category.JGZ}),
    ("vsv", gettext_lazy("VSV"), {Category.VSV}),
    ("ziekenhuis", gettext_lazy("Ziekenhuis"), {Category.ZIEKENHUIS, Category.GYNAECOLOGIE}),
    (
        "ervaringsdeskundigen",
        gettext_lazy("Ervaringsdeskundigen"),
        {Category.ERVARINGSDESKUNDIGEN},
    ),
]
RIVM_INTERVENTIONS = [
    ("nu_niet_zwanger", gettext_lazy("Nu Niet Zwanger")),
    ("centering_zwangerschap", gettext_lazy("CenteringZwangerschap")),
    ("centering_ouderschap", gettext_lazy("CenteringOuderschap")),
    ("voorzorg", gettext_lazy("VoorZorg")),
    ("prenataal_huisbezoek", gettext_lazy("Prenataal huisbezoek")),
]
# A plan van aanpak exists from the phase "ambitie en plan" on: that phase is defined by the
# shared ambition written down in a plan; uitvoering and borging carry one out.
PLAN_PHASES = {Phase.AMBITIE_PLAN, Phase.UITVOERING, Phase.BORGING}


@dataclass
class MonitorRow:
    gemeente: Gemeente
    coalitions: list[str]
    has_plan: bool
    partners: dict[str, bool]
    interventions: dict[str, bool]

    @property
    def has_coalition(self) -> bool:
        return bool(self.coalitions)

    @property
    def partner_answers(self) -> list[bool]:
        """The partner answers in the order of RIVM_PARTNERS (for tables)."""
        return [self.partners[key] for key, _label, _cats in RIVM_PARTNERS]

    @property
    def intervention_answers(self) -> list[bool]:
        """The intervention answers in the order of RIVM_INTERVENTIONS (for tables)."""
        return [self.interventions[key] for key, _label in RIVM_INTERVENTIONS]


def rivm_monitor(on: datetime.date) -> list[MonitorRow]:
    """Per active gemeente, the process indicators of the RIVM monitor as of `on`.

    Has a coalition: the gemeente belongs on `on` (a link running then, see
    CoalitionGemeente) to a coalition known on `on`. Has a plan van aanpak:
    the latest status on or before `on` of one of its coalitions is in PLAN_PHASES. Partners:
    a running partnership on `on` with an organisation of the listed categories. Five queries.
    """
    gemeenten = list(Gemeente.objects.active().order_by("name"))
    coalition_ids = set(coalitions_existing_on(on).values_list("pk", flat=True))
    links = defaultdict(list)
    for gemeente_id, coalition_id, name in (
        CoalitionGemeente.objects.running(on)
        .filter(coalition_id__in=coalition_ids)
        .values_list("gemeente_id", "coalition_id", "coalition__name")
    ):
        links[gemeente_id].append((coalition_id, name))
    status = latest_status_per_coalition(on)
    categories = defaultdict(set)
    for coalition_id, category in (
        CoalitionPartner.objects.running(on=on)
        .filter(coalition_id__in=coalition_ids)
        .with_organisation_as_on(on)
        .values_list("coalition_id", "category_on")
    ):
        categories[coalition_id].add(category)
    offered = interventions_per_gemeente([g.pk for g in gemeenten], on)

    rows = []
    for g in gemeenten:
        ids = [cid for cid, _name in links[g.pk]]
        present = set().union(*(categories[cid] for cid in ids)) if ids else set()
        rows.append(
            MonitorRow(
                gemeente=g,
                coalitions=sorted(name for _cid, name in links[g.pk]),
                has_plan=any(cid in status and status[cid].phase in PLAN_PHASES for cid in ids),
                partners={key: bool(present & cats) for key, _label, cats in RIVM_PARTNERS},
                interventions={
                    key: key in offered.get(g.pk, set()) for key, _label in RIVM_INTERVENTIONS
                },
            )
        )
    return rows


def rivm_dataset(on: datetime.date, rows: list[MonitorRow]) -> tablib.Dataset:
    """The monitor answers as a table: ja/nee per question, one row per gemeente."""
    yes, no = _("ja"), _("nee")
    headers = [
        _("CBS-code"),
        _("Gemeente"),
        _("Coalitie aanwezig"),
        _("Coalitie(s)"),
        _("Plan van aanpak"),
        *[_("Partner: %(p)s") % {"p": label} for _key, label, _cats in RIVM_PARTNERS],
        *[_("Aanbod: %(i)s") % {"i": label} for _key, label in RIVM_INTERVENTIONS],
    ]
    data = tablib.Dataset(headers=headers, title=_("RIVM-monitor %(date)s") % {"date": on})
    for r in rows:
        data.append(
            [
                r.gemeente.cbs_code,
                r.gemeente.name,
                yes if r.has_coalition else no,
                ", ".join(r.coalitions),
                yes if r.has_plan else no,
                *[yes if r.partners[key] else no for key, _label, _cats in RIVM_PARTNERS],
                *[yes if r.interventions[key] else no for key, _label in RIVM_INTERVENTIONS],
            ]
        )
    return data


def interventions_per_gemeente(gemeente_ids, on: datetime.date) -> dict[int, set[str]]:
    """{gemeente_id: {"nu_niet_zwanger", "voorzorg", ...}}: the RIVM_INTERVENTIONS offered by a
    partnership running on `on` in the coalition the gemeente belonged to on `on`; one query."""
    slug_to_key = {key.replace("_", "-"): key for key, _label in RIVM_INTERVENTIONS}
    running = CoalitionPartner.objects.running(on=on).values("pk")
    links = CoalitionGemeente.objects.running(on).filter(gemeente_id__in=gemeente_ids)
    rows = (
        Offering.objects.filter(
            partner__in=running,
            partner__coalition__gemeente_links__in=links,
            intervention__slug__in=slug_to_key,
        )
        # The same join as the filter: the gemeente of a link running on `on`.
        .values_list("partner__coalition__gemeente_links__gemeente", "intervention__slug")
        .distinct()
    )
    result: dict[int, set[str]] = defaultdict(set)
    for gemeente_id, slug in rows:
        result[gemeente_id].add(slug_to_key[slug])
    return dict(result)
