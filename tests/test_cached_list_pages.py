"""Leren van elkaar, the API's coalitions list and the live half-year report are cached under
every version (common/page_cache.py): a repeat request is served from the cache with fewer
queries, a write that changes what the page shows is visible on the very next request, and
the cache never hands one viewer what another may see."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.models import Coalition, CoalitionRole
from experiments.models import WorkItem
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    GemeenteFactory,
    ResultFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db

LEARNING = reverse("experiments:learning")
API_LIST = "/api/coalities"
REPORT = reverse("pharos:report")


def get(client, url, params=None):
    """(response, number of queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return response, len(queries)


def html(client, url, params=None) -> str:
    return get(client, url, params)[0].content.decode()


def assert_cached_repeat(client, url, params=None):
    """The second request gives the same page with fewer queries than the first."""
    first, cold = get(client, url, params)
    second, warm = get(client, url, params)
    assert warm < cold, f"{url}: {cold} queries cold, {warm} from the cache"
    return first, second


# --- Leren van elkaar --------------------------------------------------------------------------


def test_learning_repeats_from_the_cache_and_shows_a_published_item_at_once(client, coalition):
    WorkItemFactory(coalition=coalition, title="Kraamzorgcafé in de wijk", published=False)
    first, second = assert_cached_repeat(client, LEARNING, {"q": "kraamzorgcafé"})
    assert first.content == second.content
    assert "Kraamzorgcafé in de wijk" not in second.content.decode()

    WorkItem.objects.filter(coalition=coalition).update(published=True)

    assert "Kraamzorgcafé in de wijk" in html(client, LEARNING, {"q": "kraamzorgcafé"})


def test_learning_shows_a_renamed_coalition_and_a_new_result_at_once(client, coalition):
    item = WorkItemFactory(coalition=coalition, title="Groepszorg voor zwangeren")
    assert_cached_repeat(client, LEARNING)

    Coalition.objects.filter(pk=coalition.pk).update(name="Hernoemde coalitie")
    ResultFactory(work_item=item, outcome="Veertig zwangeren bereikt", date=datetime.date.today())

    page = html(client, LEARNING)
    assert "Hernoemde coalitie" in page
    assert "Veertig zwangeren bereikt" in page


def test_a_members_unpublished_items_never_reach_the_public_or_another_user(
    client, coalition, member, other_editor
):
    WorkItemFactory(coalition=coalition, title="Intern kraamzorgplan", published=False)
    member_client, other_client = Client(), Client()
    member_client.force_login(member)
    other_client.force_login(other_editor)

    # The member fills the cache first, twice (the second from the cache).
    assert_cached_repeat(member_client, LEARNING, {"q": "kraamzorgplan"})
    assert "Intern kraamzorgplan" in html(member_client, LEARNING, {"q": "kraamzorgplan"})

    # The same address for the public and for an editor of another coalition: not found.
    assert "Intern kraamzorgplan" not in html(client, LEARNING, {"q": "kraamzorgplan"})
    assert "Intern kraamzorgplan" not in html(other_client, LEARNING, {"q": "kraamzorgplan"})


def test_a_role_taken_away_hides_the_unpublished_items_on_the_next_request(
    client, coalition, member
):
    WorkItemFactory(coalition=coalition, title="Intern kraamzorgplan", published=False)
    client.force_login(member)
    assert_cached_repeat(client, LEARNING, {"q": "kraamzorgplan"})

    CoalitionRole.objects.filter(user=member).delete()

    assert "Intern kraamzorgplan" not in html(client, LEARNING, {"q": "kraamzorgplan"})


# --- API: coalitions list ----------------------------------------------------------------------


def test_the_api_list_from_the_cache_is_byte_identical_to_an_uncached_answer(client):
    CoalitionPartnerFactory(coalition=CoalitionFactory(gemeenten=[GemeenteFactory()]))
    CoalitionFactory(name="Tweede coalitie")
    for params in ({}, {"page_size": 1, "page": 2}, {"provincie": "UT"}):
        cache.clear()
        first, second = assert_cached_repeat(client, API_LIST, params)
        assert second.content == first.content
        per_request = {"X-Request-ID"}
        assert {k: v for k, v in second.headers.items() if k not in per_request} == {
            k: v for k, v in first.headers.items() if k not in per_request
        }


def test_the_api_list_shows_a_renamed_coalition_at_once(client, coalition):
    assert_cached_repeat(client, API_LIST)

    Coalition.objects.filter(pk=coalition.pk).update(name="Nieuwe naam")

    names = [c["name"] for c in get(client, API_LIST)[0].json()["items"]]
    assert "Nieuwe naam" in names


def test_the_rate_limit_still_counts_requests_served_from_the_cache(client, settings):
    settings.API_RATE_LIMIT = "3/m"
    statuses = [client.get(API_LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- Half-year report (live) -------------------------------------------------------------------

ON = "2025-07-01"


def test_the_live_report_repeats_from_the_cache_and_shows_a_status_update_at_once(
    client, pharos, coalition
):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 5, 1), summary="Oud.")
    client.force_login(pharos)
    first, second = assert_cached_repeat(client, REPORT, {"on": ON})
    assert "Oud." in second.content.decode()
    # The establish form keeps its own token, outside the cached table.
    assert "csrfmiddlewaretoken" in second.content.decode()

    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 6, 1), summary="Nieuw.")
    page = html(client, REPORT, {"on": ON})
    assert "Nieuw." in page and "Oud." not in page

    CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2025, 1, 1))
    assert get(client, REPORT, {"on": ON})[0].context["report"].rows[0].partner_total == 1


def test_anonymous_users_and_members_never_see_the_cached_report(client, pharos, member):
    pharos_client = Client()
    pharos_client.force_login(pharos)
    assert_cached_repeat(pharos_client, REPORT, {"on": ON})

    anonymous = client.get(REPORT, {"on": ON})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(member)
    assert client.get(REPORT, {"on": ON}).status_code in (302, 403)
