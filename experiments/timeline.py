"""The werkagenda as a quarter-by-quarter grid: one row per item, grouped by theme, one year
at a time (YearWindow) so the page stays as light with ten years of work as with one.

Pure computation on items already loaded (WorkItem.objects.for_timeline()): no queries here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from common.quarters import FIRST_YEAR, LAST_YEAR, quarter_index, quarter_label

# The query parameter that picks the year: /werkagenda/?jaar=2025.
YEAR_PARAM = "jaar"
# The item just saved is highlighted in the werkagenda: the save redirects with its id.
SAVED_PARAM = "opgeslagen"

# An open-ended item alone would give a single column; show at least a year.
MIN_COLUMNS = 4


@dataclass(frozen=True)
class Cell:
    quarter: int
    active: bool
    first: bool = False
    last: bool = False
    open_end: bool = False  # active in the last column and running on beyond it
    from_before: bool = False  # active in the first column and begun before it


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


def build_timeline(items, themes=None, only_theme=None, year=None) -> Timeline:
    """Lay `items` out on quarters from the earliest start to the latest end, or on the four
    quarters of `year` (items are then those of WorkItemQuerySet.in_year(year)).

    An item appears under every theme it has (in the themes' order), items without a theme
    come last; `only_theme` keeps just that theme's group. Items that run on past the last
    column (open-ended, or ending in a later year) are marked as running on; items begun
    before the first column as begun before. Without `themes`, the groups are the themes the
    items have (prefetched in the themes' own order by for_timeline()): no query for them.
    """
    items = list(items)
    bounds = quarter_range(items)
    if bounds is None:
        return Timeline(quarters=[], groups=[])
    first, last = bounds if year is None else (quarter_index(year, 1), quarter_index(year, 4))
    quarters = [(q, quarter_label(q)) for q in range(first, last + 1)]

    def row_for(item) -> Row:
        end = item.end_quarter if item.end_quarter is not None else last
        cells = [
            Cell(
                quarter=q,
                active=item.start_quarter <= q <= end,
                first=q == item.start_quarter,
                last=q == end,
                open_end=q == last and (item.end_quarter is None or item.end_quarter > last),
                from_before=q == first and item.start_quarter < first,
            )
            for q, _label in quarters
        ]
        return Row(item=item, cells=cells)

    if themes is None:
        found = {t.pk: t for item in items for t in item.themes.all()}  # prefetched
        themes = sorted(found.values(), key=lambda t: (t.order, t.name, t.pk))
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


# --- One year at a time -----------------------------------------------------------------------


def touches_year(start_quarter: int, end_quarter: int | None, year: int) -> bool:
    """Whether an item from `start_quarter` to `end_quarter` (None: open-ended, it runs on)
    shows in `year`: the rule of WorkItemQuerySet.in_year for rows already loaded."""
    return start_quarter <= quarter_index(year, 4) and (
        end_quarter is None or end_quarter >= quarter_index(year, 1)
    )


def years_with_items(spans, *, this_year: int) -> list[int]:
    """The years in which at least one of `spans` ((start, end) quarters) shows, in order.

    An item shows in every year it touches; an open-ended one runs on to this year, or to
    the last year another item reaches if that is later (so the list ends where the plans
    end, not in 2035).
    """
    spans = list(spans)
    if not spans:
        return []
    horizon = max(
        this_year, *(s // 4 for s, _e in spans), *(e // 4 for _s, e in spans if e is not None)
    )
    years = set()
    for start, end in spans:
        years.update(range(start // 4, (horizon if end is None else end // 4) + 1))
    return sorted(years)


def parse_year(raw: str | None) -> tuple[int | None, str]:
    """The year asked for in ?jaar= and a Dutch message when it is no year we can show."""
    if not raw:
        return None, ""
    raw = raw.strip()
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw), ""
    return None, _g(
        "‘%(raw)s’ is geen jaar van de werkagenda: kies een jaar van %(first)s tot en met "
        "%(last)s. Hieronder staat het standaardjaar."
    ) % {"raw": raw[:20], "first": FIRST_YEAR, "last": LAST_YEAR}


def default_year(years: list[int], *, this_year: int, must_show=None) -> int:
    """This year when it has items, else the nearest year that has (the earlier one on a tie).
    `must_show` ((start, end) of the item just saved) wins: the year shown is one it is in."""
    if must_show is not None:
        start, end = must_show
        if touches_year(start, end, this_year):
            return this_year
        return start // 4
    if not years or this_year in years:
        return this_year
    return min(years, key=lambda y: (abs(y - this_year), y))


@dataclass(frozen=True)
class YearLink:
    year: int
    query: str  # the query string that shows this year with the same filters
    current: bool = False


@dataclass(frozen=True)
class YearWindow:
    """The year shown, the years with items (links), and the neighbours to step to."""

    year: int
    links: list[YearLink]
    previous: YearLink | None
    next: YearLink | None
    error: str = ""

    @property
    def has_items_elsewhere(self) -> bool:
        return bool(self.links)


def year_window(spans, query, *, this_year: int, saved_pk=None) -> YearWindow:
    """The window for the werkagenda page asked with `query` (request.GET): `spans` are
    (pk, start, end) of every item the filters let through, loaded in one query.

    Previous and next step to the nearest year with items on either side; every link keeps
    the filters and drops the saved-item highlight."""
    spans = list(spans)
    years = years_with_items(((s, e) for _pk, s, e in spans), this_year=this_year)
    asked, error = parse_year(query.get(YEAR_PARAM))
    saved = next(((s, e) for pk, s, e in spans if saved_pk is not None and pk == saved_pk), None)
    year = asked if asked is not None else default_year(years, this_year=this_year, must_show=saved)

    base = query.copy()
    base.pop(SAVED_PARAM, None)
    base.pop(YEAR_PARAM, None)  # added back last, so links read ?kind=...&jaar=2025

    def link(y):
        linked = base.copy()
        linked[YEAR_PARAM] = str(y)
        return YearLink(year=y, query=linked.urlencode(), current=y == year)

    before = [y for y in years if y < year]
    after = [y for y in years if y > year]
    return YearWindow(
        year=year,
        links=[link(y) for y in years],
        previous=link(before[-1]) if before else None,
        next=link(after[0]) if after else None,
        error=error,
    )
