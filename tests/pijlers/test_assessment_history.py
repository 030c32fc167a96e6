"""Self-assessments are append-only rows; since they have insert events, the coalition's
history lists them, also those recorded before the events existed (the migration fills
them in, dated when the assessment was recorded)."""

import datetime

import pytest

from coalitions.models import AuditEvent
from pijlers.models import Assessment, Pillar
from tests.factories import UserFactory
from tests.migrating import latest, migrate

pytestmark = pytest.mark.django_db

BEFORE = ("pijlers", "0004_indicator_plausible_range")


def test_the_migration_gives_earlier_assessments_their_insert_event_and_reverses(coalition):
    author = UserFactory()
    leaves = latest()
    old = migrate([BEFORE])
    OldAssessment = old.get_model("pijlers", "Assessment")
    pk = OldAssessment.objects.create(
        coalition_id=coalition.pk,
        pillar_id=Pillar.objects.get(number=2).pk,
        date=datetime.date(2023, 5, 1),
        level="ingericht",
        notes="Van voor de geschiedenis.",
        author_id=author.pk,
    ).pk

    migrate(leaves)
    assessment = Assessment.objects.get(pk=pk)
    (event,) = AuditEvent.objects.tracks(assessment)
    assert event.pgh_label == "insert"
    assert event.pgh_created_at == assessment.created_at
    assert event.pgh_data["notes"] == "Van voor de geschiedenis."

    migrate([BEFORE])  # the reverse runs
    migrate(leaves)
    assert AuditEvent.objects.tracks(Assessment.objects.get(pk=pk)).count() == 1
