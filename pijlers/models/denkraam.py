"""The denkraam's reference data (pillars, questions, cross-cutting elements) and the
coalitions' self-assessments.

Self-assessments are append-only (a database trigger forbids UPDATE/DELETE, as for
StatusUpdate): every change is a new dated Assessment with its answers, so a coalition can
compare any two dates and nothing is ever rewritten.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common.forms import display_date

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


@pghistory.track(pghistory.InsertEvent())
@pgtrigger.register(
    # History is kept by never rewriting it: a change is a new, dated assessment.
    pgtrigger.Protect(name="assessment_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class Assessment(models.Model):
    """A coalition's dated self-assessment of one pillar. Append-only."""

    # How the coalition's history names one (common/history.py).
    history_subject = ("pillar", "date")

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
        return f"{self.coalition} – {self.pillar.short_name} – {display_date(self.date)}"

    @property
    def score(self) -> int:
        return MaturityLevel.score(self.level)

    def clean(self):
        """A self-assessment describes a day that has come: never dated in the future."""
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Een zelfevaluatie kan niet in de toekomst liggen.")})


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
