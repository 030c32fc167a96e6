import pytest
from django.core.management import call_command

from coalitions.models import Goal

pytestmark = pytest.mark.django_db


def test_demo_goals_load_once_with_their_owner_partners(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    goals = Goal.objects.filter(coalition__slug="delft")
    assert goals.count() == 4
    assert all(g.owner.coalition_id == g.coalition_id for g in goals)
