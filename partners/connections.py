"""Which partners of a coalition work together, and how many links bridge medical and social.

A *link* is a pair of a coalition's active partner organisations with one or more reasons to
say they work together. Reasons come from *connection sources*: small functions that get the
coalition and its partnerships and yield `(organisation_id, organisation_id, reason)`. This app
ships two sources that need nothing but partnership data:

- shared level: both organisations take part on the same level (politiek-bestuurlijk,
  management/beleid, uitvoering), so they sit at the same table;
- shared core role: both are trekker or kernpartner, the core group that steers the coalition.
  Plain "partner" is the default role and says nothing about working together, so it is no
  reason on its own.

Apps further down the import chain add their own sources without this module importing them
(imports run `coalitions` <- `partners` <- `experiments`): the experiments app registers
`shared_work_and_agreements` in `partners.extensions.connection_sources` from its
`AppConfig.ready()`
(experiments/connections.py: shared published work items and signed agreements). A source
should run a fixed number of queries (one is typical) so the partner map's query count stays
constant.

**Crossing the medical–social divide** (the programme's core aim in one figure): a link counts
when one organisation's domain is *medisch* and the other's is *sociaal*, and only then.
*Publieke gezondheid* (GGD, JGZ) is on neither side: JGZ is itself the bridge organisation of the
first 1000 days, and counting it would let a coalition with only a GGD look connected.
*Informeel* and *overig* are on neither side either. The figure is reported against the
number of possible medical–social pairs, so "3 of 4" and "3 of 40" read differently.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from django.utils.translation import gettext as _

from partners import extensions
from partners.models import Domain, Level, PartnerRole

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
    """Two partnerships that work together, with every reason found for it."""

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
    """Every link in a coalition, plus what the medical–social figure needs."""

    partnerships: list  # all partnerships considered, by organisation name
    links: list[Link]
    medical: list  # partnerships on the medical side
    social: list  # partnerships on the social side
    domain_pairs: list[tuple[str, str, int]]  # (domain label, domain label, number of links)

    @cached_property
    def bridges(self) -> list[Link]:
        """The links that cross the medical–social divide, by medical then social partner."""
        return sorted(
            (link for link in self.links if link.crosses_divide),
            key=lambda link: (
                link.medical_partner.organisation.name.casefold(),
                link.social_partner.organisation.name.casefold(),
            ),
        )

    @property
    def bridge_count(self) -> int:
        return len(self.bridges)

    @property
    def possible_bridges(self) -> int:
        """How many medical–social pairs the coalition has at all."""
        return len(self.medical) * len(self.social)

    @property
    def per_partner(self) -> list[tuple[object, int, int]]:
        """(partnership, number of links, number of those crossing the divide) per partner."""
        links = Counter()
        bridges = Counter()
        for link in self.links:
            for p in (link.a, link.b):
                links[p.pk] += 1
                bridges[p.pk] += link.crosses_divide
        return [(p, links[p.pk], bridges[p.pk]) for p in self.partnerships]

    @property
    def without_bridge(self) -> list:
        """Medical and social partnerships without any link across the divide."""
        bridged = {p.pk for link in self.bridges for p in (link.a, link.b)}
        return [p for p in [*self.medical, *self.social] if p.pk not in bridged]


def coalition_connections(coalition, partnerships, sources=None) -> Connections:
    """The links between `partnerships` (one coalition's, with `organisation` loaded).

    Links are undirected and unique per organisation pair; pairs a source names that are not
    among `partnerships` are ignored. Sorted by organisation name.
    """
    partnerships = sorted(partnerships, key=lambda p: (p.organisation.name.casefold(), p.pk))
    by_org = {p.organisation_id: p for p in partnerships}
    position = {org_id: i for i, org_id in enumerate(by_org)}
    found: dict[tuple[int, int], Link] = {}
    for source in extensions.connection_sources if sources is None else sources:
        for org_a, org_b, reason in source(coalition, partnerships):
            if org_a == org_b or org_a not in by_org or org_b not in by_org:
                continue
            if position[org_a] > position[org_b]:
                org_a, org_b = org_b, org_a
            link = found.setdefault((org_a, org_b), Link(by_org[org_a], by_org[org_b]))
            if reason not in link.reasons:
                link.reasons.append(reason)
    links = [found[key] for key in sorted(found, key=lambda k: (position[k[0]], position[k[1]]))]

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
        medical=[p for p in partnerships if p.organisation.domain == MEDICAL_SIDE],
        social=[p for p in partnerships if p.organisation.domain == SOCIAL_SIDE],
        domain_pairs=domain_pairs,
    )
