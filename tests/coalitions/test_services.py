import datetime

import pytest

from coalitions.models import Phase
from coalitions.services import post_status_update
from tests.factories import CoalitionFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_newest_status_update_sets_the_coalitions_phase(editor):
    coalition = CoalitionFactory(phase=Phase.VORMING)
    post_status_update(
        coalition=coalition,
        author=editor,
        date=datetime.date(2025, 1, 1),
        phase=Phase.AMBITIE_PLAN,
        summary="Plan van aanpak vastgesteld.",
    )
    coalition.refresh_from_db()
    assert coalition.phase == Phase.AMBITIE_PLAN


def test_backdated_status_update_does_not_change_the_current_phase(editor):
    coalition = CoalitionFactory(phase=Phase.UITVOERING)
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 1, 1), phase=Phase.UITVOERING)
    post_status_update(
        coalition=coalition,
        author=editor,
        date=datetime.date(2020, 1, 1),
        phase=Phase.VERKENNING,
        summary="Eerste gesprekken, achteraf vastgelegd.",
    )
    coalition.refresh_from_db()
    assert coalition.phase == Phase.UITVOERING
    assert coalition.status_updates.count() == 2
