"""The public coalition page opens with a summary (phase, partners per domain, links to the
partner map, network and werkagenda) and a table of contents whose links land on sections."""

import re

import pytest
from django.urls import reverse

from coalitions.models import Phase
from tests.factories import CoalitionPartnerFactory

pytestmark = pytest.mark.django_db


def public_page(client, coalition) -> str:
    response = client.get(reverse("coalitions:public_detail", args=[coalition.slug]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def summary_of(html) -> str:
    return re.search(r'<section class="card mb-3 coalition-summary".*?</section>', html).group()


def test_summary_names_the_phase_and_partners_per_domain(client, coalition):
    type(coalition).objects.filter(pk=coalition.pk).update(phase=Phase.VORMING)
    for category in ("verloskundigen", "kraamzorg", "wijkteam"):
        CoalitionPartnerFactory(coalition=coalition, organisation__category=category)
    summary = summary_of(public_page(client, coalition))
    assert '<span class="phase-badge">Vorming</span>' in summary
    assert "<strong>Vorming</strong>" in summary and "Verkenning → " in summary
    assert "<li>Medisch: 2</li>" in summary and "<li>Sociaal: 1</li>" in summary
    assert "Publieke gezondheid:" not in summary  # a domain without partners is left out


def test_summary_links_to_partner_map_network_and_werkagenda(client, coalition):
    summary = summary_of(public_page(client, coalition))
    for name in ("partners:map", "partners:network", "experiments:public_werkagenda"):
        assert f'href="{reverse(name, args=[coalition.slug])}"' in summary


def test_every_contents_link_lands_on_a_heading_of_the_page(client, coalition):
    coalition.ambition = "Elk kind een kansrijke start."
    coalition.save()
    html = public_page(client, coalition)
    contents = re.search(r'<nav class="mb-4 page-contents".*?</nav>', html).group()
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert {"ambition-heading", "partners-heading", "werkagenda-heading", "public-pillars"} <= set(
        anchors
    )
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
