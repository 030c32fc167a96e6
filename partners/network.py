"""The coalition's network as a picture: partners on a circle, coloured by domain, relations
as lines by type, bridges between medisch and sociaal drawn thicker.

Server-rendered SVG (no JavaScript; our CSP forbids inline scripts) with the same relations in
a table beside it. Partners sit on the circle in domain order, so the medical partners face the
social ones and a bridge crosses the picture. Coordinates come from `common.charts`; the
template `partners/_network_svg.html` draws them, so every name is escaped there.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from common.charts import CirclePoint, circle_layout
from partners.connections import crosses_divide
from partners.models import DIRECTED_KINDS, Domain, RelationKind

# Domain colours as on the partner map (static/css/partner-map.css), 3:1 against white.
DOMAIN_COLOURS = {
    Domain.MEDISCH: "#b02a37",
    Domain.PUBLIEKE_GEZONDHEID: "#6f42c1",
    Domain.SOCIAAL: "#146c43",
    Domain.INFORMEEL: "#9a5b00",
    Domain.OVERIG: "#495057",
}
# Each kind its colour and its dash pattern, so the type never rests on colour alone.
KIND_STYLES = {
    RelationKind.VERWIJST: ("#1a4fa0", ""),
    RelationKind.WARME_OVERDRACHT: ("#0b6e80", "10 4"),
    RelationKind.CASUSOVERLEG: ("#8a3b12", "4 4"),
    RelationKind.GEZAMENLIJK_AANBOD: ("#1c2733", "1 4"),
    RelationKind.GEGEVENSUITWISSELING: ("#6c757d", "12 4 2 4"),
}
WIDTH, HEIGHT = 760, 560
RADIUS = 190
NODE_RADIUS = 9
LABEL_MAX = 26


@dataclass
class Node:
    partnership: object
    point: CirclePoint
    colour: str
    label: str
    alone: bool


@dataclass
class Edge:
    relation: object
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    dash: str
    directed: bool
    bridge: bool


@dataclass
class PathLine:
    """One step of the referral path shown on the network, numbered at its middle."""

    step: object
    x1: float
    y1: float
    x2: float
    y2: float
    mid_x: float
    mid_y: float
    gap: bool  # no relation behind this step


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    path_lines: list[PathLine]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def kinds(self):
        """The legend: (kind value, label, colour, dash, directed) for every kind."""
        return [
            (value, label, *KIND_STYLES[value], value in DIRECTED_KINDS)
            for value, label in RelationKind.choices
        ]

    @property
    def domains(self):
        return [(label, DOMAIN_COLOURS[value]) for value, label in Domain.choices]


def _short(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[: LABEL_MAX - 1].rstrip() + "…"


def build_network(partnerships, relations, *, alone_ids, path=None) -> Network:
    """The picture of `partnerships` (organisation loaded) and `relations` (running, with
    `source`/`target` among them). `alone_ids`: partnerships without any relation at all,
    whatever the filter shows; `path`: a referral path (with `step_list`) to draw on top.
    No queries."""
    rank = {d: i for i, d in enumerate(Domain.values)}
    ordered = sorted(
        partnerships,
        key=lambda p: (rank.get(p.organisation.domain, len(rank)), p.organisation.name.casefold()),
    )
    points = circle_layout(len(ordered), cx=WIDTH / 2, cy=HEIGHT / 2, radius=RADIUS)
    nodes = [
        Node(
            partnership=p,
            point=point,
            colour=DOMAIN_COLOURS.get(p.organisation.domain, DOMAIN_COLOURS[Domain.OVERIG]),
            label=_short(p.organisation.name),
            alone=p.pk in alone_ids,
        )
        for p, point in zip(ordered, points, strict=True)
    ]
    at = {node.partnership.pk: node.point for node in nodes}
    edges = []
    for relation in relations:
        start, end = at.get(relation.source_id), at.get(relation.target_id)
        if start is None or end is None:
            continue
        colour, dash = KIND_STYLES[relation.kind]
        x1, y1, x2, y2 = _shorten(start, end)
        edges.append(
            Edge(
                relation=relation,
                x1=x1,
                y1=y1,
                x2=x2,
                y2=y2,
                colour=colour,
                dash=dash,
                directed=relation.kind in DIRECTED_KINDS,
                bridge=crosses_divide(
                    relation.source.organisation.domain, relation.target.organisation.domain
                ),
            )
        )
    path_lines = []
    for step in path.step_list if path else []:
        start, end = at.get(step.from_partner_id), at.get(step.to_partner_id)
        if start is None or end is None:
            continue
        x1, y1, x2, y2 = _shorten(start, end)
        path_lines.append(
            PathLine(
                step=step,
                x1=x1,
                y1=y1,
                x2=x2,
                y2=y2,
                mid_x=round((x1 + x2) / 2, 1),
                mid_y=round((y1 + y2) / 2, 1),
                gap=not step.has_relation,
            )
        )
    return Network(nodes=nodes, edges=edges, path_lines=path_lines)


def _shorten(start, end):
    """The line between two nodes, stopping at their rims (so an arrowhead stays visible)."""
    dx, dy = end.x - start.x, end.y - start.y
    length = (dx * dx + dy * dy) ** 0.5 or 1
    gap = NODE_RADIUS + 2
    return (
        round(start.x + dx * gap / length, 1),
        round(start.y + dy * gap / length, 1),
        round(end.x - dx * gap / length, 1),
        round(end.y - dy * gap / length, 1),
    )


NETWORK_TITLE = _("Netwerk van relaties tussen partners")
