"""The denkraam's figures as charts: pillar levels and indicator trends, mapped onto the
generic SVG geometry in common/charts.py (drawn by `_bar_chart.html` and `_line_chart.html`)."""

from django.utils.translation import gettext as _

from common.charts import (
    CURRENT_COLOUR,
    PREVIOUS_COLOUR,
    SERIES_COLOURS,
    BarChart,
    GroupInput,
    HorizontalBarChart,
    LineChart,
    SeriesInput,
    grouped_bar_chart,
    line_chart,
    small_bar_chart,
)
from common.forms import display_date
from pijlers.models import IndicatorTrend, MaturityLevel, PillarState, TargetRow, level_label

TARGET_COLOUR = SERIES_COLOURS[2]  # green, beside the blue of the current level


def pillar_bar_chart(states: list[PillarState], width=680, height=320) -> BarChart:
    """Bars per pillar: the previous assessment (grey) beside the current one (blue).

    A bar reaches the line of its level; 'niet gestart' is a short bar, not an empty space,
    so that it differs from 'nog niet beoordeeld' (no bar).
    """
    groups = []
    for state in states:
        name = state.pillar.short_name or state.pillar.name
        bars = []
        for assessment, colour, when in (
            (state.previous, PREVIOUS_COLOUR, _("vorige")),
            (state.current, CURRENT_COLOUR, _("huidige")),
        ):
            if assessment is None:
                bars.append((None, colour, ""))
                continue
            title = (
                f"{name}, {when} ({display_date(assessment.date)}): "
                f"{assessment.get_level_display()}"
            )
            bars.append((assessment.score, colour, title))
        groups.append(GroupInput(name, bars, _("niet beoordeeld")))
    return grouped_bar_chart(list(MaturityLevel.labels), groups, width=width, height=height)


def pillar_level_chart(pillars) -> HorizontalBarChart:
    """A small bar per pillar reaching its current level (geborgd is the full bar), with the
    level written beside it; 'niet gestart' and 'nog niet beoordeeld' draw no bar and are
    told apart by that text (the workspace overview). `pillars` come from
    `Pillar.objects.with_current_level(coalition)`."""
    top = len(MaturityLevel.values) - 1
    items = [
        (
            pillar.short_name or pillar.name,
            MaturityLevel.score(pillar.current_level) if pillar.current_level else 0,
            level_label(pillar.current_level),
        )
        for pillar in pillars
    ]
    return small_bar_chart(
        "pijlers-niveau", _("Niveau per pijler (zelfevaluatie)"), items, scale_max=top
    )


def target_bar_chart(rows: list[TargetRow], width=680, height=320) -> BarChart:
    """Bars per pillar or element: the current level (blue) beside the target (green)."""
    groups = []
    for row in rows:
        name = row.subject.short_name or row.subject.name
        bars: list[tuple[int | None, str, str]] = []
        current = row.state.current
        bars.append(
            (current.score, CURRENT_COLOUR, f"{name}, {_('huidig')}: {current.get_level_display()}")
            if current
            else (None, CURRENT_COLOUR, "")
        )
        target = row.target
        bars.append(
            (
                MaturityLevel.score(target.level),
                TARGET_COLOUR,
                f"{name}, {_('streven')} ({display_date(target.target_date)}): "
                f"{target.get_level_display()}",
            )
            if target
            else (None, TARGET_COLOUR, "")
        )
        groups.append(GroupInput(name, bars, _("niets vastgelegd")))
    return grouped_bar_chart(list(MaturityLevel.labels), groups, width=width, height=height)


def trend_line_chart(trend: IndicatorTrend, width=680, height=260) -> LineChart | None:
    """One line per gemeente (and a dashed one for the national figure) over the periods."""
    series = [
        SeriesInput(
            label=s.label,
            values={period: m.value for period, m in s.points.items()},
            national=s.national,
        )
        for s in trend.series
    ]
    return line_chart(
        list(trend.periods), series, unit=trend.indicator.unit, width=width, height=height
    )
