"""The werkagenda item form fits the work (issue 16): a quarter picker around the coalition's
own period, a theme made from the form, the saved item highlighted in its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.quarters import quarter_choices_around, quarter_index
from experiments.models import WorkItem
from tests.factories import WorkItemFactory

pytestmark = pytest.mark.django_db


def item_post(**overrides):
    return {
        "kind": "experiment",
        "title": "Flexibele kraamzorg",
        "goal": "Uren inzetten waar ze nodig zijn.",
        "status": "gepland",
        "start_quarter": str(quarter_index(2020, 2)),
        "end_quarter": str(quarter_index(2021, 3)),
        "levels": ["professionals"],
        **overrides,
    }


def offered_quarters(response, field="start_quarter"):
    return [value for value, _label in response.context["form"].fields[field].choices if value]


# --- Quarter picker -------------------------------------------------------------------------


def test_quarter_picker_runs_from_the_year_before_the_start_to_three_years_ahead(
    client, editor, coalition
):
    coalition.start_date = datetime.date(2019, 10, 1)
    coalition.save()
    this_year = timezone.localdate().year
    client.force_login(editor)
    response = client.get(reverse("experiments:item_create", args=[coalition.slug]))
    for field in ("start_quarter", "end_quarter"):
        quarters = offered_quarters(response, field)
        assert quarters[0] == quarter_index(2018, 1)
        assert quarters[-1] == quarter_index(this_year + 3, 4)
    assert "Q1 2015" not in response.content.decode()


def test_without_a_start_date_the_picker_starts_the_year_before_this_one(client, editor, coalition):
    coalition.start_date = None
    coalition.save()
    this_year = timezone.localdate().year
    client.force_login(editor)
    response = client.get(reverse("experiments:item_create", args=[coalition.slug]))
    assert offered_quarters(response)[0] == quarter_index(this_year - 1, 1)


def test_an_items_own_quarters_outside_the_window_stay_selectable(client, editor, coalition):
    item = WorkItemFactory(
        coalition=coalition, start_quarter=quarter_index(2015, 2), end_quarter=None
    )
    client.force_login(editor)
    response = client.get(reverse("experiments:item_edit", args=[coalition.slug, item.pk]))
    quarters = offered_quarters(response)
    assert quarter_index(2015, 2) in quarters
    assert quarter_index(2015, 1) not in quarters


def test_a_quarter_outside_the_window_is_refused_in_dutch_and_nothing_is_stored(
    client, editor, coalition
):
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(start_quarter=str(quarter_index(2015, 1))),
    )
    assert response.status_code == 200
    assert "geldige keuze" in str(response.context["form"].errors["start_quarter"])
    assert not WorkItem.objects.exists()


def test_quarter_window_stays_inside_the_stored_range():
    choices = quarter_choices_around(
        datetime.date(2010, 1, 1), today=datetime.date(2034, 5, 1), keep=(None,)
    )
    assert choices[0] == (quarter_index(2015, 1), "Q1 2015")
    assert choices[-1] == (quarter_index(2035, 4), "Q4 2035")
