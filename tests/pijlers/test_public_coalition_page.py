"""The denkraam on the public coalition page: levels and published figures, nothing internal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pijlers.models import Pillar
from tests.factories import AssessmentFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def public_page(client, coalition):
    response = client.get(reverse("coalitions:public_detail", args=[coalition.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_shows_pillar_levels_but_not_the_coalitions_notes(client, coalition):
    AssessmentFactory(
        coalition=coalition,
        pillar=Pillar.objects.get(number=3),
        level="ingericht",
        notes="Interne notitie: wijkteam Noord trekt nog niet mee.",
        next_actions="Gesprek met de teamleider plannen.",
    )

    html = public_page(client, coalition)

    assert "Denkraam: stand per pijler" in html
    assert "Ingericht" in html
    assert "Interne notitie" not in html
    assert "Gesprek met de teamleider" not in html


def test_public_page_shows_published_figures_and_never_small_numbers(client, coalition):
    [gemeente] = coalition.gemeenten.all()
    shown = IndicatorFactory(name="Vroeggeboorte (test)")
    hidden = IndicatorFactory(name="Perinatale sterfte (test)")
    MeasurementFactory(gemeente=gemeente, indicator=shown, period="2020", value="7.1")
    MeasurementFactory(gemeente=gemeente, indicator=shown, period="2021", value="6.4")
    MeasurementFactory(
        gemeente=gemeente, indicator=hidden, period="2021", value="3.0", small_numbers=True
    )

    html = public_page(client, coalition)

    assert "Vroeggeboorte (test)" in html
    assert "Perinatale sterfte (test)" not in html


def test_public_page_query_count_does_not_grow_with_assessments_and_figures(client, coalition):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            public_page(client, coalition)
        return len(ctx.captured_queries)

    [gemeente] = coalition.gemeenten.all()
    AssessmentFactory(coalition=coalition, pillar=Pillar.objects.get(number=1))
    MeasurementFactory(gemeente=gemeente, indicator=IndicatorFactory(), period="2021")
    small = count()
    for pillar in Pillar.objects.all():
        AssessmentFactory(coalition=coalition, pillar=pillar, date="2025-01-01")
    for _ in range(10):
        indicator = IndicatorFactory()
        for year in range(2015, 2022):
            MeasurementFactory(gemeente=gemeente, indicator=indicator, period=str(year))
    assert count() == small
