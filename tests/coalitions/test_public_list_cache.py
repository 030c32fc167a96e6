"""The public list's table is cached under a hash of the values it shows: a change is
visible on the very next request, whichever way it was written."""

import pytest

from coalitions.models import Coalition, Phase
from partners.models import Category, CoalitionPartner
from tests.factories import CoalitionFactory, CoalitionPartnerFactory, GemeenteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(client):
    coalition = CoalitionFactory(name="Cachetest", gemeenten=[GemeenteFactory(name="Oudedorp")])
    CoalitionPartnerFactory(coalition=coalition, organisation__category=Category.WIJKTEAM)
    client.get("/")  # fills the cache
    return coalition


def test_a_renamed_coalition_shows_its_new_name_at_once_even_after_a_bulk_update(client, listed):
    Coalition.objects.filter(pk=listed.pk).update(name="Nieuwe naam")
    body = client.get("/").content.decode()
    assert "Nieuwe naam" in body
    assert "Cachetest" not in body


def test_a_new_phase_and_a_renamed_gemeente_show_at_once(client, listed):
    Coalition.objects.filter(pk=listed.pk).update(phase=Phase.BORGING)
    listed.gemeenten.update(name="Nieuwdorp")
    body = client.get("/").content.decode()
    assert "Nieuwdorp" in body and "Oudedorp" not in body
    assert f'<span class="phase-badge">{Phase.BORGING.label}</span>' in body


def test_an_ended_partnership_leaves_the_count_at_once(client, listed):
    assert '<td class="text-end" data-domain="sociaal">1</td>' in client.get("/").content.decode()
    CoalitionPartner.objects.filter(coalition=listed).delete()
    body = client.get("/").content.decode()
    assert '<td class="text-end count-zero" data-domain="sociaal">0</td>' in body


def test_a_filtered_list_shows_only_its_own_rows(client, listed):
    other = CoalitionFactory(name="Anderstad Kansrijk")
    body = client.get("/", {"q": "Oudedorp"}).content.decode()
    assert "Cachetest" in body and other.name not in body
    body = client.get("/").content.decode()
    assert "Cachetest" in body and other.name in body
