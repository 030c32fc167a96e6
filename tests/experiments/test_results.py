"""Results and lessons of werkagenda items: editors record them in the workspace, the public
sees them with the published item, the half-year report lists them by their own date."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from experiments.models import Result
from kansrijke.pharos.reports import half_year_report
from tests.factories import (
    IndicatorFactory,
    ResultFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db


def create_url(item):
    return reverse("experiments:result_create", args=[item.coalition.slug, item.pk])


def test_editor_records_a_result_with_a_dutch_figure_and_an_indicator(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    indicator = IndicatorFactory(name="Bereik kraamzorg")
    client.force_login(editor)
    data = page_form_data(client, create_url(item)) | {
        "date": "2026-03-01",
        "outcome": "Meer kraamzorguren voor kwetsbare gezinnen.",
        "worked": "Vaste contactpersoon.",
        "did_not_work": "Brieven.",
        "lessons": "Bel in plaats van schrijven.",
        "figure": "7,5",
        "figure_label": "uur extra per gezin",
        "indicator": str(indicator.pk),
    }

    response = client.post(create_url(item), data)

    assert response.status_code == 302
    result = Result.objects.get(work_item=item)
    assert result.figure == Decimal("7.5")
    assert result.indicator == indicator
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Meer kraamzorguren voor kwetsbare gezinnen." in page
    assert "7,5 uur extra per gezin" in page
    assert "Bereik kraamzorg" in page


def test_a_double_submitted_result_is_stored_once(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    data = page_form_data(client, create_url(item)) | {"outcome": "Eén keer", "date": "2026-03-01"}

    client.post(create_url(item), data)
    repeat = client.post(create_url(item), data, follow=True)

    assert Result.objects.filter(work_item=item).count() == 1
    assert "Dit formulier is al verstuurd" in repeat.content.decode()


def test_a_result_saved_meanwhile_by_a_colleague_is_not_overwritten(client, editor, coalition):
    result = ResultFactory(work_item=WorkItemFactory(coalition=coalition), outcome="Eerst")
    url = reverse("experiments:result_edit", args=[coalition.slug, result.pk])
    client.force_login(editor)
    mine = page_form_data(client, url)
    result.outcome = "Door collega aangepast"
    result.save()

    response = client.post(url, mine | {"outcome": "Mijn versie"})

    assert response.status_code == 409
    result.refresh_from_db()
    assert result.outcome == "Door collega aangepast"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"figure": "12", "figure_label": ""}, "Geef bij een cijfer ook aan waar het over gaat"),
        ({"date": "2999-01-01"}, "De datum van een resultaat ligt in de toekomst."),
        ({"figure": "1.234,5", "figure_label": "x"}, ""),
        ({"outcome": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_result_input_gets_a_dutch_message_and_saves_nothing(
    client, editor, coalition, changes, message
):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    data = page_form_data(client, create_url(item)) | {"outcome": "Iets", **changes}

    response = client.post(create_url(item), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Result.objects.exists()


def test_a_result_with_a_figure_but_no_label_is_refused_by_the_database_too(coalition):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ResultFactory(work_item=WorkItemFactory(coalition=coalition), figure=Decimal("3"))


@pytest.mark.parametrize("who", ["member", "pharos", "other_editor"])
def test_only_the_coalitions_editors_record_results(client, coalition, request, who):
    item = WorkItemFactory(coalition=coalition)
    result = ResultFactory(work_item=item)
    client.force_login(request.getfixturevalue(who))
    edit = reverse("experiments:result_edit", args=[coalition.slug, result.pk])

    expected = 404 if who == "other_editor" else 403
    assert client.get(create_url(item)).status_code == expected
    assert client.post(create_url(item), {"outcome": "x", "date": "2026-01-01"}).status_code == (
        expected
    )
    assert client.post(edit, {"outcome": "x", "date": "2026-01-01"}).status_code == expected
    assert Result.objects.get().outcome == result.outcome


def test_anonymous_visitors_are_sent_to_the_login_page(client, coalition):
    item = WorkItemFactory(coalition=coalition)
    response = client.get(create_url(item))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "inloggen" in response["Location"]


def test_results_of_a_published_item_are_on_the_public_werkagenda(client, coalition):
    published = WorkItemFactory(coalition=coalition, published=True)
    hidden = WorkItemFactory(coalition=coalition, published=False)
    ResultFactory(work_item=published, outcome="Zichtbare opbrengst")
    ResultFactory(work_item=hidden, outcome="Verborgen opbrengst")

    page = client.get(reverse("experiments:public_werkagenda", args=[coalition.slug]))

    html = page.content.decode()
    assert "Zichtbare opbrengst" in html
    assert "Verborgen opbrengst" not in html


def test_a_result_is_public_once_its_item_is_published(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition, published=False)
    ResultFactory(work_item=item, outcome="Later openbaar")
    url = reverse("experiments:public_werkagenda", args=[coalition.slug])
    assert "Later openbaar" not in client.get(url).content.decode()

    item.published = True
    item.save()

    assert "Later openbaar" in client.get(url).content.decode()


def test_the_half_year_report_lists_results_dated_in_its_period_only(coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 6, 1))
    item = WorkItemFactory(coalition=coalition, title="Kraamzorg")
    ResultFactory(work_item=item, date=datetime.date(2025, 12, 1), outcome="Voor de periode")
    ResultFactory(work_item=item, date=datetime.date(2026, 3, 1), outcome="In de periode")
    ResultFactory(work_item=item, date=datetime.date(2026, 8, 1), outcome="Na de peildatum")

    report = half_year_report(datetime.date(2026, 6, 30), datetime.date(2025, 12, 31))

    row = next(r for r in report.rows if r.coalition == coalition)
    assert "Kraamzorg (2026-03-01): In de periode" in row.results
    assert "Voor de periode" not in row.results
    assert "Na de peildatum" not in row.results
    assert "In de periode" in str(report.dataset().dict)


def test_the_workspace_result_history_is_kept(coalition):
    result = ResultFactory(work_item=WorkItemFactory(coalition=coalition), outcome="Eerst")
    result.outcome = "Daarna"
    result.save()

    events = result.events.order_by("pgh_id").values_list("outcome", flat=True)
    assert list(events) == ["Eerst", "Daarna"]
