"""Charts as plain SVG geometry: the one place that turns figures into coordinates.

Server-rendered SVG needs no JavaScript (our CSP forbids inline scripts, and chart libraries
inject them). The functions here only compute coordinates and labels; templates draw them
(`admin/pharos/_chart.html`, `pijlers/_bar_chart.html`, `pijlers/_line_chart.html`), so every
text is escaped by the template engine. Every chart is shown next to a table with the same
figures, for screen readers and for printing. Nothing here knows the domain: apps map their
data to `horizontal_bar_chart`, `grouped_bar_chart` and `line_chart`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

# Colours with a contrast of at least 3:1 against white (graphical objects, WCAG 1.4.11).
SERIES_COLOURS = ["#1a4fa0", "#b02a37", "#146c43", "#9a5b00", "#6f42c1", "#0b6e80", "#8a3b12"]
CURRENT_COLOUR = "#1a4fa0"
PREVIOUS_COLOUR = "#6c757d"
NATIONAL_COLOUR = "#1c2733"


@dataclass
class GridLine:
    y: float
    label: str


# --- Horizontal bars: one bar per category (the Pharos overview) ------------------------------

LABEL_WIDTH = 170
BAR_AREA = 240
VALUE_WIDTH = 50
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass
class HorizontalBar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int
    text: str = ""  # what is written beside the bar: the number, or a label such as a level


@dataclass
class HorizontalBarChart:
    id: str
    title: str
    bars: list[HorizontalBar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    value_heading: str = ""
    total: int | None = None


def bar_chart(
    chart_id,
    title,
    items,
    value_heading="",
    total=None,
    *,
    scale_max=None,
    label_width=LABEL_WIDTH,
    bar_area=BAR_AREA,
    value_width=VALUE_WIDTH,
) -> HorizontalBarChart:
    """A horizontal bar chart for [(label, value), ...] or [(label, value, text), ...]; bars
    scale to `scale_max` (default: the largest value). `text` is written beside the bar
    (default: the value as a Dutch number), so the chart carries its figures as text."""
    largest = scale_max or max((item[1] for item in items), default=0) or 1
    bars = []
    for i, (label, value, *text) in enumerate(items):
        width = round(bar_area * min(value, largest) / largest)
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            HorizontalBar(
                label=str(label),
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=label_width + width + 6,
                text=str(text[0]) if text else number_format(value),
            )
        )
    return HorizontalBarChart(
        id=chart_id,
        title=str(title),
        bars=bars,
        width=label_width + bar_area + value_width,
        height=max(len(items), 1) * ROW_HEIGHT,
        label_width=label_width,
        value_heading=str(value_heading),
        total=total,
    )


def small_bar_chart(chart_id, title, items, value_heading="", *, scale_max=None):
    """`bar_chart` narrow enough for half a card on a laptop and still readable when a phone
    scales it down (the workspace overview; drawn by `common/_small_bar_chart.html`)."""
    return bar_chart(
        chart_id,
        title,
        items,
        value_heading,
        scale_max=scale_max,
        label_width=150,
        bar_area=150,
        value_width=110,
    )


# --- Grouped vertical bars on an ordinal scale (pillar levels, now and before) ----------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class BarGroup:
    label: str
    label_x: float
    bars: list[Bar]
    note: str = ""  # shown where no bar stands (for example "niet beoordeeld")


@dataclass
class BarChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    grid: list[GridLine]
    groups: list[BarGroup]


@dataclass
class GroupInput:
    """One group of bars: its label, the bars as (step or None, colour, title), and the note
    shown when no bar stands."""

    label: str
    bars: list[tuple[int | None, str, str]]
    empty_note: str = ""


def grouped_bar_chart(
    steps: list[str], groups: list[GroupInput], width=680, height=320
) -> BarChart:
    """Bars per group on the ordinal scale `steps` (labels, lowest first); a bar at step 0
    is a short bar, not an empty space, so it differs from 'no value' (no bar)."""
    left, right, top, bottom = 130, 10, 12, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    n_steps = max(len(steps), 1)
    base = top + plot_h
    grid = [
        GridLine(y=round(base - (i + 1) / n_steps * plot_h, 1), label=str(label))
        for i, label in enumerate(steps)
    ]
    group_w = plot_w / max(len(groups), 1)
    n_bars = max((len(g.bars) for g in groups), default=1) or 1
    bar_w = min(34, group_w / (n_bars + 1))
    result = []
    for i, group in enumerate(groups):
        centre = left + group_w * (i + 0.5)
        first_x = centre - (n_bars * bar_w + (n_bars - 1) * 4) / 2
        bars = []
        for j, (step, colour, title) in enumerate(group.bars):
            if step is None:
                continue
            h = round((step + 1) / n_steps * plot_h, 1)
            bars.append(
                Bar(
                    x=round(first_x + j * (bar_w + 4), 1),
                    y=round(base - h, 1),
                    width=round(bar_w, 1),
                    height=h,
                    colour=colour,
                    title=title,
                )
            )
        result.append(
            BarGroup(
                label=group.label,
                label_x=round(centre, 1),
                bars=bars,
                note="" if bars else str(group.empty_note),
            )
        )
    return BarChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=width - right,
        plot_bottom=base,
        grid=grid,
        groups=result,
    )


# --- Lines over periods (monitoring trends) ---------------------------------------------------


@dataclass
class Point:
    x: float
    y: float
    title: str


@dataclass
class Line:
    label: str
    colour: str
    dashed: bool
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class XTick:
    x: float
    label: str


@dataclass
class LineChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    grid: list[GridLine]
    ticks: list[XTick]
    lines: list[Line]


@dataclass
class SeriesInput:
    """One line: its label, whether it is the national reference (dashed), and its values."""

    label: str
    values: dict[str, Decimal]
    national: bool = False


def nice_max(value: Decimal) -> Decimal:
    """A round upper bound a bit above `value` (1, 2, 2.5, 5 times a power of ten)."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal("0.1")
    while magnitude > value:
        magnitude /= 10
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if magnitude * factor >= value * Decimal("1.05"):
            return magnitude * factor
    return magnitude * 10


def line_chart(
    periods: list[str], series: list[SeriesInput], unit: str = "", width=680, height=260
) -> LineChart | None:
    """One line per series over `periods` (national ones dashed); None without any value."""
    values = [v for s in series for v in s.values.values()]
    if not values:
        return None
    left, right, top, bottom = 64, 16, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    base = top + plot_h
    y_max = nice_max(max(values))
    step = plot_w / max(len(periods), 1)

    def x_of(i):
        return round(left + step * (i + 0.5), 1)

    def y_of(v):
        return round(base - float(v / y_max) * plot_h, 1)

    grid = [
        GridLine(y=y_of(y_max * k / 4), label=number_format(y_max * k / 4, decimal_pos=None))
        for k in range(5)
    ]
    ticks = [XTick(x=x_of(i), label=p) for i, p in enumerate(periods)]
    lines = []
    colours = iter(SERIES_COLOURS * 3)
    for s in series:
        if not s.values:
            continue
        line = Line(
            label=s.label,
            colour=NATIONAL_COLOUR if s.national else next(colours),
            dashed=s.national,
        )
        for i, period in enumerate(periods):
            value = s.values.get(period)
            if value is not None:
                title = f"{s.label}, {period}: {number_format(value.normalize())} {unit}".strip()
                line.points.append(Point(x=x_of(i), y=y_of(value), title=title))
        lines.append(line)
    return LineChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=width - right,
        plot_bottom=base,
        grid=grid,
        ticks=ticks,
        lines=lines,
    )


# --- Points on a circle: a network of a few dozen nodes (partners' network) ------------------


@dataclass
class CirclePoint:
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of a label outside the circle: "start" right, "end" left


def circle_layout(count: int, *, cx: float, cy: float, radius: float, gap: float = 14):
    """`count` points evenly on a circle, clockwise from the top, each with a label position
    `gap` further out (anchored away from the centre so labels never cross the circle)."""
    import math

    points = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        cos, sin = math.cos(angle), math.sin(angle)
        points.append(
            CirclePoint(
                x=round(cx + radius * cos, 1),
                y=round(cy + radius * sin, 1),
                label_x=round(cx + (radius + gap) * cos, 1),
                label_y=round(cy + (radius + gap) * sin + 4, 1),
                anchor="start" if cos >= -0.01 else "end",
            )
        )
    return points
