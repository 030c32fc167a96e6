"""Extension points: how a higher app adds to what a lower app shows, without the lower app
importing it (imports run common <- coalitions <- partners <- experiments; pijlers builds on
coalitions and partners).

A lower app declares its points in its own `extensions.py` (for example
`coalitions.extensions.public_sections`); a higher app registers its contributions from its
`AppConfig.ready()`. Every point has the same shape: `register(item)` and iteration in a
stable order (`order`, then registration).
"""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class ExtensionPoint(Generic[T]):
    """A named, ordered list of contributions. Registering the same key again replaces it,
    so a `ready()` that runs twice (tests, autoreload) adds nothing twice."""

    def __init__(self, name: str, key: Callable[[T], object] | None = None):
        self.name = name
        self._key = key or (lambda item: item)
        self._items: dict[object, tuple[int, int, T]] = {}

    def register(self, item: T, *, order: int = 100) -> T:
        """Add `item` (or replace the one with the same key); returns it, so it decorates."""
        key = self._key(item)
        seq = self._items[key][1] if key in self._items else len(self._items)
        self._items[key] = (order, seq, item)
        return item

    def unregister(self, item: T) -> None:
        """Remove `item` (or the one with its key), if registered (tests add and remove)."""
        self._items.pop(self._key(item), None)

    def __iter__(self) -> Iterator[T]:
        return iter(item for _order, _seq, item in sorted(self._items.values(), key=_rank))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self)}>"


def _rank(entry):
    order, seq, _item = entry
    return (order, seq)
