"""Each key page runs as many queries with 10x the data as with a little (and at most 12).

A page whose query count grows with the data gets slower with every coalition (an N+1 in a
template, a missing prefetch). `make bench` shows the same pages at 300 coalitions.
Add a page with one line in PAGES: an id, the user fixture that opens it (None = anonymous)
and its URL, built from the `coalition` that the standard users belong to.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.models import CoalitionRole
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    ContactPersonFactory,
    GemeenteFactory,
    OrganisationFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12

PAGES = [
    ("public_list", None, lambda c: reverse("coalitions:public_list")),
    ("public_detail", None, lambda c: reverse("coalitions:public_detail", args=[c.slug])),
    ("workspace_editor", "editor", lambda c: reverse("coalitions:workspace")),
    ("workspace_member", "member", lambda c: reverse("coalitions:workspace")),
    ("admin_coalitions", "superuser", lambda c: reverse("admin:coalitions_coalition_changelist")),
    (
        "admin_coalitions_pharos",
        "pharos",
        lambda c: reverse("admin:coalitions_coalition_changelist"),
    ),
]


def grow(coalition, users, n):
    """Add n coalitions (regional, with partners, contacts and history) and as much to
    `coalition` itself; the standard users get a role in each new coalition."""
    for i in range(n):
        new = CoalitionFactory(gemeenten=[GemeenteFactory(), GemeenteFactory()])
        for target in (new, coalition):
            organisation = OrganisationFactory()
            ContactPersonFactory.create_batch(2, organisation=organisation)
            CoalitionPartnerFactory(coalition=target, organisation=organisation)
            StatusUpdateFactory(coalition=target, date=datetime.date(2024, 1, 1 + i % 28))
        coalition.gemeenten.add(GemeenteFactory())
        for user, role in users:
            CoalitionRoleFactory(user=user, coalition=new, role=role)


def queries_for(client, url) -> int:
    client.get(url)  # one-off work (content types, template loading) is not per request
    cache.clear()  # count the uncached path: the worst case
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("page", "user_fixture", "url_for"), PAGES, ids=[p[0] for p in PAGES])
def test_page_runs_the_same_queries_with_ten_times_the_data(
    page, user_fixture, url_for, request, client, coalition, editor, member
):
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    users = [(editor, CoalitionRole.Role.EDITOR), (member, CoalitionRole.Role.MEMBER)]
    url = url_for(coalition)

    grow(coalition, users, 2)
    small = queries_for(client, url)
    grow(coalition, users, 18)
    large = queries_for(client, url)

    assert large == small, f"{page}: {small} queries with little data, {large} with 10x"
    assert small <= MAX_QUERIES, f"{page}: {small} queries"
