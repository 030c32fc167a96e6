"""Workspace pages cost the same number of queries with 5 or 50 partners, contacts, updates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CoalitionFactory, StatusUpdateFactory
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
    assert small == large
    assert max(large.values()) <= 20, large


def test_workspace_list_queries_do_not_grow_with_the_number_of_coalitions(client, pharos):
    client.force_login(pharos)
    for _ in range(5):
        StatusUpdateFactory(coalition=CoalitionFactory())
    small = count(client, reverse("coalitions:workspace"))
    for _ in range(45):
        StatusUpdateFactory(coalition=CoalitionFactory())
    assert count(client, reverse("coalitions:workspace")) == small
