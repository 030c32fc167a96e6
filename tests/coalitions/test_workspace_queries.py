"""Workspace pages cost the same number of queries with 5 or 50 partners, contacts, updates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    BottleneckFactory,
    CoalitionFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)
from tests.workspace import fill_coalition

pytestmark = pytest.mark.django_db


def page_urls(coalition):
    s = coalition.slug
    return [
        reverse("coalitions:workspace"),
        reverse("coalitions:workspace_detail", args=[s]),
        reverse("coalitions:workspace_status", args=[s]),
        reverse("coalitions:workspace_basics", args=[s]),
        reverse("coalitions:workspace_goals", args=[s]),
        reverse("coalitions:workspace_goal_create", args=[s]),
        reverse("coalitions:workspace_history", args=[s]),
        reverse("partners:workspace_partners", args=[s]),
        reverse("partners:workspace_partner_add", args=[s]) + "?q=Organisatie",
    ]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_workspace_page_queries_do_not_grow_from_5_to_50(client, editor, coalition):
    client.force_login(editor)
    fill_coalition(coalition, 5, author=editor)
    small = {url: count(client, url) for url in page_urls(coalition)}
    fill_coalition(coalition, 45, author=editor)
    large = {url: count(client, url) for url in page_urls(coalition)}
    # Never more with 50 than with 5. A page may cost one query less with more data: the
    # history reads each kind of related row once while such a row is on its first page (the
    # coalition's gemeente link, assigned by Pharos, drops off it with 50 newer changes).
    assert {url: min(n, small[url]) for url, n in large.items()} == large
    assert max(large.values()) <= 20, large


def add_coalitions(n):
    """Coalitions with an update and open bottlenecks, so every attention check has work."""
    for _ in range(n):
        coalition = CoalitionFactory()
        StatusUpdateFactory(coalition=coalition)
        BottleneckFactory.create_batch(2, work_item=WorkItemFactory(coalition=coalition))


def test_workspace_list_queries_do_not_grow_with_the_number_of_coalitions(client, pharos):
    client.force_login(pharos)
    add_coalitions(5)
    small = count(client, reverse("coalitions:workspace"))
    add_coalitions(45)
    response = client.get(reverse("coalitions:workspace"))
    assert sum(item.code == "open_bottlenecks" for r in response.context["rows"]
               for item in r["attention"]) == 50  # fmt: skip
    assert count(client, reverse("coalitions:workspace")) == small
