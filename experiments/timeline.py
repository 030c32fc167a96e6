"""The werkagenda as a quarter-by-quarter grid: one row per item, grouped by theme.

Pure computation on items already loaded (WorkItem.objects.for_timeline()): no queries here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from common.quarters import quarter_label

# An open-ended item alone would give a single column; show at least a year.
MIN_COLUMNS = 4


@dataclass(frozen=True)
class Cell:
    quarter: int
    active: bool
    first: bool = False
    last: bool = False
    open_end: bool = False  # active in the last column and running on beyond it


@dataclass
class Row:
    item: object
    cells: list[Cell]
    # The first row of the item just saved: the anchor the save redirects to (an item with
    # several themes has several rows; only one may carry the id).
    saved_anchor: bool = False


@dataclass
class Group:
    theme: object  # a Theme, or None for items without a theme
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Timeline:
    quarters: list[tuple[int, str]]
    groups: list[Group]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def column_count(self) -> int:
        return len(self.quarters)


def quarter_range(items) -> tuple[int, int] | None:
    """First and last quarter to show for `items`, or None without items."""
    if not items:
        return None
    first = min(i.start_quarter for i in items)
    last = max(i.end_quarter if i.end_quarter is not None else i.start_quarter for i in items)
    if any(i.end_quarter is None for i in items):
        last = max(last, first + MIN_COLUMNS - 1)
    return first, last


def build_timeline(items, themes, only_theme=None) -> Timeline:
    """Lay `items` out on quarters from the earliest start to the latest end.

    An item appears under every theme it has (in the themes' order), items without a theme
    come last; `only_theme` keeps just that theme's group. Open-ended items run to the last
    column and are marked as running on.
    """
    items = list(items)
    bounds = quarter_range(items)
    if bounds is None:
        return Timeline(quarters=[], groups=[])
    first, last = bounds
    quarters = [(q, quarter_label(q)) for q in range(first, last + 1)]

    def row_for(item) -> Row:
        end = item.end_quarter if item.end_quarter is not None else last
        cells = [
            Cell(
                quarter=q,
                active=item.start_quarter <= q <= end,
                first=q == item.start_quarter,
                last=q == end,
                open_end=item.end_quarter is None and q == last,
            )
            for q, _label in quarters
        ]
        return Row(item=item, cells=cells)

    groups = {theme.pk: Group(theme=theme, label=theme.name) for theme in themes}
    loose = Group(theme=None, label=str(_("Zonder thema")))
    for item in items:
        item_themes = list(item.themes.all())  # prefetched
        if not item_themes:
            loose.rows.append(row_for(item))
        for theme in item_themes:
            if theme.pk in groups:
                groups[theme.pk].rows.append(row_for(item))
    result = [g for g in groups.values() if g.rows]
    if only_theme is not None:
        result = [g for g in result if g.theme.pk == only_theme.pk]
    elif loose.rows:
        result.append(loose)
    return Timeline(quarters=quarters, groups=result)
