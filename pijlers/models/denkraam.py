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
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common.forms import display_date

# --- Reference data: pillars, questions, cross-cutting elements --------------------------------


class SubjectQuerySet(models.QuerySet):
    """What pillars and cross-cutting elements share: both are "subjects" a coalition assesses
    itself on, with questions, assessments and a target. `self.model.subject_field` names the
    foreign key on Assessment, PillarQuestion and Target ("pillar" or "element")."""

    def in_order(self):
        return self.order_by(self.model.order_field)

    def overview_for(self, coalition, on: datetime.date | None = None) -> list[PillarState]:
        """Every subject with the coalition's current and previous assessment (two queries).

        `on` limits the view to assessments dated on or before that day, so the same method
        answers "where did we stand on 1 January?".
        """
        subjects = list(self.in_order())
        field = self.model.subject_field
        latest_two = Assessment.objects.latest_two_per_subject(coalition, field, on=on)
        by_subject: dict[int, list[Assessment]] = {}
        for assessment in latest_two:
            by_subject.setdefault(getattr(assessment, f"{field}_id"), []).append(assessment)
        states = []
        for subject in subjects:
            found = by_subject.get(subject.pk, [])
            states.append(
                PillarState(
                    pillar=subject,
                    current=found[0] if found else None,
                    previous=found[1] if len(found) > 1 else None,
                )
            )
        return states

    def with_current_level(self, coalition):
        """Subjects in order, each with `current_level`: the level of the coalition's current
        (newest) assessment of it, or None when never assessed. One query, levels only: the
        workspace overview's chart (`overview_for` loads the assessments themselves)."""
        current = Assessment.objects.filter(
            coalition=coalition, **{self.model.subject_field: OuterRef("pk")}
        ).order_by(*NEWEST_FIRST)
        return self.in_order().annotate(current_level=Subquery(current.values("level")[:1]))

    def latest_levels_for(self, coalition) -> list[PillarState]:
        """Public view: each subject with its current level only (no notes leave this method).

        The notes, next actions and answers are internal to the coalition; public pages read
        only `state.pillar` and `state.level`.
        """
        return [
            PillarState(pillar=s.pillar, current=s.current, previous=None)
            for s in self.overview_for(coalition)
        ]

    def without_assessment_for(self, coalition):
        """Subjects the coalition has never assessed (for the workspace's attention list)."""
        assessed = Assessment.objects.filter(
            coalition=coalition, **{self.model.subject_field: OuterRef("pk")}
        )
        return self.filter(~Exists(assessed)).in_order()

    def with_questions(self):
        """Subjects with their active questions prefetched, in order."""
        return self.in_order().prefetch_related(
            Prefetch(
                "questions",
                queryset=PillarQuestion.objects.filter(active=True).order_by("order"),
                to_attr="active_questions",
            )
        )


# Kept under its old name: pillars were the first subjects.
PillarQuerySet = SubjectQuerySet


def public_levels(coalition) -> tuple[list[PillarState], list[PillarState]]:
    """For a public page: every pillar with its current level, and the elements the coalition
    has assessed (six rows of "nog niet beoordeeld" tell a visitor nothing). Two queries; the
    notes, next actions and answers are internal: public pages read only the subject and the
    level (and its date)."""
    latest = list(Assessment.objects.latest_per_subject(coalition))
    by_pillar = {a.pillar_id: a for a in latest if a.pillar_id}
    pillars = [PillarState(p, by_pillar.get(p.pk)) for p in Pillar.objects.in_order()]
    elements = sorted(
        (PillarState(a.element, a) for a in latest if a.element_id),
        key=lambda s: s.pillar.number,
    )
    return pillars, elements


# --- One subject: a pillar or an element, never both ---------------------------------------

ONE_SUBJECT_MESSAGE = _("Kies een pijler of een doorlopend element (één van beide).")


def one_subject_q() -> Q:
    """Exactly one of `pillar` and `element` is set (a database constraint)."""
    return Q(pillar__isnull=False, element__isnull=True) | Q(
        pillar__isnull=True, element__isnull=False
    )


def check_one_subject(obj) -> None:
    """The same rule in model validation, with its Dutch message."""
    if (obj.pillar_id is None) == (obj.element_id is None):
        raise ValidationError(ONE_SUBJECT_MESSAGE)


def subject_filter(subject) -> dict:
    """{"pillar": subject} or {"element": subject}: the filter for rows about `subject`."""
    return {subject.subject_field: subject}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Pillar(models.Model):
    """One of the five pillars of Pharos' denkraam for an integral approach."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=150)
    short_name = models.CharField(
        _("korte naam"), max_length=40, help_text=_("Voor grafieken, bijvoorbeeld ‘Monitoring’.")
    )
    description = models.TextField(_("toelichting"), blank=True)

    objects = SubjectQuerySet.as_manager()

    # The subject protocol (SubjectQuerySet, Assessment, Target): the foreign key naming a
    # pillar, the field it is ordered by, and the workspace URLs of its pages.
    subject_field = "pillar"
    order_field = "number"
    detail_url_name = "pijlers:pillar"
    assess_url_name = "pijlers:assess"
    target_url_name = "pijlers:target_pillar"
    kind_label = _("pijler")

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
    """A question a coalition asks itself about one pillar or one cross-cutting element."""

    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
    )
    element = models.ForeignKey(
        "CrossCuttingElement",
        verbose_name=_("doorlopend element"),
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("vraag"))
    active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Zet uit in plaats van verwijderen: eerdere antwoorden blijven bewaard."),
    )

    class Meta:
        verbose_name = _("vraag bij een pijler of element")
        verbose_name_plural = _("vragen bij de pijlers en elementen")
        ordering = ["pillar__number", "element__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "order"], name="question_order_per_pillar"),
            models.UniqueConstraint(fields=["element", "order"], name="question_order_per_element"),
            models.CheckConstraint(
                condition=one_subject_q(),
                name="question_one_subject",
                violation_error_message=ONE_SUBJECT_MESSAGE,
            ),
        ]

    def __str__(self):
        subject = self.subject  # None on a question being added in the admin
        return f"{subject.number if subject else '?'}.{self.order} {self.text[:80]}"

    @property
    def subject(self):
        return self.pillar or self.element

    def clean(self):
        super().clean()
        check_one_subject(self)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CrossCuttingElement(models.Model):
    """A theme that runs through all pillars (e.g. sensitieve vroegsignalering); a coalition
    assesses itself on it like on a pillar, with questions of its own."""

    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    name = models.CharField(_("naam"), max_length=150, unique=True)
    short_name = models.CharField(
        _("korte naam"),
        max_length=40,
        blank=True,
        help_text=_("Voor grafieken, bijvoorbeeld ‘Gehechtheid’."),
    )
    description = models.TextField(_("toelichting"), blank=True)

    objects = SubjectQuerySet.as_manager()

    subject_field = "element"
    order_field = "order"
    detail_url_name = "pijlers:element"
    assess_url_name = "pijlers:assess_element"
    target_url_name = "pijlers:target_element"
    kind_label = _("element")

    class Meta:
        verbose_name = _("doorlopend element")
        verbose_name_plural = _("doorlopende elementen")
        ordering = ["order"]

    def __str__(self):
        return self.name

    @property
    def number(self) -> int:
        """Its place in the list, like a pillar's number (URLs and the subject protocol)."""
        return self.order


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


def level_label(level: str | None) -> str:
    """A level as the denkraam shows it; "Nog niet beoordeeld" without an assessment."""
    return str(MaturityLevel(level).label if level else _("Nog niet beoordeeld"))


# Which of a subject's assessments is the current one: the newest by date, then entry.
NEWEST_FIRST = ("-date", "-created_at", "-pk")


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
        return level_label(self.level)

    @property
    def previous_label(self) -> str:
        return self.previous.get_level_display() if self.previous else "–"


class AssessmentQuerySet(models.QuerySet):
    def latest_per_pillar(self, coalition, on: datetime.date | None = None):
        """The newest assessment per pillar of `coalition`, optionally on or before `on`."""
        qs = self.filter(coalition=coalition, pillar__isnull=False)
        if on is not None:
            qs = qs.filter(date__lte=on)
        return (
            qs.select_related("pillar", "author")
            .order_by("pillar_id", "-date", "-created_at")
            .distinct("pillar_id")
        )

    def latest_two_per_subject(self, coalition, field: str, on: datetime.date | None = None):
        """Per pillar (`field` "pillar") or per element ("element") the newest assessment and
        the one before it, newest first (one query), optionally on or before `on`."""
        qs = self.filter(coalition=coalition, **{f"{field}__isnull": False})
        if on is not None:
            qs = qs.filter(date__lte=on)
        return (
            qs.annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[F(f"{field}_id")],
                    order_by=list(NEWEST_FIRST),
                )
            )
            .filter(rank__lte=2)
            .select_related("author")
            .order_by(f"{field}_id", "rank")
        )

    def latest_per_subject(self, coalition):
        """The newest assessment of every pillar and element the coalition assessed, with its
        element (one query; the public page)."""
        return (
            self.filter(coalition=coalition)
            .select_related("element")
            .order_by("pillar_id", "element_id", "-date", "-created_at", "-pk")
            .distinct("pillar_id", "element_id")
        )

    def history(self, coalition, subject):
        """All assessments of one pillar or element, newest first, with answers and questions."""
        return (
            self.filter(coalition=coalition, **subject_filter(subject))
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
    history_subject = ("pillar", "element", "date")  # one of the two is empty

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="pillar_assessments",
    )
    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    element = models.ForeignKey(
        CrossCuttingElement,
        verbose_name=_("doorlopend element"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
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
        indexes = [
            models.Index(fields=["coalition", "pillar", "-date", "-created_at"]),
            models.Index(fields=["coalition", "element", "-date", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=MaturityLevel.values), name="assessment_level_valid"
            ),
            models.CheckConstraint(
                condition=one_subject_q(),
                name="assessment_one_subject",
                violation_error_message=ONE_SUBJECT_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.coalition} – {self.subject} – {display_date(self.date)}"

    @property
    def subject(self):
        """The pillar or the cross-cutting element this assessment is about."""
        return self.pillar or self.element

    @property
    def score(self) -> int:
        return MaturityLevel.score(self.level)

    def clean(self):
        """About one pillar or one element; dated on a day that has come."""
        super().clean()
        check_one_subject(self)
        if error := self.date_error(self.date):
            raise ValidationError({"date": error})

    @staticmethod
    def date_error(date: datetime.date | None):
        """A self-assessment describes a day that has come: never dated in the future."""
        if date and date > timezone.localdate():
            return _("Een zelfevaluatie kan niet in de toekomst liggen.")
        return None


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
