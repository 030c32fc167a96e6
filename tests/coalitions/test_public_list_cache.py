"""The public list is cached under a hash of its data: every change shows at once."""

import pytest
from django.urls import reverse

from coalitions.models import Coalition, Gemeente
from tests.factories import CoalitionFactory, GemeenteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(db):
    gemeente = GemeenteFactory(name="Oudstede")
    return CoalitionFactory(name="Kansrijk Oudstede", gemeenten=[gemeente])


def page(client) -> str:
    return client.get(reverse("coalitions:public_list")).content.decode()


def test_renamed_coalition_shows_its_new_name_even_after_a_bulk_update(client, listed):
    assert "Kansrijk Oudstede" in page(client)
    Coalition.objects.filter(pk=listed.pk).update(name="Samen Oudstede")  # no signals fire
    html = page(client)
    assert "Samen Oudstede" in html
    assert "Kansrijk Oudstede" not in html


def test_renamed_gemeente_and_new_phase_show_at_once(client, listed):
    assert "Oudstede" in page(client)
    Gemeente.objects.filter(name="Oudstede").update(name="Nieuwstede")
    Coalition.objects.filter(pk=listed.pk).update(phase="uitvoering")
    html = page(client)
    assert "Nieuwstede" in html
    assert "Uitvoering" in html


def test_gemeente_joining_and_new_coalition_show_at_once(client, listed):
    page(client)
    listed.gemeenten.add(GemeenteFactory(name="Buurdorp"))
    CoalitionFactory(name="Kansrijk Verweg")
    html = page(client)
    assert "Buurdorp" in html
    assert "Kansrijk Verweg" in html


def test_unchanged_list_comes_from_the_cache_with_a_single_query(
    client, listed, django_assert_num_queries
):
    first = page(client)
    with django_assert_num_queries(1):  # the fingerprint; anonymous visitors have no session
        assert page(client) == first
