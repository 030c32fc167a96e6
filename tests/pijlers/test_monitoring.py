import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pijlers.models import Indicator, Measurement, Pillar
from pijlers.views import public_context
from tests.factories import (
    AssessmentFactory,
    GemeenteFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_gemeenten(coalition):
    second = GemeenteFactory(name="Tweede gemeente")
    coalition.gemeenten.add(second)
    return list(coalition.gemeenten.order_by("name"))


def test_trend_has_a_line_per_gemeente_and_the_national_figure(coalition, two_gemeenten):
    indicator = Indicator.objects.get(code="vroeggeboorte")
    first, second = two_gemeenten
    MeasurementFactory(gemeente=first, indicator=indicator, period="2019", value="7.0")
    MeasurementFactory(gemeente=first, indicator=indicator, period="2020", value="6.5")
    MeasurementFactory(gemeente=second, indicator=indicator, period="2020", value="8.0")
    MeasurementFactory(gemeente=None, indicator=indicator, period="2020", value="7.2")
    MeasurementFactory(gemeente=GemeenteFactory(), indicator=indicator, period="2020", value="1")

    trend = next(t for t in Indicator.objects.trends_for(coalition) if t.indicator == indicator)
    assert trend.periods == ["2019", "2020"]
    assert [(s.label, s.national) for s in trend.series] == [
        (first.name, False),
        (second.name, False),
        ("Nederland", True),
    ]
    assert [m.value if m else None for m in trend.rows()[0][1]] == [7, None, None]


def test_pooled_periods_sort_by_their_last_year(coalition):
    indicator = IndicatorFactory()
    gemeente = coalition.gemeenten.get()
    for period in ["2021", "2015-2019", "2018"]:
        MeasurementFactory(gemeente=gemeente, indicator=indicator, period=period)
    trend = next(t for t in Indicator.objects.trends_for(coalition) if t.indicator == indicator)
    assert trend.periods == ["2018", "2015-2019", "2021"]


def test_small_numbers_are_never_shown_publicly(client, member, coalition):
    indicator = IndicatorFactory(name="Kleine aantallen")
    gemeente = coalition.gemeenten.get()
    MeasurementFactory(gemeente=gemeente, indicator=indicator, period="2019", value="3.3")
    MeasurementFactory(
        gemeente=gemeente, indicator=indicator, period="2020", value="44.4", small_numbers=True
    )
    public = render_to_string("pijlers/_public_indicators.html", public_context(coalition))
    assert "3,3" in public and "44,4" not in public

    client.force_login(member)
    internal = client.get(reverse("pijlers:monitoring", args=[coalition.slug])).content.decode()
    assert "44,4" in internal


def test_public_levels_show_the_level_but_not_the_notes(coalition):
    AssessmentFactory(coalition=coalition, level="ingericht", notes="Intern: wethouder twijfelt.")
    html = render_to_string("pijlers/_public_levels.html", public_context(coalition))
    assert "Ingericht" in html
    assert "wethouder twijfelt" not in html
    assert html.count("Nog niet beoordeeld") == 4


def test_editor_adds_a_figure_for_a_gemeente_of_the_coalition(client, editor, coalition):
    gemeente = coalition.gemeenten.get()
    indicator = Indicator.objects.get(code="big2")
    client.force_login(editor)
    url = reverse("pijlers:measurement_add", args=[coalition.slug])
    data = {
        "gemeente": gemeente.pk,
        "indicator": indicator.pk,
        "period": "2017-2021",
        "value": "10.4",
        "source": "regiobeeld",
    }
    assert client.post(url, data).status_code == 302
    assert Measurement.objects.get().end_year == 2021
    again = client.post(url, data)
    assert "al een waarde vastgelegd" in again.content.decode()
    assert Measurement.objects.count() == 1


def test_a_figure_for_a_gemeente_outside_the_coalition_is_refused(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:measurement_add", args=[coalition.slug]),
        {
            "gemeente": GemeenteFactory().pk,
            "indicator": Indicator.objects.first().pk,
            "period": "2020",
            "value": "1",
        },
    )
    assert "gemeente" in response.context["form"].errors
    assert not Measurement.objects.exists()


def fill(coalition, indicators: int):
    gemeenten = list(coalition.gemeenten.all())
    for pillar in Pillar.objects.all():
        AssessmentFactory(coalition=coalition, pillar=pillar, level="verkennend")
        AssessmentFactory(coalition=coalition, pillar=pillar, level="ingericht")
    for _ in range(indicators):
        indicator = IndicatorFactory()
        for period in ["2019", "2020", "2017-2021"]:
            MeasurementFactory(gemeente=None, indicator=indicator, period=period)
            for g in gemeenten:
                MeasurementFactory(gemeente=g, indicator=indicator, period=period)


def count_overview_queries(client, coalition):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("pijlers:overview", args=[coalition.slug]))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_overview_query_count_does_not_grow_from_5_to_50_indicators(
    client, editor, coalition, other_coalition, two_gemeenten
):
    client.force_login(editor)
    fill(coalition, 5)
    small, response = count_overview_queries(client, coalition)
    assert len(response.context["trends"]) == Indicator.objects.count()

    fill(coalition, 45)
    large, response = count_overview_queries(client, coalition)
    assert len([c for _t, c in response.context["trends"] if c]) == 50
    assert small == large
    assert large <= 12, large


def test_monitoring_and_palette_query_counts_do_not_grow_with_data(client, member, coalition):
    from tests.factories import CoalitionPartnerFactory, OfferingFactory

    client.force_login(member)
    counts = []
    for n in (2, 20):
        fill(coalition, n)
        for _ in range(n):
            OfferingFactory(partner=CoalitionPartnerFactory(coalition=coalition))
        with CaptureQueriesContext(connection) as monitoring:
            client.get(reverse("pijlers:monitoring", args=[coalition.slug]))
        with CaptureQueriesContext(connection) as palette:
            client.get(reverse("pijlers:palette", args=[coalition.slug]))
        counts.append((len(monitoring), len(palette)))
    assert counts[0] == counts[1]


def test_editor_removes_a_wrong_figure_of_their_gemeente_but_not_a_national_one(
    client, editor, coalition
):
    own = MeasurementFactory(gemeente=coalition.gemeenten.get())
    national = MeasurementFactory(gemeente=None, indicator=own.indicator)
    client.force_login(editor)
    listing = client.get(reverse("pijlers:measurement_list", args=[coalition.slug]))
    assert list(listing.context["measurements"]) == [own]

    def delete(m):
        return client.post(reverse("pijlers:measurement_delete", args=[coalition.slug, m.pk]))

    assert delete(national).status_code == 404
    assert delete(own).status_code == 302
    assert list(Measurement.objects.all()) == [national]


def test_member_and_other_editor_cannot_remove_figures(client, member, other_editor, coalition):
    own = MeasurementFactory(gemeente=coalition.gemeenten.get())
    url = reverse("pijlers:measurement_delete", args=[coalition.slug, own.pk])
    client.force_login(member)
    assert client.post(url).status_code == 403
    client.force_login(other_editor)
    assert client.post(url).status_code == 404
    assert Measurement.objects.filter(pk=own.pk).exists()
