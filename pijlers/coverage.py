"""Pijlerdekking: which pillars and cross-cutting elements have running work, and which have
none. The work comes from the apps built on the denkraam's subjects through
`coalitions.extensions.denkraam_work_sources` (experiments: running werkagenda items), so
pijlers does not import them."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from coalitions.extensions import SubjectWork, denkraam_work_sources
from coalitions.models import Goal
from pijlers.models import CrossCuttingElement, Pillar


@dataclass
class CoverageRow:
    subject: object  # a Pillar or a CrossCuttingElement
    work: list[SubjectWork] = field(default_factory=list)
    goals: list = field(default_factory=list)  # this year's goals linked to the subject
    coalitions: int = 0  # with running work on the subject (the Pharos summary)

    @property
    def covered(self) -> bool:
        return bool(self.work)


def running_work(coalition_ids) -> dict[tuple[str, int], list[SubjectWork]]:
    """{(subject_field, subject_id): [work, ...]} from every registered source."""
    result: dict[tuple[str, int], list[SubjectWork]] = defaultdict(list)
    for source in denkraam_work_sources:
        for work in source(coalition_ids):
            result[(work.subject_field, work.subject_id)].append(work)
    return result


def _subjects():
    return [*Pillar.objects.in_order(), *CrossCuttingElement.objects.in_order()]


def goals_per_subject(coalition, year: int) -> dict[tuple[str, int], list]:
    """{(subject_field, subject_id): [goal, ...]}: the coalition's goals of `year` per pillar
    and element they are linked to (two queries)."""
    goals = Goal.objects.filter(coalition=coalition, year=year).order_by("pk")
    result: dict[tuple[str, int], list] = defaultdict(list)
    for link, subject_field in (("pillars", "pillar"), ("elements", "element")):
        for goal in goals.filter(**{f"{link}__isnull": False}).annotate(subject_id=models.F(link)):
            result[(subject_field, goal.subject_id)].append(goal)
    return result


def coverage_rows(coalition) -> list[CoverageRow]:
    """Pillars, then elements, each with the coalition's running work on it and this year's
    goals linked to it (six queries)."""
    work = running_work([coalition.pk])
    goals = goals_per_subject(coalition, timezone.localdate().year)
    return [
        CoverageRow(s, work.get(key, []), goals.get(key, []))
        for s in _subjects()
        for key in [(s.subject_field, s.pk)]
    ]


def coverage_counts(coalition_ids) -> list[CoverageRow]:
    """For Pharos: per pillar and element, how many of the coalitions have running work on it
    (`work` left empty; four queries, however many coalitions)."""
    work = running_work(coalition_ids)
    return [
        CoverageRow(
            s, coalitions=len({w.coalition_id for w in work.get((s.subject_field, s.pk), [])})
        )
        for s in _subjects()
    ]
