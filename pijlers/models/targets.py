"""A coalition's target per pillar and per cross-cutting element ("streefsituatie"): the level
it aims for and the date it aims to reach it by.

Unlike a self-assessment (append-only, dated), a target is adjusted in place when a coalition
changes its ambition; pghistory records every version, and `Target.objects.as_on(coalition,
on)` reads them back as they were at the end of a day, so a page or report for an earlier date
shows the target of then (next to the assessment of then, `SubjectQuerySet.overview_for(on=)`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from pijlers.models.denkraam import (
    ONE_SUBJECT_MESSAGE,
    CrossCuttingElement,
    MaturityLevel,
    Pillar,
    PillarState,
    check_one_subject,
    one_subject_q,
)


def subject_key(row) -> tuple[str, int]:
    """("pillar", id) or ("element", id) for a Target, one of its history events, or a subject."""
    if isinstance(row, Pillar | CrossCuttingElement):
        return (row.subject_field, row.pk)
    if row.pillar_id is not None:
        return ("pillar", row.pillar_id)
    return ("element", row.element_id)


class TargetQuerySet(models.QuerySet):
    def as_on(self, coalition, on: datetime.date | None = None) -> dict[tuple[str, int], Any]:
        """{subject_key: the target as it was at the end of `on`} (today's without `on`).

        For an earlier day the versions come from the pghistory events (one query): per target
        its newest event recorded by the end of that day, left out when that event is its
        deletion. Each value has `level`, `get_level_display()`, `target_date` and `notes`.
        """
        if on is None:
            return {subject_key(t): t for t in self.filter(coalition=coalition)}
        end_of_day = timezone.make_aware(
            datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
        )
        events = (
            Target.pgh_event_model.objects.filter(  # type: ignore[attr-defined]  # pghistory
                coalition=coalition, pgh_created_at__lt=end_of_day
            )
            .order_by("pgh_obj_id", "-pgh_created_at", "-pgh_id")
            .distinct("pgh_obj_id")
        )
        return {subject_key(e): e for e in events if e.pgh_label != "delete"}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Target(models.Model):
    """The level a coalition aims for on one pillar or element, and by when."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="denkraam_targets",
    )
    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
    )
    element = models.ForeignKey(
        CrossCuttingElement,
        verbose_name=_("doorlopend element"),
        on_delete=models.PROTECT,
        related_name="targets",
        null=True,
        blank=True,
    )
    level = models.CharField(_("streefniveau"), max_length=20, choices=MaturityLevel.choices)
    target_date = models.DateField(
        _("streefdatum"), help_text=_("Wanneer wil de coalitie dit niveau bereikt hebben?")
    )
    notes = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Wat is er nodig om er te komen, en hoe merken we dat we er zijn?"),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("streefsituatie")
        verbose_name_plural = _("streefsituaties")
        constraints = [
            models.CheckConstraint(
                condition=one_subject_q(),
                name="target_one_subject",
                violation_error_message=ONE_SUBJECT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(level__in=MaturityLevel.values), name="target_level_valid"
            ),
            models.CheckConstraint(
                # The programme started in 2018; a typo such as 0202 or 20266 is refused.
                condition=Q(
                    target_date__gte=datetime.date(2015, 1, 1),
                    target_date__lte=datetime.date(2100, 12, 31),
                ),
                name="target_date_plausible",
                violation_error_message=_("Kies een streefdatum tussen 2015 en 2100."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "pillar"],
                name="one_target_per_pillar",
                violation_error_message=_("Voor deze pijler staat al een streefsituatie."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "element"],
                name="one_target_per_element",
                violation_error_message=_("Voor dit element staat al een streefsituatie."),
            ),
        ]

    def __str__(self):
        return f"{self.coalition} – {self.subject}: {self.get_level_display()}"

    @property
    def subject(self):
        return self.pillar or self.element

    def clean(self):
        super().clean()
        check_one_subject(self)


@dataclass
class TargetRow:
    """One pillar or element: the assessment and the target of one day, side by side."""

    state: PillarState
    target: Any  # a Target, one of its history events, or None

    @property
    def subject(self):
        return self.state.pillar

    @property
    def gap(self) -> int | None:
        """Steps still to go from the current level to the target (None: nothing to compare)."""
        if self.target is None or self.state.current is None:
            return None
        return MaturityLevel.score(self.target.level) - self.state.current.score


def target_rows(coalition, on: datetime.date | None = None) -> list[TargetRow]:
    """Pillars, then elements, each with its assessment and target as on `on` (five queries)."""
    targets = Target.objects.as_on(coalition, on)
    states = Pillar.objects.overview_for(coalition, on=on) + (
        CrossCuttingElement.objects.overview_for(coalition, on=on)
    )
    return [TargetRow(state, targets.get(subject_key(state.pillar))) for state in states]
