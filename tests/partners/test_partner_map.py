"""The partner map /coalities/<slug>/partners/: who sees what, filters, and its query count."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.models import Coalition, CoalitionRole
from partners.models import Category, ContactPerson, Level, PartnerRole
from tests.factories import (
    AgreementFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    ContactPersonFactory,
    OrganisationFactory,
    SignatoryFactory,
    WorkItemFactory,
)
from tests.partners.conftest import PERSONAL

pytestmark = pytest.mark.django_db


def map_url(coalition, **params):
    url = reverse("partners:map", args=[coalition.slug])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.mark.parametrize("user_fixture", ["member", "editor", "pharos"])
def test_insiders_see_contact_people_with_function_email_and_phone(
    client, request, coalition, map_partners, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    body = client.get(map_url(coalition)).content.decode()
    for text in ["Ilse Voorbeeld", "Verloskundige", "mailto:ilse@verloskundigen.example",
                 "015 111 2233", "Bram Proef", "Opbouwwerker"]:  # fmt: skip
        assert text in body


def test_anonymous_visitor_sees_organisations_and_no_personal_data(client, coalition, map_partners):
    response = client.get(map_url(coalition))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Verloskundigen Centrum", "Ziekenhuis Oost", "Welzijn Samen", "JGZ Regio"]:
        assert name in body
    for text in PERSONAL:
        assert text not in body
    assert "Contactpersonen zijn alleen zichtbaar" in body


@pytest.mark.parametrize("user_fixture", ["other_editor", "outsider"])
def test_users_of_other_coalitions_are_treated_like_the_public(
    client, request, coalition, map_partners, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(map_url(coalition))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Welzijn Samen" in body
    for text in PERSONAL:
        assert text not in body


def test_insiders_page_is_not_kept_by_shared_caches(client, member, coalition, map_partners):
    client.force_login(member)
    assert "no-store" in client.get(map_url(coalition))["Cache-Control"]


def test_anonymous_visitor_sees_no_contact_of_the_demo_data(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    contacts = list(ContactPerson.objects.all())
    assert len(contacts) > 50
    for slug in Coalition.objects.values_list("slug", flat=True):
        coalition = Coalition(slug=slug)
        pages = [
            client.get(map_url(coalition)),
            client.get(reverse("partners:map_export", args=[slug, "csv"])),
        ]
        for response in pages:
            assert response.status_code == 200
            body = response.content.decode()
            for c in contacts:
                assert c.name not in body
                assert c.email not in body
                assert c.phone not in body
                assert c.phone.replace(" ", "") not in body
    delft = client.get(map_url(Coalition(slug="delft"))).content.decode()
    assert "Reinier de Graaf ziekenhuis" in delft


def test_unknown_coalition_is_404(client):
    assert client.get("/coalities/bestaat-niet/partners/").status_code == 404


def test_ended_partnerships_and_other_coalitions_partners_are_not_shown(
    client, coalition, other_coalition, map_partners
):
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(name="Oud Partner"),
        since=datetime.date(2019, 1, 1),
        until=datetime.date(2021, 1, 1),
    )
    CoalitionPartnerFactory(
        coalition=other_coalition, organisation=OrganisationFactory(name="Andermans Partner")
    )
    body = client.get(map_url(coalition)).content.decode()
    assert "Oud Partner" not in body
    assert "Andermans Partner" not in body


def shown_organisations(response):
    return {p.organisation.name for p in response.context["visible"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Verloskundigen Centrum", "Ziekenhuis Oost", "Welzijn Samen", "JGZ Regio"}),
        ({"domain": "medisch"}, {"Verloskundigen Centrum", "Ziekenhuis Oost"}),
        ({"domain": "sociaal"}, {"Welzijn Samen"}),
        ({"category": "jgz"}, {"JGZ Regio"}),
        ({"level": "management"}, {"Ziekenhuis Oost", "Welzijn Samen"}),
        ({"role": "kernpartner"}, {"Ziekenhuis Oost", "Welzijn Samen"}),
        ({"q": "ziekenhuis"}, {"Ziekenhuis Oost"}),
        ({"q": "delft"}, {"Verloskundigen Centrum", "Welzijn Samen"}),
        ({"q": "welzijn delft"}, {"Welzijn Samen"}),
        ({"domain": "medisch", "level": "uitvoering"}, {"Verloskundigen Centrum"}),
        ({"domain": "informeel"}, set()),
    ],
)
def test_filters_and_search_show_the_right_organisations(
    client, coalition, map_partners, params, expected
):
    response = client.get(map_url(coalition, **params))
    assert shown_organisations(response) == expected
    body = response.content.decode()
    for p in map_partners.values():
        name = p.organisation.name
        # The domain view shows a card per organisation; the figures below count them all.
        assert (f'id="partner-{p.pk}"' in body) == (name in expected)


def test_search_never_matches_contact_people(client, member, coalition, map_partners):
    client.force_login(member)
    assert shown_organisations(client.get(map_url(coalition, q="Ilse"))) == set()


def test_a_bad_filter_value_shows_an_error_and_keeps_the_other_filters(
    client, coalition, map_partners
):
    response = client.get(map_url(coalition, domain="nonsense", role="kernpartner"))
    assert response.status_code == 200
    assert response.context["form"].errors["domain"]
    assert shown_organisations(response) == {"Ziekenhuis Oost", "Welzijn Samen"}


def test_empty_result_says_so(client, coalition, map_partners):
    body = client.get(map_url(coalition, q="bestaat niet")).content.decode()
    assert "Geen partners gevonden met deze filters." in body


def test_missing_and_thin_domains_are_called_out(client, coalition, map_partners):
    body = client.get(map_url(coalition)).content.decode()
    assert "Geen partner uit het informele domein." in body
    assert "Maar 1 partner uit het sociaal domein." in body
    assert "Geen partner uit het medisch domein." not in body


def test_a_coalition_without_social_partner_is_told_so(client, coalition):
    CoalitionPartnerFactory(
        coalition=coalition, organisation=OrganisationFactory(category=Category.HUISARTSEN)
    )
    body = client.get(map_url(coalition)).content.decode()
    assert "Geen partner uit het sociaal domein." in body
    assert "geen partner uit het sociaal domein" in body  # and no bridge is possible


def test_counts_per_domain_cover_the_whole_coalition_also_when_filtered(
    client, coalition, map_partners
):
    response = client.get(map_url(coalition, domain="sociaal"))
    counts = {row["domain"]: row["count"] for row in response.context["summary"]}
    assert counts == {
        "medisch": 2,
        "publieke_gezondheid": 1,
        "sociaal": 1,
        "informeel": 0,
        "overig": 0,
    }


def test_markers_carry_located_organisations_only_and_no_people(
    client, member, coalition, map_partners
):
    client.force_login(member)
    response = client.get(map_url(coalition))
    markers = json.loads(
        response.content.decode()
        .split('id="partner-map-markers" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert {m["name"] for m in markers} == {
        "Verloskundigen Centrum",
        "Ziekenhuis Oost",
        "Welzijn Samen",
    }
    assert "Ilse" not in json.dumps(markers)
    assert [p.organisation.name for p in response.context["unlocated"]] == ["JGZ Regio"]


def test_page_has_no_inline_script(client, coalition, map_partners):
    body = client.get(map_url(coalition)).content.decode()
    for chunk in body.split("<script")[1:]:
        head = chunk.split(">")[0]
        assert "src=" in head or 'type="application/json"' in head


def build_partners(coalition, n):
    for i in range(n):
        org = OrganisationFactory(
            name=f"Partner {i:03d}",
            category=[Category.VERLOSKUNDIGEN, Category.WELZIJN, Category.JGZ][i % 3],
            latitude=None if i % 4 == 0 else 52.0,
            longitude=None if i % 4 == 0 else 4.3,
        )
        partnership = CoalitionPartnerFactory(
            coalition=coalition,
            organisation=org,
            levels=[Level.UITVOERING, Level.MANAGEMENT][: 1 + i % 2],
            role=[PartnerRole.PARTNER, PartnerRole.KERNPARTNER][i % 2],
        )
        ContactPersonFactory.create_batch(2, partnership=partnership)
    # Links from the werkagenda and agreements (experiments' connection source): every
    # partner shares an item and an agreement with the next one.
    partnerships = list(coalition.partners.order_by("pk"))
    for a, b in zip(partnerships, partnerships[1:], strict=False):
        WorkItemFactory(coalition=coalition, lead_partner=a, partners=[b])
        agreement = AgreementFactory(coalition=coalition)
        SignatoryFactory(agreement=agreement, partner=a)
        SignatoryFactory(agreement=agreement, partner=b)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    print(url, len(ctx.captured_queries))  # noqa: T201  (shown with -s, for the report)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "member of both", "outsider"])
@pytest.mark.parametrize("url_name", ["partners:map", "partners:map_export"])
def test_query_count_is_the_same_for_5_and_80_partners(
    client, coalition, other_coalition, member, outsider, who, url_name
):
    small, large = coalition, other_coalition
    if who == "member of both":
        CoalitionRoleFactory(user=member, coalition=large, role=CoalitionRole.Role.MEMBER)
        client.force_login(member)
    elif who == "outsider":
        client.force_login(outsider)
    build_partners(small, 5)
    build_partners(large, 80)
    args = ["csv"] if url_name.endswith("export") else []
    counts = [
        count_queries(client, reverse(url_name, args=[c.slug, *args])) for c in (small, large)
    ]
    assert counts[0] == counts[1]
    assert counts[0] <= 11  # two of them: the links from work items and agreements
