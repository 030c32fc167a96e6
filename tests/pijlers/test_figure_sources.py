"""A chart's "Bron: …" names where its figures come from (the measurements' own source),
never a source fixed on the indicator: a Perined figure was credited to the RIVM."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from pijlers.models import Indicator
from pijlers.views import public_context
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def caption_of(html: str, indicator) -> str | None:
    """The source line under the chart of `indicator`, or None."""
    section = html.split(f'id="ind-{indicator.code}', 1)[1].split("</section>", 1)[0]
    found = re.search(r'<p class="small">(Bronn?e?n?: [^<]*)</p>', section)
    return found.group(1) if found else None


def monitoring_page(client, member, coalition) -> str:
    client.force_login(member)
    return client.get(reverse("pijlers:monitoring", args=[coalition.slug])).content.decode()


def test_a_perined_figure_is_credited_to_perined_not_to_the_indicators_rivm(
    client, member, coalition
):
    indicator = Indicator.objects.get(code="vroeggeboorte")
    assert "RIVM" in indicator.source
    MeasurementFactory(gemeente=coalition.gemeenten.get(), indicator=indicator, source="Perined")

    html = monitoring_page(client, member, coalition)
    assert caption_of(html, indicator) == "Bron: Perined"
    public = render_to_string("pijlers/_public_indicators.html", public_context(coalition))
    assert "Bron: Perined" in public and "RIVM" not in public


def test_several_sources_are_each_named_once(client, member, coalition):
    indicator = IndicatorFactory(source="RIVM")
    gemeente = coalition.gemeenten.get()
    MeasurementFactory(gemeente=gemeente, indicator=indicator, period="2019", source="Perined")
    MeasurementFactory(gemeente=gemeente, indicator=indicator, period="2020", source="CBS")
    MeasurementFactory(gemeente=None, indicator=indicator, period="2020", source="Perined")

    assert caption_of(monitoring_page(client, member, coalition), indicator) == (
        "Bronnen: Perined; CBS"
    )


def test_figures_without_a_source_get_no_source_line(client, member, coalition):
    indicator = IndicatorFactory(source="RIVM")
    MeasurementFactory(gemeente=coalition.gemeenten.get(), indicator=indicator, source="")

    html = monitoring_page(client, member, coalition)
    assert caption_of(html, indicator) is None
    assert "RIVM" not in html
