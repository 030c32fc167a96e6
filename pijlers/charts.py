"""Geometry for the server-rendered SVG charts (no JavaScript, so nothing for the CSP to block).

The functions here only compute coordinates and labels; the templates `_bar_chart.html` and
`_line_chart.html` draw them, so every text is escaped by the template engine. Each chart is
accompanied by a data table on the page for screen readers and for printing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pijlers.models import IndicatorTrend, MaturityLevel, PillarState

# Colours with a contrast of at least 3:1 against white (graphical objects, WCAG 1.4.11).
SERIES_COLOURS = ["#1a4fa0", "#b02a37", "#146c43", "#9a5b00", "#6f42c1", "#0b6e80", "#8a3b12"]
CURRENT_COLOUR = "#1a4fa0"
PREVIOUS_COLOUR = "#6c757d"
NATIONAL_COLOUR = "#1c2733"


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
    note: str = ""  # shown where no bar stands ("niet beoordeeld")


@dataclass
class GridLine:
    y: float
    label: str


@dataclass
class BarChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    grid: list[GridLine]
    groups: list[BarGroup]


def pillar_bar_chart(states: list[PillarState], width=680, height=320) -> BarChart:
    """Bars per pillar: the previous assessment (grey) beside the current one (blue).

    A bar reaches the line of its level; 'niet gestart' is a short bar, not an empty space,
    so that it differs from 'nog niet beoordeeld' (no bar).
    """
    left, right, top, bottom = 130, 10, 12, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = len(MaturityLevel.values)
    base = top + plot_h
    grid = [
        GridLine(y=round(base - (i + 1) / steps * plot_h, 1), label=str(label))
        for i, label in enumerate(MaturityLevel.labels)
    ]
    group_w = plot_w / max(len(states), 1)
    bar_w = min(34, group_w / 3)
    groups = []
    for i, state in enumerate(states):
        centre = left + group_w * (i + 0.5)
        bars = []
        for offset, assessment, colour, when in (
            (-bar_w - 2, state.previous, PREVIOUS_COLOUR, _("vorige")),
            (2, state.current, CURRENT_COLOUR, _("huidige")),
        ):
            if assessment is None:
                continue
            h = round((assessment.score + 1) / steps * plot_h, 1)
            bars.append(
                Bar(
                    x=round(centre + offset, 1),
                    y=round(base - h, 1),
                    width=round(bar_w, 1),
                    height=h,
                    colour=colour,
                    title=f"{state.pillar.short_name}, {when} ({assessment.date:%d-%m-%Y}): "
                    f"{assessment.get_level_display()}",
                )
            )
        groups.append(
            BarGroup(
                label=state.pillar.short_name,
                label_x=round(centre, 1),
                bars=bars,
                note="" if bars else _("niet beoordeeld"),
            )
        )
    return BarChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=width - right,
        plot_bottom=base,
        grid=grid,
        groups=groups,
    )


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


def _nice_max(value: Decimal) -> Decimal:
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


def trend_line_chart(trend: IndicatorTrend, width=680, height=260) -> LineChart | None:
    """One line per gemeente (and a dashed one for the national figure) over the periods."""
    values = [m.value for s in trend.series for m in s.points.values()]
    if not values:
        return None
    left, right, top, bottom = 64, 16, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    base = top + plot_h
    y_max = _nice_max(max(values))
    n = len(trend.periods)
    step = plot_w / n

    def x_of(i):
        return round(left + step * (i + 0.5), 1)

    def y_of(v):
        return round(base - float(v / y_max) * plot_h, 1)

    grid = [
        GridLine(y=y_of(y_max * k / 4), label=number_format(y_max * k / 4, decimal_pos=None))
        for k in range(5)
    ]
    ticks = [XTick(x=x_of(i), label=p) for i, p in enumerate(trend.periods)]
    lines = []
    colours = iter(SERIES_COLOURS * 3)
    for series in trend.series:
        if not series.points:
            continue
        line = Line(
            label=series.label,
            colour=NATIONAL_COLOUR if series.national else next(colours),
            dashed=series.national,
        )
        for i, period in enumerate(trend.periods):
            m = series.points.get(period)
            if m is not None:
                line.points.append(
                    Point(
                        x=x_of(i),
                        y=y_of(m.value),
                        title=f"{series.label}, {period}: {number_format(m.value.normalize())} "
                        f"{trend.indicator.unit}",
                    )
                )
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
