"""Which partners of a coalition work together, and how many medical–social pairs are bridged.

Two kinds of evidence, kept apart on every page:

- **relations** (`PartnerRelation`, partners/models/relations.py): recorded by the coalition's
  editors, typed (verwijst naar, warme overdracht, casusoverleg, gezamenlijk aanbod, afspraak
  over gegevensuitwisseling) and dated. Only these count for the medical–social figure, on the
  date asked (`PartnerRelation.objects.running(on)`).
- **possible links** ("mogelijke verbindingen"): inferred from *connection sources*, small
  functions that get the coalition and its partnerships and yield `(organisation_id,
  organisation_id, reason)`. They used to be the figure, and saturated it: two partners on the
  same level are not yet two partners who refer to each other. They are shown as hints of
  relations still to record. This app ships two sources that need nothing but partnership data:

  - shared level: both organisations take part on the same level (politiek-bestuurlijk,
    management/beleid, uitvoering), so they sit at the same table;
  - shared core role: both are trekker or kernpartner, the core group that steers the
    coalition. Plain "partner" is the default role and says nothing about working together.

  Apps further down the import chain add their own sources without this module importing
  them: experiments registers `shared_work_and_agreements` in
  `partners.extensions.connection_sources` from its `AppConfig.ready()`. A source should run
  a fixed number of queries (one is typical) so the partner map's query count stays constant.

**Crossing the medical–social divide** (the programme's core aim in one figure): a pair counts
when one organisation's domain is *medisch* and the other's is *sociaal*, and only then.
*Publieke gezondheid* (GGD, JGZ) is on neither side: JGZ is itself the bridge organisation of the
first 1000 days, and counting it would let a coalition with only a GGD look connected.
*Informeel* and *overig* are on neither side either. The figure is the number of
medical–social pairs with at least one running relation, reported against the number of
medical–social pairs the coalition has, so "3 of 4" and "3 of 40" read differently.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from django.utils.translation import gettext as _

from partners import extensions
from partners.models import (
    DIRECTED_KINDS,
    Domain,
    Level,
    PartnerRelation,
    PartnerRole,
    RelationKind,
)

# The two sides of the divide; a link crosses it when its domains are exactly these two.
MEDICAL_SIDE = Domain.MEDISCH
SOCIAL_SIDE = Domain.SOCIAAL

CORE_ROLES = (PartnerRole.TREKKER, PartnerRole.KERNPARTNER)


def crosses_divide(domain_a: str, domain_b: str) -> bool:
    """True when one domain is medisch and the other sociaal (see the module docstring)."""
    return {domain_a, domain_b} == {MEDICAL_SIDE, SOCIAL_SIDE}


def shared_levels(coalition, partnerships):
    """Pairs that take part on the same level; one reason per shared level. No queries."""
    # Translated once per level, not once per pair (40 partners make 780 pairs).
    reasons = {
        level: _("samen op niveau %(level)s") % {"level": str(label).lower()}
        for level, label in Level.choices
    }
    order = Level.values
    for a, b in combinations(partnerships, 2):
        shared = set(a.levels) & set(b.levels)
        for level in order:
            if level in shared:
                yield a.organisation_id, b.organisation_id, reasons[level]


def shared_core_role(coalition, partnerships):
    """Pairs that are both trekker or kernpartner: the coalition's core group. No queries."""
    core = [p for p in partnerships if p.role in CORE_ROLES]
    for a, b in combinations(core, 2):
        yield a.organisation_id, b.organisation_id, _("samen in de kerngroep")


extensions.connection_sources.register(shared_levels, order=0)
extensions.connection_sources.register(shared_core_role, order=0)


@dataclass
class Link:
    """Two partnerships that work together, with every reason found for it (for a pair with
    relations: each relation as a phrase, for instance "A verwijst naar B")."""

    a: object
    b: object
    reasons: list[str] = field(default_factory=list)

    @property
    def crosses_divide(self) -> bool:
        return crosses_divide(self.a.organisation.domain, self.b.organisation.domain)

    @property
    def medical_partner(self):
        """On a bridge: the partnership from the medical side (else None)."""
        return next((p for p in (self.a, self.b) if p.organisation.domain == MEDICAL_SIDE), None)

    @property
    def social_partner(self):
        """On a bridge: the partnership from the social side (else None)."""
        return next((p for p in (self.a, self.b) if p.organisation.domain == SOCIAL_SIDE), None)


@dataclass
class Connections:
    """The relations in a coalition, the possible links, and the medical–social figure."""

    partnerships: list  # all partnerships considered, by organisation name
    links: list[Link]  # pairs with at least one running relation
    possible_links: list[Link]  # inferred ("mogelijke verbindingen"), never counted as bridges
    medical: list  # partnerships on the medical side
    social: list  # partnerships on the social side
    domain_pairs: list[tuple[str, str, int]]  # (domain label, domain label, pairs related)

    @cached_property
    def bridges(self) -> list[Link]:
        """The related pairs that cross the medical–social divide, by medical then social."""
        return _bridges(self.links)

    @property
    def bridge_count(self) -> int:
        return len(self.bridges)

    @property
    def possible_bridges(self) -> int:
        """How many medical–social pairs the coalition has at all."""
        return len(self.medical) * len(self.social)

    @cached_property
    def possible_bridge_links(self) -> list[Link]:
        """Inferred links across the divide whose pair has no relation yet: hints of relations
        to record, never part of the figure."""
        related = {(link.a.pk, link.b.pk) for link in self.links}
        return [
            link for link in _bridges(self.possible_links) if (link.a.pk, link.b.pk) not in related
        ]

    @property
    def per_partner(self) -> list[tuple[object, int, int, int]]:
        """(partnership, partners related to, of which across the divide, possible links)."""
        links, bridges, possible = Counter(), Counter(), Counter()
        for link in self.links:
            for p in (link.a, link.b):
                links[p.pk] += 1
                bridges[p.pk] += link.crosses_divide
        for link in self.possible_links:
            for p in (link.a, link.b):
                possible[p.pk] += 1
        return [(p, links[p.pk], bridges[p.pk], possible[p.pk]) for p in self.partnerships]

    @property
    def without_bridge(self) -> list:
        """Medical and social partnerships without any relation across the divide."""
        bridged = {p.pk for link in self.bridges for p in (link.a, link.b)}
        return [p for p in [*self.medical, *self.social] if p.pk not in bridged]

    @property
    def alone(self) -> list:
        """Partnerships without any running relation ("wie staat er nog alleen?")."""
        related = {p.pk for link in self.links for p in (link.a, link.b)}
        return [p for p in self.partnerships if p.pk not in related]


def _bridges(links) -> list[Link]:
    return sorted(
        (link for link in links if link.crosses_divide),
        key=lambda link: (
            link.medical_partner.organisation.name.casefold(),
            link.social_partner.organisation.name.casefold(),
        ),
    )


def relation_pairs(coalition, on=None):
    """(source organisation id, target organisation id, reason) for every relation of
    `coalition` running on `on` (today by default), in one query. The reason names the
    direction of a directed relation ("A verwijst naar B")."""
    rows = (
        PartnerRelation.objects.filter(coalition=coalition)
        .running(on)
        .values_list(
            "source__organisation_id",
            "source__organisation__name",
            "target__organisation_id",
            "target__organisation__name",
            "kind",
        )
        .order_by("kind", "source__organisation__name", "target__organisation__name")
    )
    labels = dict(RelationKind.choices)
    for source_id, source_name, target_id, target_name, kind in rows:
        if kind in DIRECTED_KINDS:
            reason = f"{source_name} {labels[kind]} {target_name}"
        else:
            reason = str(labels[kind])
        yield source_id, target_id, reason


def _collect(pairs, by_org, position) -> list[Link]:
    """Unique undirected links among `by_org`'s organisations, with their reasons, by name."""
    found: dict[tuple[int, int], Link] = {}
    for org_a, org_b, reason in pairs:
        if org_a == org_b or org_a not in by_org or org_b not in by_org:
            continue
        if position[org_a] > position[org_b]:
            org_a, org_b = org_b, org_a
        link = found.setdefault((org_a, org_b), Link(by_org[org_a], by_org[org_b]))
        if reason not in link.reasons:
            link.reasons.append(reason)
    return [found[key] for key in sorted(found, key=lambda k: (position[k[0]], position[k[1]]))]


def coalition_connections(coalition, partnerships, sources=None, on=None) -> Connections:
    """The related pairs and the possible links between `partnerships` (one coalition's, with
    `organisation` loaded), on date `on` (today by default). The one place the medical–social
    figure is computed.

    Links are undirected and unique per organisation pair; pairs that are not among
    `partnerships` are ignored. Sorted by organisation name. One query for the relations, plus
    what the connection sources ask.
    """
    partnerships = sorted(partnerships, key=lambda p: (p.organisation.name.casefold(), p.pk))
    by_org = {p.organisation_id: p for p in partnerships}
    position = {org_id: i for i, org_id in enumerate(by_org)}
    links = _collect(relation_pairs(coalition, on), by_org, position)
    possible = _collect(
        (
            row
            for source in (extensions.connection_sources if sources is None else sources)
            for row in source(coalition, partnerships)
        ),
        by_org,
        position,
    )

    labels = dict(Domain.choices)
    rank = {d: i for i, d in enumerate(Domain.values)}
    pair_counts = Counter(
        tuple(sorted((link.a.organisation.domain, link.b.organisation.domain), key=rank.get))
        for link in links
    )
    domain_pairs = [
        (labels[d1], labels[d2], pair_counts[(d1, d2)])
        for (d1, d2) in sorted(pair_counts, key=lambda pair: (rank[pair[0]], rank[pair[1]]))
    ]
    return Connections(
        partnerships=partnerships,
        links=links,
        possible_links=possible,
        medical=[p for p in partnerships if p.organisation.domain == MEDICAL_SIDE],
        social=[p for p in partnerships if p.organisation.domain == SOCIAL_SIDE],
        domain_pairs=domain_pairs,
    )
