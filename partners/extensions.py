"""What the apps built on `partners` add to its pages (see common/extensions.py).

- `connection_sources`: functions `source(coalition, partnerships)` that yield
  `(organisation_id, organisation_id, reason)` for the partner map's links
  (partners/connections.py). A source runs a fixed number of queries (one is typical).
"""

from collections.abc import Callable, Iterable, Sequence

from common.extensions import ExtensionPoint

ConnectionSource = Callable[[object, Sequence[object]], Iterable[tuple[int, int, str]]]

connection_sources: ExtensionPoint[ConnectionSource] = ExtensionPoint("connection_sources")
