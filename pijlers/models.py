"""The denkraam: pillars and their questions, self-assessments, monitoring figures,
the intervention palette and a coalition's expertise profile.

Design choices (see README, "Denkraam"):
- Self-assessments are append-only (a database trigger forbids UPDATE/DELETE, as for
  StatusUpdate): every change is a new dated Assessment with its answers, so a coalition can
  compare any two dates and nothing is ever rewritten.
- A Measurement without gemeente is the national figure (Nederland); one row per
  (gemeente or national, indicator, period), enforced with NULLS NOT DISTINCT.
- Measurements flagged `small_numbers` (fewer than 10 cases) never reach public pages.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition, Gemeente
from partners.fields import ChoiceArrayField
from partners.models import CoalitionPartner

PERIOD_REGEX = r"^[0-9]{4}(-[0-9]{4})?$"


# --- Reference data: pillars, questions, cross-cutting elements --------------------------------


class PillarQuerySet(models.QuerySet):
    def overview_for(self, coalition, on: datetime.date | None = None) -> list[PillarState]:
        """Every pillar with the coalition's current and previous assessment (two queries).

        `on` limits the view to assessments dated on or before that day, so the same method
        answers "where did we stand on 1 January?".
        """
        pillars = list(self.order_by("number"))
        latest_two = Assessment.objects.latest_two_per_pillar(coalition, on=on)
        by_pillar: dict[int, list[Assessment]] = {}
        for assessment in latest_two:
            by_pillar.setdefault(assessment.pillar_id, []).append(assessment)
        states = []
        for pillar in pillars:
            found = by_pillar.get(pillar.pk, [])
            states.append(
                PillarState(
                    pillar=pillar,
                    current=found[0] if found else None,
                    previous=found[1] if len(found) > 1 else None,
                )
            )
        return states

    def latest_levels_for(self, coalition) -> list[PillarState]:
        """Public view: each pillar with its current level only (no notes leave this method).

        The notes, next actions and answers are internal to the coalition; public pages read
        only `state.pillar` and `state.level`.
        """
        return [
            PillarState(pillar=s.pillar, current=s.current, previous=None)
            for s in self.overview_for(coalition)
        ]

    def without_assessment_for(self, coalition):
        """Pillars the coalition has never assessed (for the workspace's attention list)."""
        assessed = Assessment.objects.filter(coalition=coalition, pillar=OuterRef("pk"))
        return self.filter(~Exists(assessed)).order_by("number")

    def with_questions(self):
        """Pillars with their active questions prefetched, in order."""
        return self.order_by("number").prefetch_related(
            Prefetch(
                "questions",
                queryset=PillarQuestion.objects.filter(active=True).order_by("order"),
                to_attr="active_questions",
            )
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Pillar(models.Model):
    """One of the five pillars of Pharos' denkraam for an integral approach."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=150)
    short_name = models.CharField(
        _("korte naam"), max_length=40, help_text=_("Voor grafieken, bijvoorbeeld ‘Monitoring’.")
    )
    description = models.TextField(_("toelichting"), blank=True)

    objects = PillarQuerySet.as_manager()

    class Meta:
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=9), name="pillar_number_range"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PillarQuestion(models.Model):
    """A question a coalition asks itself about one pillar."""

    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pijler"), on_delete=models.PROTECT, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("vraag"))
    active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Zet uit in plaats van verwijderen: eerdere antwoorden blijven bewaard."),
    )

    class Meta:
        verbose_name = _("vraag bij een pijler")
        verbose_name_plural = _("vragen bij de pijlers")
        ordering = ["pillar__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "order"], name="question_order_per_pillar")
        ]

    def __str__(self):
        return f"{self.pillar.number}.{self.order} {self.text[:80]}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CrossCuttingElement(models.Model):
    """A theme that runs through all pillars (e.g. sensitieve vroegsignalering)."""

    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    name = models.CharField(_("naam"), max_length=150, unique=True)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("doorlopend element")
        verbose_name_plural = _("doorlopende elementen")
        ordering = ["order"]

    def __str__(self):
        return self.name


# --- Self-assessment ----------------------------------------------------------------------------


class MaturityLevel(models.TextChoices):
    """How far a coalition has come on a pillar, from nothing to embedded."""

    NIET_GESTART = "niet_gestart", _("Niet gestart")
    VERKENNEND = "verkennend", _("Verkennend")
    IN_ONTWIKKELING = "in_ontwikkeling", _("In ontwikkeling")
    INGERICHT = "ingericht", _("Ingericht")
    GEBORGD = "geborgd", _("Geborgd")

    @classmethod
    def score(cls, value: str) -> int:
        """0 (niet gestart) … 4 (geborgd): the height of a bar in the chart."""
        return cls.values.index(value)


@dataclass
class PillarState:
    """A pillar with the coalition's latest and the one-before-latest assessment."""

    pillar: Pillar
    current: Assessment | None
    previous: Assessment | None = None

    @property
    def level(self) -> str | None:
        return self.current.level if self.current else None

    @property
    def level_label(self) -> str:
        return self.current.get_level_display() if self.current else str(_("Nog niet beoordeeld"))

    @property
    def previous_label(self) -> str:
        return self.previous.get_level_display() if self.previous else "–"


class AssessmentQuerySet(models.QuerySet):
    def latest_per_pillar(self, coalition, on: datetime.date | None = None):
        """The newest assessment per pillar of `coalition`, optionally on or before `on`."""
        qs = self.filter(coalition=coalition)
        if on is not None:
            qs = qs.filter(date__lte=on)
        return (
            qs.select_related("pillar", "author")
            .order_by("pillar_id", "-date", "-created_at")
            .distinct("pillar_id")
        )

    def latest_two_per_pillar(self, coalition, on: datetime.date | None = None):
        """Per pillar the newest and the one before it, newest first (one query)."""
        qs = self.filter(coalition=coalition)
        if on is not None:
            qs = qs.filter(date__lte=on)
        return (
            qs.annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[F("pillar_id")],
                    order_by=[F("date").desc(), F("created_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=2)
            .select_related("author")
            .order_by("pillar_id", "rank")
        )

    def history(self, coalition, pillar):
        """All assessments of one pillar, newest first, with their answers and questions."""
        return (
            self.filter(coalition=coalition, pillar=pillar)
            .select_related("author")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=AssessmentAnswer.objects.select_related("question").order_by(
                        "question__order"
                    ),
                )
            )
            .order_by("-date", "-created_at")
        )


@pgtrigger.register(
    # History is kept by never rewriting it: a change is a new, dated assessment.
    pgtrigger.Protect(name="assessment_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class Assessment(models.Model):
    """A coalition's dated self-assessment of one pillar. Append-only."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="pillar_assessments",
    )
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pijler"), on_delete=models.PROTECT, related_name="assessments"
    )
    date = models.DateField(_("datum"))
    level = models.CharField(_("niveau"), max_length=20, choices=MaturityLevel.choices)
    notes = models.TextField(_("toelichting"), blank=True)
    next_actions = models.TextField(_("volgende acties"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pillar_assessments",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["coalition", "pillar", "-date", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=MaturityLevel.values), name="assessment_level_valid"
            )
        ]

    def __str__(self):
        return f"{self.coalition} – {self.pillar.short_name} – {self.date:%d-%m-%Y}"

    @property
    def score(self) -> int:
        return MaturityLevel.score(self.level)


@pgtrigger.register(
    pgtrigger.Protect(name="answer_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class AssessmentAnswer(models.Model):
    """The coalition's answer to one question, as part of one assessment. Append-only."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("zelfevaluatie"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    question = models.ForeignKey(
        PillarQuestion, verbose_name=_("vraag"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("antwoord"))

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return self.text[:80]


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
            ordered = sorted(periods, key=periods.get)
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
            )
        ]

    def __str__(self):
        return self.name


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
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=4)
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
        super().clean()
        try:
            self.start_year, self.end_year = parse_period(self.period)
        except ValidationError as e:
            raise ValidationError({"period": e.messages}) from None

    @property
    def where(self) -> str:
        return self.gemeente.name if self.gemeente_id else str(_("Nederland"))


# --- Intervention palette -----------------------------------------------------------------------


class LifePhase(models.TextChoices):
    PRECONCEPTIE = "preconceptie", _("Preconceptie")
    ZWANGERSCHAP = "zwangerschap", _("Zwangerschap")
    GEBOORTE_KRAAM = "geboorte_kraam", _("Geboorte en kraamperiode")
    NUL_TWEE = "nul_twee", _("0–2 jaar")


class Vulnerability(models.TextChoices):
    """The four levels of the definition of a vulnerable pregnancy used by the programme."""

    ZELFREDZAAM = "zelfredzaam", _("Zelfredzaam")
    POTENTIEEL_KWETSBAAR = "potentieel_kwetsbaar", _("Potentieel kwetsbaar")
    KWETSBAAR = "kwetsbaar", _("Kwetsbaar")
    ZEER_KWETSBAAR = "zeer_kwetsbaar", _("Zeer kwetsbaar")


class InterventionKind(models.TextChoices):
    """What kind of offer an intervention is; two partners offering the same kind to the same
    cell of the palette is an overlap worth talking about."""

    HUISBEZOEK = "huisbezoek", _("Huisbezoeken door professionals")
    GROEPSZORG = "groepszorg", _("Groepsgerichte zorg")
    VOORLICHTING = "voorlichting", _("Voorlichting")
    ONTMOETING = "ontmoeting", _("Ontmoeting")
    VRIJWILLIGE_STEUN = "vrijwillige_steun", _("Steun door vrijwilligers of maatjes")
    PRAKTISCHE_STEUN = "praktische_steun", _("Praktische en materiële steun")
    KINDERWENS = "kinderwens", _("Kinderwens en anticonceptie")
    OPVOEDONDERSTEUNING = "opvoedondersteuning", _("Opvoedondersteuning")
    OVERIG = "overig", _("Overig")


class InterventionQuerySet(models.QuerySet):
    def offered_in(self, gemeente):
        """Interventions offered by a running partnership of any coalition of `gemeente`
        (for the RIVM monitor's questions on Nu Niet Zwanger, Centering, VoorZorg, …)."""
        offerings = Offering.objects.filter(
            intervention=OuterRef("pk"),
            partner__coalition__gemeenten=gemeente,
            partner__until__isnull=True,
        )
        return self.filter(Exists(offerings)).order_by("name")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Intervention(models.Model):
    """An intervention from the catalogue, e.g. VoorZorg."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=150, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(
        _("soort aanbod"), max_length=30, choices=InterventionKind.choices, default="overig"
    )
    recognised = models.BooleanField(
        _("erkend"),
        default=False,
        help_text=_("Erkend in een databank voor effectieve interventies."),
    )
    life_phases = ChoiceArrayField(
        models.CharField(max_length=20, choices=LifePhase.choices),
        verbose_name=_("levensfasen"),
        default=list,
    )
    vulnerability_levels = ChoiceArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices),
        verbose_name=_("kwetsbaarheid"),
        default=list,
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterventionKind.values), name="intervention_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(life_phases__contained_by=LifePhase.values),
                name="intervention_phases_valid",
            ),
            models.CheckConstraint(
                condition=Q(vulnerability_levels__contained_by=Vulnerability.values),
                name="intervention_levels_valid",
            ),
        ]

    def __str__(self):
        return self.name


@dataclass
class PaletteCell:
    phase: str
    level: str
    offerings: list = field(default_factory=list)
    overlapping_kinds: list = field(default_factory=list)  # kind labels offered by 2+ partners

    @property
    def is_gap(self) -> bool:
        return not self.offerings

    @property
    def is_overlap(self) -> bool:
        return bool(self.overlapping_kinds)


class OfferingQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """Offerings of the coalition's running partnerships, with partner and intervention."""
        return (
            self.filter(partner__coalition=coalition, partner__until__isnull=True)
            .select_related("partner__organisation", "intervention")
            .order_by("intervention__name", "partner__organisation__name")
        )

    def in_cell(self, phase: str, level: str):
        """Offerings that cover one cell of the palette (a life phase and a level)."""
        return self.filter(life_phases__contains=[phase], vulnerability_levels__contains=[level])

    def overlaps(self):
        """Offerings that share a cell with an offering of the same kind by another partner
        organisation of the same coalition.

        Two offerings share a cell exactly when their phases overlap and their levels overlap,
        so this is one SQL query with array overlap (&&) tests.
        """
        rival = Offering.objects.filter(
            partner__coalition=OuterRef("partner__coalition"),
            partner__until__isnull=True,
            intervention__kind=OuterRef("intervention__kind"),
            life_phases__overlap=OuterRef("life_phases"),
            vulnerability_levels__overlap=OuterRef("vulnerability_levels"),
        ).exclude(partner__organisation=OuterRef("partner__organisation"))
        return self.filter(Exists(rival))

    def covered_cells(self) -> set[tuple[str, str]]:
        """The (phase, level) cells at least one of these offerings covers (one query)."""
        counts = self.aggregate(
            **{
                f"{p}__{lv}": models.Count(
                    "pk", filter=Q(life_phases__contains=[p], vulnerability_levels__contains=[lv])
                )
                for p in LifePhase.values
                for lv in Vulnerability.values
            }
        )
        return {tuple(key.split("__")) for key, n in counts.items() if n}

    def gaps(self) -> list[tuple[str, str]]:
        """The (phase, level) cells none of these offerings covers, in palette order."""
        covered = self.covered_cells()
        return [
            (p, lv)
            for p in LifePhase.values
            for lv in Vulnerability.values
            if (p, lv) not in covered
        ]

    def palette(self) -> list[tuple[str, list[PaletteCell]]]:
        """The matrix life phase × vulnerability level with the offerings in each cell and the
        kinds offered there by more than one partner (one query)."""
        offerings = list(self.select_related("partner__organisation", "intervention"))
        rows = []
        for phase, _label in LifePhase.choices:
            cells = []
            for level, _l in Vulnerability.choices:
                cell = PaletteCell(phase=phase, level=level)
                partners_per_kind: dict[str, set[int]] = {}
                for o in offerings:
                    if phase in o.life_phases and level in o.vulnerability_levels:
                        cell.offerings.append(o)
                        kind = o.intervention.kind
                        partners_per_kind.setdefault(kind, set()).add(o.partner.organisation_id)
                cell.overlapping_kinds = [
                    InterventionKind(k).label
                    for k, orgs in partners_per_kind.items()
                    if len(orgs) > 1
                ]
                cells.append(cell)
            rows.append((phase, cells))
        return rows


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Offering(models.Model):
    """A coalition partner offers an intervention, for some life phases and levels."""

    partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("coalitiepartner"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    life_phases = ChoiceArrayField(
        models.CharField(max_length=20, choices=LifePhase.choices),
        verbose_name=_("levensfasen"),
    )
    vulnerability_levels = ChoiceArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices),
        verbose_name=_("kwetsbaarheid"),
    )
    notes = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["intervention__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "intervention"],
                name="one_offering_per_partner_intervention",
                violation_error_message=_("Deze partner biedt deze interventie al aan."),
            ),
            models.CheckConstraint(
                condition=Q(life_phases__contained_by=LifePhase.values)
                & Q(life_phases__len__gte=1),
                name="offering_phases_valid",
            ),
            models.CheckConstraint(
                condition=Q(vulnerability_levels__contained_by=Vulnerability.values)
                & Q(vulnerability_levels__len__gte=1),
                name="offering_levels_valid",
            ),
        ]

    def __str__(self):
        return f"{self.intervention} – {self.partner.organisation.name}"

    def get_life_phases_display(self) -> str:
        return ", ".join(str(LifePhase(p).label) for p in self.life_phases)

    def get_vulnerability_levels_display(self) -> str:
        return ", ".join(str(Vulnerability(v).label) for v in self.vulnerability_levels)


# --- Expertise profile --------------------------------------------------------------------------


class NeededExpertiseQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """The coalition's needed expertise with the partners that cover each (two queries)."""
        return (
            self.filter(coalition=coalition)
            .prefetch_related(
                Prefetch(
                    "covered_by",
                    queryset=CoalitionPartner.objects.select_related("organisation").order_by(
                        "organisation__name"
                    ),
                )
            )
            .order_by("order", "name")
        )

    def uncovered(self):
        """Expertise no running partnership covers."""
        covering = ExpertiseCoverage.objects.filter(
            expertise=OuterRef("pk"), partner__until__isnull=True
        )
        return self.filter(~Exists(covering))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NeededExpertise(models.Model):
    """Expertise a coalition needs around its families (Heerlen: het jonge kind, GGZ, …)."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="needed_expertise",
    )
    name = models.CharField(_("expertise"), max_length=150)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    covered_by = models.ManyToManyField(
        CoalitionPartner,
        verbose_name=_("gedekt door"),
        through="ExpertiseCoverage",
        related_name="expertise",
        blank=True,
    )

    objects = NeededExpertiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("benodigde expertise")
        verbose_name_plural = _("benodigde expertise")
        ordering = ["coalition", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="expertise_name_per_coalition",
                violation_error_message=_("Deze expertise staat al in het profiel."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def active_partners(self):
        """Covering partners whose partnership still runs (uses the prefetch)."""
        return [p for p in self.covered_by.all() if p.until is None]


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ExpertiseCoverage(models.Model):
    """A coalition partner brings a needed expertise."""

    expertise = models.ForeignKey(
        NeededExpertise, verbose_name=_("expertise"), on_delete=models.CASCADE
    )
    partner = models.ForeignKey(
        CoalitionPartner, verbose_name=_("coalitiepartner"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("dekking van expertise")
        verbose_name_plural = _("dekking van expertise")
        constraints = [
            models.UniqueConstraint(fields=["expertise", "partner"], name="coverage_once")
        ]

    def __str__(self):
        return f"{self.partner.organisation.name}: {self.expertise.name}"
