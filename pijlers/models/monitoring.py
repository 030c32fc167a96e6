"""Monitoring: indicators and their measurements per gemeente and period.

- A Measurement without gemeente is the national figure (Nederland); one row per
  (gemeente or national, indicator, period), enforced with NULLS NOT DISTINCT.
- Measurements flagged `small_numbers` (fewer than 10 cases) never reach public pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from coalitions.models import Gemeente
from common.fields import DecimalField
from common.numbers import format_decimal

PERIOD_REGEX = r"^[0-9]{4}(-[0-9]{4})?$"

# --- Monitoring ---------------------------------------------------------------------------------


class Direction(models.TextChoices):
    LOWER_IS_BETTER = "lower", _("Lager is beter")
    HIGHER_IS_BETTER = "higher", _("Hoger is beter")


@dataclass
class Series:
    """One line of a trend chart: a gemeente's (or the national) values per period."""

    label: str
    national: bool
    points: dict[str, object] = field(default_factory=dict)  # period -> Measurement


@dataclass
class IndicatorTrend:
    """An indicator with its series for one coalition, ready for a chart and a table."""

    indicator: Indicator
    periods: list[str]
    series: list[Series]

    @property
    def has_data(self) -> bool:
        return any(s.points for s in self.series)

    def rows(self):
        """Table rows: (period, [measurement or None per series])."""
        return [(p, [s.points.get(p) for s in self.series]) for p in self.periods]

    @property
    def sources(self) -> list[str]:
        """The sources of the figures shown, each once (in the order the table shows them),
        for the caption "Bron: …". Only the measurements' own `source`: the indicator's usual
        source is not a credit (a Perined figure was captioned "RIVM"); none when unknown."""
        seen: dict[str, str] = {}
        for _period, measurements in self.rows():
            for m in measurements:
                if m is not None and (text := m.source.strip()):
                    seen.setdefault(text.casefold(), text)
        return list(seen.values())


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        """Indicators in use."""
        return self.filter(active=True)

    def trends_for(self, coalition, public: bool = False) -> list[IndicatorTrend]:
        """Each active indicator with one series per gemeente of `coalition` plus the national
        series (when there are national figures). Three queries whatever the number of
        indicators, gemeenten or periods. `public=True` leaves out small-number figures.
        """
        gemeenten = list(coalition.gemeenten.order_by("name"))
        measurements = Measurement.objects.for_gemeenten(gemeenten)
        if public:
            measurements = measurements.public()
        indicators = self.active().prefetch_related(
            Prefetch("measurements", queryset=measurements, to_attr="coalition_measurements")
        )
        trends = []
        for indicator in indicators:
            series = {g.pk: Series(label=g.name, national=False) for g in gemeenten}
            national = Series(label=str(_("Nederland")), national=True)
            periods = {}
            for m in indicator.coalition_measurements:
                target = national if m.gemeente_id is None else series[m.gemeente_id]
                target.points[m.period] = m
                periods[m.period] = (m.end_year, m.start_year)
            ordered = sorted(periods, key=periods.__getitem__)
            lines = list(series.values()) + ([national] if national.points else [])
            trends.append(IndicatorTrend(indicator=indicator, periods=ordered, series=lines))
        return trends


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Indicator(models.Model):
    """A monitoring figure the programme follows, e.g. perinatale sterfte."""

    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Gebruikt in importbestanden.")
    )
    name = models.CharField(_("naam"), max_length=150)
    unit = models.CharField(_("eenheid"), max_length=60, help_text=_("Bijvoorbeeld ‘%’."))
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    # The plausible range of a figure, stated per indicator rather than guessed from the unit
    # (a free text such as "per 1.000 geboorten" or "rapportcijfer (1–10)"): Pharos can set
    # it for a new indicator in the admin. Empty means no bound on that side.
    min_value = DecimalField(
        _("kleinste waarde"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Een cijfer kleiner dan dit wordt geweigerd; bij een percentage 0."),
    )
    max_value = DecimalField(
        _("grootste waarde"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Een cijfer groter dan dit wordt geweigerd; bij een percentage 100."),
    )
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="indicator_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="indicator_range_order",
                violation_error_message=_("De kleinste waarde is groter dan de grootste."),
            ),
        ]

    def __str__(self):
        return self.name

    def range_error(self, value) -> str | None:
        """The Dutch reason why `value` is implausible for this indicator, or None.

        The one plausibility rule for figures: Measurement.clean calls it, so the workspace
        form, the admin and the import refuse with the same message.
        """
        low, high = self.min_value, self.max_value
        if value is None or (low is None or value >= low) and (high is None or value <= high):
            return None
        bounds = {
            "value": format_decimal(value),
            "low": format_decimal(low),
            "high": format_decimal(high),
            "unit": self.unit,
            "name": self.name,
        }
        if low is not None and high is not None:
            message = _(
                "%(value)s kan niet bij ‘%(name)s’: de waarde ligt tussen %(low)s en "
                "%(high)s (%(unit)s)."
            )
        elif low is not None:
            message = _("%(value)s kan niet bij ‘%(name)s’: de waarde is minstens %(low)s.")
        else:
            message = _("%(value)s kan niet bij ‘%(name)s’: de waarde is hoogstens %(high)s.")
        return message % bounds


def parse_period(period: str) -> tuple[int, int]:
    """'2021' -> (2021, 2021); '2017-2021' -> (2017, 2021). Raises ValidationError."""
    text = (period or "").strip()
    if not re.match(PERIOD_REGEX, text):
        raise ValidationError(_("Schrijf de periode als jaar (2021) of als reeks (2017-2021)."))
    start, _sep, end = text.partition("-")
    start_year, end_year = int(start), int(end or start)
    if end_year < start_year:
        raise ValidationError(_("Het eindjaar ligt vóór het beginjaar."))
    if not 1900 <= start_year <= 2100:
        raise ValidationError(_("Dat jaar ligt buiten het bereik 1900–2100."))
    return start_year, end_year


class MeasurementQuerySet(models.QuerySet):
    def public(self):
        """Figures that may be shown publicly: not based on fewer than 10 cases."""
        return self.filter(small_numbers=False)

    def national(self):
        """National figures (no gemeente)."""
        return self.filter(gemeente__isnull=True)

    def for_gemeenten(self, gemeenten):
        """Figures of these gemeenten plus the national ones, oldest period first."""
        return (
            self.filter(Q(gemeente__in=gemeenten) | Q(gemeente__isnull=True))
            .select_related("gemeente")
            .order_by("end_year", "start_year")
        )

    def for_coalition(self, coalition):
        """Figures of the coalition's gemeenten and the national ones, with indicator."""
        return (
            self.filter(Q(gemeente__coalitions=coalition) | Q(gemeente__isnull=True))
            .select_related("gemeente", "indicator")
            .order_by("indicator__order", "indicator__name", "gemeente__name", "end_year")
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Measurement(models.Model):
    """A figure for one gemeente (or, without gemeente, for the whole country) and period."""

    history_subject = ("indicator", "gemeente", "period")  # its name in the history

    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        help_text=_("Leeg voor het landelijke cijfer."),
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    period = models.CharField(
        _("periode"), max_length=9, help_text=_("Een jaar (2021) of een reeks jaren (2017-2021).")
    )
    # Derived from `period` on save; they order pooled periods (2017-2021) among single years.
    start_year = models.PositiveSmallIntegerField(_("beginjaar"), editable=False, blank=True)
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), editable=False, blank=True)
    value = DecimalField(_("waarde"), max_digits=12, decimal_places=4)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    small_numbers = models.BooleanField(
        _("gebaseerd op minder dan 10 gevallen"),
        default=False,
        help_text=_("Zulke cijfers verschijnen nooit op publieke pagina's."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["indicator", "gemeente", "end_year", "start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "indicator", "period"],
                nulls_distinct=False,
                name="one_measurement_per_gemeente_indicator_period",
                violation_error_message=_(
                    "Voor deze gemeente, indicator en periode is al een waarde vastgelegd."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period__regex=PERIOD_REGEX), name="measurement_period_format"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="measurement_period_order"
            ),
        ]

    def __str__(self):
        where = self.gemeente.name if self.gemeente_id else _("Nederland")
        return f"{self.indicator} – {where} – {self.period}"

    def save(self, *args, **kwargs):
        self.period = (self.period or "").strip()
        self.start_year, self.end_year = parse_period(self.period)
        super().save(*args, **kwargs)

    def clean(self):
        """The period's format and order (`parse_period`) and a value within the indicator's
        range: the admin, the workspace form and the import (MeasurementResource) all refuse
        with these messages."""
        super().clean()
        errors = {}
        self.period = (self.period or "").strip()
        try:
            self.start_year, self.end_year = parse_period(self.period)
        except ValidationError as e:
            errors["period"] = e.messages
        # Plausibility (a percentage lies within 0–100): the indicator's range.
        indicator = self.indicator if self.indicator_id else None
        number = self.value if isinstance(self.value, Decimal | int | float) else None
        if indicator is not None and (reason := indicator.range_error(number)):
            errors["value"] = [reason]
        if errors:
            raise ValidationError(errors)

    @property
    def where(self) -> str:
        return self.gemeente.name if self.gemeente is not None else str(_("Nederland"))
