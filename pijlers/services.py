"""Writes that touch several models at once."""

import datetime

from django.db import transaction

from pijlers.models import Assessment, AssessmentAnswer, CrossCuttingElement, Pillar


@transaction.atomic
def record_assessment(
    *,
    coalition,
    pillar: Pillar | CrossCuttingElement,
    author,
    date: datetime.date,
    level: str,
    notes: str = "",
    next_actions: str = "",
    answers: dict[int, str] | None = None,
) -> Assessment:
    """Append a dated self-assessment of one pillar, or of one cross-cutting element (passed
    as `pillar` too: both are subjects), with its answers (question id -> text).

    Nothing is ever changed in place: the previous assessment stays as it was, which is what
    lets a coalition compare two dates. Empty answers are not stored. Raises ValidationError
    (Dutch, per field) when it breaks a rule of `Assessment.clean()`; nothing is written then.
    """
    assessment = Assessment(
        coalition=coalition,
        **{pillar.subject_field: pillar},
        author=author,
        date=date,
        level=level,
        notes=notes,
        next_actions=next_actions,
    )
    assessment.full_clean()
    assessment.save()
    valid_questions = set(pillar.questions.values_list("pk", flat=True))
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, question_id=qid, text=text.strip())
        for qid, text in (answers or {}).items()
        if text and text.strip() and qid in valid_questions
    )
    return assessment
