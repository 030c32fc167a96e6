"""The denkraam in the workspace's attention list and in the stale-data reminders."""

import datetime

import pgtrigger
import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition
from pijlers.models import Assessment, Pillar
from tests.factories import AssessmentFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_workspace_names_the_pillars_not_yet_assessed(client, editor, coalition):
    for number in (1, 2):
        AssessmentFactory(coalition=coalition, pillar=Pillar.objects.get(number=number))
    client.force_login(editor)

    html = client.get(reverse("coalitions:workspace")).content.decode()

    assert "3 pijlers van de denkraam zijn nog niet beoordeeld." in html
    assert reverse("pijlers:overview", args=[coalition.slug]) in html


def test_workspace_is_quiet_about_pillars_once_all_are_assessed(client, editor, coalition):
    for pillar in Pillar.objects.all():
        AssessmentFactory(coalition=coalition, pillar=pillar)
    client.force_login(editor)

    html = client.get(reverse("coalitions:workspace")).content.decode()

    assert "nog niet beoordeeld" not in html


def test_an_old_assessment_is_shown_as_old_but_does_not_make_the_coalition_stale(coalition):
    # Stale is about the status update only (Coalition.objects.stale); the assessment's age is
    # extra information on the stale-data page.
    StatusUpdateFactory(coalition=coalition, date=timezone.localdate())
    AssessmentFactory(coalition=coalition)
    long_ago = timezone.now() - datetime.timedelta(days=200)
    # Assessments are append-only in the database; the test rewrites time itself.
    with pgtrigger.ignore("pijlers.Assessment:assessment_append_only"):
        Assessment.objects.filter(coalition=coalition).update(created_at=long_ago)

    assert not Coalition.objects.stale().filter(pk=coalition.pk).exists()
    touched = Coalition.objects.with_last_touched().get(pk=coalition.pk)
    assert touched.last_touched_assessment == long_ago
    assert "zelfevaluatie" in [str(p["label"]) for p in coalition.touched_parts() if p["stale"]]


def test_a_recent_assessment_is_not_stale(coalition):
    AssessmentFactory(coalition=coalition)
    parts = {p["key"]: p for p in coalition.touched_parts()}
    assert parts["assessment"]["stale"] is False
