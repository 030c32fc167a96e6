"""Bar charts as plain SVG geometry, drawn by templates/admin/pharos/_chart.html.

Server-rendered SVG needs no JavaScript (our CSP forbids inline scripts and chart libraries
inject them); every chart is shown next to a table with the same figures for screen readers.
"""

from dataclasses import dataclass

LABEL_WIDTH = 170
BAR_AREA = 240
VALUE_WIDTH = 50
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass
class BarChart:
    id: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    value_heading: str = ""
    total: int | None = None


def bar_chart(chart_id, title, items, value_heading="", total=None) -> BarChart:
    """A horizontal bar chart for [(label, value), ...]; bars scale to the largest value."""
    largest = max((value for _label, value in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        width = round(BAR_AREA * value / largest)
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(
        id=chart_id,
        title=str(title),
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=max(len(items), 1) * ROW_HEIGHT,
        value_heading=str(value_heading),
        total=total,
    )
