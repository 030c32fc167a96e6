"""The werkagenda item form fits the work (issue 16): a quarter picker around the coalition's
own period, a theme made from the form, the saved item highlighted in its list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.quarters import quarter_choices_around, quarter_index
from experiments.models import Theme, WorkItem
from tests.factories import ThemeFactory, WorkItemFactory
from tests.fuzz import page_form_data

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


# --- A theme made from the item form -------------------------------------------------------


def test_a_new_theme_name_makes_the_theme_and_links_it(client, editor, coalition):
    existing = ThemeFactory(coalition=coalition, name="Armoede")
    client.force_login(editor)
    client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(themes=[existing.pk], new_theme="  Kraamzorg   aan huis "),
    )
    theme = Theme.objects.get(coalition=coalition, name="Kraamzorg aan huis")
    item = WorkItem.objects.get()
    assert set(item.themes.all()) == {existing, theme}


def test_an_existing_themes_name_in_other_case_links_that_theme(client, editor, coalition):
    existing = ThemeFactory(coalition=coalition, name="Armoede")
    client.force_login(editor)
    client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(new_theme="ARMOEDE"),
    )
    assert Theme.objects.filter(coalition=coalition).count() == 1
    assert list(WorkItem.objects.get().themes.all()) == [existing]


def test_a_theme_of_the_same_name_in_another_coalition_is_not_reused(
    client, editor, coalition, other_coalition
):
    foreign = ThemeFactory(coalition=other_coalition, name="Armoede")
    client.force_login(editor)
    client.post(
        reverse("experiments:item_create", args=[coalition.slug]), item_post(new_theme="Armoede")
    )
    (theme,) = WorkItem.objects.get().themes.all()
    assert theme != foreign and theme.coalition == coalition


def test_an_invalid_item_makes_no_theme(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(title="", new_theme="Kraamzorg"),
    )
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert not Theme.objects.exists() and not WorkItem.objects.exists()


def test_a_too_long_theme_name_is_refused_in_dutch_and_nothing_is_stored(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(new_theme="x" * 151),
    )
    assert "niet meer dan 150 tekens" in str(response.context["form"].errors["new_theme"])
    assert not Theme.objects.exists() and not WorkItem.objects.exists()


def test_spaces_only_make_no_theme(client, editor, coalition):
    client.force_login(editor)
    client.post(
        reverse("experiments:item_create", args=[coalition.slug]), item_post(new_theme="   ")
    )
    assert WorkItem.objects.exists() and not Theme.objects.exists()


def test_the_new_theme_field_stands_beside_the_theme_choices(client, editor, coalition):
    client.force_login(editor)
    response = client.get(reverse("experiments:item_create", args=[coalition.slug]))
    fields = list(response.context["form"].fields)
    assert fields.index("new_theme") == fields.index("themes") + 1
    assert "Nieuw thema" in response.content.decode()


# --- The saved item highlighted in its list ------------------------------------------------


def test_saving_an_item_returns_to_the_werkagenda_with_the_item_highlighted(
    client, editor, coalition
):
    two_themes = ThemeFactory.create_batch(2, coalition=coalition)
    WorkItemFactory(coalition=coalition, title="Ander onderdeel")
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(themes=[t.pk for t in two_themes]),
    )
    item = WorkItem.objects.get(title="Flexibele kraamzorg")
    timeline = reverse("experiments:timeline", args=[coalition.slug])
    assert response.url == f"{timeline}?opgeslagen={item.pk}#opgeslagen-{item.pk}"
    html = client.get(response.url).content.decode()
    # One anchor, both of its rows (one per theme) marked, and a status for screen readers.
    assert html.count(f'id="opgeslagen-{item.pk}"') == 1
    assert html.count('class="tl-saved"') == 2
    assert 'role="status" aria-live="polite"' in html
    assert "‘Flexibele kraamzorg’ is opgeslagen en staat gemarkeerd" in html


def test_editing_an_item_highlights_it_too(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition, start_quarter=quarter_index(2020, 1))
    client.force_login(editor)
    edit = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    response = client.post(edit, page_form_data(client, edit) | {"title": "Nieuwe titel"})
    assert response.status_code == 302 and f"opgeslagen={item.pk}" in response.url
    html = client.get(response.url).content.decode()
    assert f'id="opgeslagen-{item.pk}"' in html and "‘Nieuwe titel’ is opgeslagen" in html


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", ""])
def test_a_junk_or_unknown_saved_id_highlights_nothing(client, member, coalition, value):
    WorkItemFactory(coalition=coalition)
    client.force_login(member)
    response = client.get(
        reverse("experiments:timeline", args=[coalition.slug]), {"opgeslagen": value}
    )
    assert response.status_code == 200
    assert "tl-saved" not in response.content.decode()


def test_another_coalitions_item_is_never_highlighted_or_named(
    client, editor, coalition, other_coalition
):
    foreign = WorkItemFactory(coalition=other_coalition, title="Geheim plan")
    client.force_login(editor)
    response = client.get(
        reverse("experiments:timeline", args=[coalition.slug]), {"opgeslagen": foreign.pk}
    )
    html = response.content.decode()
    assert "tl-saved" not in html and "Geheim plan" not in html
