"""What the apps built on `partners` add to its pages (see common/extensions.py).

- `connection_sources`: functions `source(coalition, partnerships)` that yield
  `(organisation_id, organisation_id, reason)` for the partner map's possible links
  (partners/connections.py). A source runs a fixed number of queries (one is typical).
- `relation_bases`: what a relation between partners may rest on (`RelationBasis`): an
  agreement, a werkagenda item. `candidates(coalition)` returns a QuerySet of the coalition's
  own objects; `model_label` ("experiments.agreement") names the model.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from common.extensions import ExtensionPoint

ConnectionSource = Callable[[object, Sequence[object]], Iterable[tuple[int, int, str]]]

connection_sources: ExtensionPoint[ConnectionSource] = ExtensionPoint("connection_sources")


@dataclass(frozen=True)
class RelationBasis:
    model_label: str  # app_label.modelname, lower case
    label: str  # the group's Dutch name in a choice list
    candidates: Callable[[object], object]  # coalition -> QuerySet of that model


relation_bases: ExtensionPoint[RelationBasis] = ExtensionPoint(
    "relation_bases", key=lambda basis: basis.model_label
)
