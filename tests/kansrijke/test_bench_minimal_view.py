"""The bench's yardstick view exists only when BENCH_MINIMAL_VIEW is set."""

import importlib

import pytest
from django.urls import clear_url_caches

from coalitions.models import Coalition

pytestmark = pytest.mark.django_db


def test_minimal_bench_view_is_not_a_public_url(client):
    assert client.get("/bench/minimal/").status_code == 404


def test_minimal_bench_view_runs_one_query_when_switched_on(
    client, settings, coalition, django_assert_num_queries
):
    import kansrijke.urls

    settings.BENCH_MINIMAL_VIEW = True
    clear_url_caches()
    importlib.reload(kansrijke.urls)
    try:
        with django_assert_num_queries(1):
            response = client.get("/bench/minimal/")
        assert response.status_code == 200
        assert Coalition.objects.order_by("pk").first().name in response.content.decode()
    finally:
        settings.BENCH_MINIMAL_VIEW = False
        importlib.reload(kansrijke.urls)
        clear_url_caches()
