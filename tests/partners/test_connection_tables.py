"""The partner map's "wie werkt met wie" tables: folded behind a summary with counts, loaded
on demand from a fragment, on a page of their own without JavaScript; public and member
fragments keep the map's visibility rules."""

import pytest
from django.urls import reverse

from partners.models import Category, Level, PartnerRole
from tests.factories import CoalitionPartnerFactory, OrganisationFactory, PartnerRelationFactory
from tests.partners.conftest import PERSONAL

pytestmark = pytest.mark.django_db

# Rows only the tables have; the map page must no longer carry them.
TABLE_MARKERS = ['class="table table-sm per-partner"', 'class="possible-bridge"', "Nog zonder brug"]


def url(name, coalition):
    return reverse(f"partners:{name}", args=[coalition.slug])


@pytest.fixture
def related(map_partners):
    """The midwife refers to the welfare partner: one bridge."""
    return PartnerRelationFactory(source=map_partners["midwife"], target=map_partners["welfare"])


def test_the_map_shows_the_figure_and_folds_the_tables_behind_a_summary_with_counts(
    client, coalition, related
):
    body = client.get(url("map", coalition)).content.decode()
    assert '<strong class="fs-2" id="bridge-count">1</strong>' in body
    folded = body.split('<details class="connection-tables', 1)[1].split("</details>", 1)[0]
    summary = " ".join(folded.split("</summary>", 1)[0].split())
    assert "Alle verbindingen in tabellen" in summary
    assert "(1 brug, 1 paar met een relatie," in summary
    assert "4 partners)" in summary
    for marker in TABLE_MARKERS:
        assert marker not in body
    fragment = url("connections_fragment", coalition)
    assert f'data-fragment-url="{fragment}"' in body
    # Without JavaScript the opened summary offers the page with every table.
    assert f'href="{url("connections", coalition)}"' in folded
    assert "js/connection-tables.js" in body


def test_the_fragment_holds_the_tables_and_nothing_of_a_page_around_them(
    client, coalition, related
):
    response = client.get(url("connections_fragment", coalition))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<tr class="bridge"><th scope="row">Verloskundigen Centrum</th>' in body
    assert 'class="table table-sm per-partner"' in body
    assert "Mogelijke verbindingen" in body
    assert "<html" not in body and "<nav" not in body and "Zoeken en filteren" not in body


def test_filters_do_not_apply_to_the_tables(client, coalition, related):
    body = client.get(url("connections_fragment", coalition), {"domain": "overig"}).content
    assert "Ziekenhuis Oost" in body.decode()


def test_without_javascript_the_summary_leads_to_a_page_with_every_table(
    client, coalition, related
):
    response = client.get(url("connections", coalition))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<title>Wie werkt met wie in {coalition.name} – Kansrijke Start</title>" in body
    assert '<strong class="fs-2" id="bridge-count">1</strong>' in body
    assert 'class="table table-sm per-partner"' in body
    assert "<details" not in body
    assert f'href="{url("map", coalition)}#wie-werkt-met-wie"' in body


@pytest.mark.parametrize("user_fixture", [None, "member", "outsider"])
def test_public_tables_never_show_contact_people_to_anyone(
    client, request, coalition, related, user_fixture
):
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    for name in ("connections_fragment", "connections"):
        body = client.get(url(name, coalition)).content.decode()
        assert "Verloskundigen Centrum" in body
        for text in PERSONAL:
            assert text not in body


def test_the_public_fragment_may_be_cached_for_visitors_but_never_for_logged_in_users(
    client, coalition, member, related
):
    anonymous = client.get(url("connections_fragment", coalition))
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(member)
    logged_in = client.get(url("connections_fragment", coalition))
    assert "private" in logged_in["Cache-Control"] and "no-store" in logged_in["Cache-Control"]


def test_the_workspace_map_fetches_the_members_fragment_which_is_private(
    client, coalition, member, related
):
    client.force_login(member)
    body = client.get(url("workspace_map", coalition)).content.decode()
    fragment = url("workspace_connections_fragment", coalition)
    assert f'data-fragment-url="{fragment}"' in body
    assert f'href="{url("workspace_connections", coalition)}"' in body
    response = client.get(fragment)
    assert response.status_code == 200
    bridge = '<tr class="bridge"><th scope="row">Verloskundigen Centrum</th>'
    assert bridge in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = client.get(url("workspace_connections", coalition)).content.decode()
    assert 'class="table table-sm per-partner"' in page
    assert 'aria-current="true"' in page  # the workspace navigation: Partnerkaart is open


@pytest.mark.parametrize("user_fixture", [None, "outsider", "other_editor"])
def test_the_members_fragment_is_refused_to_everyone_else(
    client, request, coalition, related, user_fixture
):
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    for name in ("workspace_connections_fragment", "workspace_connections"):
        response = client.get(url(name, coalition))
        assert response.status_code in (302, 404)
        assert "Verloskundigen Centrum" not in response.content.decode()


def test_an_unknown_coalition_has_no_tables(client):
    response = client.get(reverse("partners:connections_fragment", args=["bestaat-niet"]))
    assert response.status_code == 404


def test_a_large_coalitions_map_page_no_longer_carries_its_rows(client, coalition):
    """Forty partners on the same level make 780 possible links; the page keeps the counts."""
    for i in range(40):
        category = Category.HUISARTSEN if i % 2 else Category.WIJKTEAM
        CoalitionPartnerFactory(
            coalition=coalition,
            organisation=OrganisationFactory(name=f"Partner {i:02d}", category=category),
            levels=[Level.UITVOERING],
            role=PartnerRole.PARTNER,
        )
    page = client.get(url("map", coalition)).content.decode()
    tables = client.get(url("connections_fragment", coalition)).content.decode()
    assert "780 mogelijke verbindingen" in " ".join(page.split())
    assert tables.count('<tr class="possible-bridge">') == 400  # 20 medical x 20 social
    assert 'class="possible-bridge"' not in page
    assert len(tables) > len(page) / 2  # the folded rows were a large part of the page
