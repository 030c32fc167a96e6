"""The open data API at /api/: what the public pages show, never a person; Pharos by token."""

import datetime
import re

import pytest
from django.core.management import call_command

from kansrijke.api.models import ApiToken
from kansrijke.models import AuditLogEntry
from partners.models import ContactPerson
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    GemeenteFactory,
    OfferingFactory,
    ResultFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["/api/coalities", "/api/gemeenten", "/api/werkagenda", "/api/interventies"]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False


def token_for(user) -> str:
    token = ApiToken(name="Dashboard", user=user)
    secret = token.new_token()
    token.save()
    return secret


def walk(client, path):
    """Every page of a list (or the one object), as parsed JSON."""
    page, bodies = 1, []
    while True:
        response = client.get(path, {"page": page, "page_size": 200})
        assert response.status_code == 200, (path, response.content[:300])
        body = response.json()
        bodies.append(body)
        if "items" not in body or page * 200 >= body["count"]:
            return bodies
        page += 1


def test_the_schema_loads_and_documents_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {
        "/api/coalities",
        "/api/coalities/{slug}",
        "/api/gemeenten",
        "/api/werkagenda",
        "/api/interventies",
        "/api/pharos/voortgangsrapportage",
        "/api/pharos/rivm",
    }
    for path, operations in schema["paths"].items():
        assert operations["get"]["responses"], path
        assert "post" not in operations


def test_the_docs_page_loads_its_assets_from_our_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html
    assert "swagger-ui-bundle.js" in html
    # No CDN, no foreign origin: every src/href is a path on this site.
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/static/"), url
    assert "cdn" not in html.lower()
    # The CSP forbids inline scripts; the page has only a JSON data block and static scripts.
    assert "<script>" not in html
    assert response["Content-Security-Policy"].count("script-src 'self'") == 1


def test_the_docs_are_linked_from_every_page(client):
    assert 'href="/api/docs"' in client.get("/").content.decode()


def test_no_response_contains_a_contact_person_of_the_demo(client, demo):
    people = list(ContactPerson.objects.values_list("name", "email", "phone"))
    assert people
    slugs = [c["slug"] for body in walk(client, "/api/coalities") for c in body["items"]]
    texts = [str(body) for path in LISTS for body in walk(client, path)]
    texts += [str(client.get(f"/api/coalities/{slug}").json()) for slug in slugs]
    everything = "\n".join(texts)
    assert "Utrecht" in everything  # the walk did see the demo
    for name, email, phone in people:
        for value in (name, email, phone):
            assert not value or value not in everything, value
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", everything)


def test_a_coalition_shows_its_phases_gemeenten_and_partners_but_no_people(client):
    delft = GemeenteFactory(cbs_code="GM0503", name="Delft", province="ZH")
    coalition = CoalitionFactory(slug="delft", gemeenten=[delft], boegbeeld="Wethouder Jansen")
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 1, 1), phase="vorming")
    partner = CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg Delft")
    ContactPersonFactory(partnership=partner, name="Anna de Vries", email="anna@example.org")

    body = client.get("/api/coalities/delft").json()

    assert body["gemeenten"] == [
        {"cbs_code": "GM0503", "name": "Delft", "province": "ZH", "province_name": "Zuid-Holland"}
    ]
    assert body["phase_history"] == [
        {"date": "2024-01-01", "phase": "vorming", "phase_label": "Vorming"}
    ]
    names = [o["name"] for d in body["partners_by_domain"] for o in d["organisations"]]
    assert names == ["Kraamzorg Delft"]
    text = str(body)
    assert "Anna" not in text and "anna@" not in text and "Jansen" not in text
    assert client.get("/api/coalities/bestaat-niet").json() == {"detail": "Niet gevonden."}


def test_unpublished_items_and_their_results_are_absent(client, coalition):
    shown = WorkItemFactory(coalition=coalition, title="Kraamzorguren", published=True)
    ResultFactory(work_item=shown, outcome="Meer uren kraamzorg.")
    hidden = WorkItemFactory(coalition=coalition, title="Geheim plan", published=False)
    ResultFactory(work_item=hidden, outcome="Nog niet openbaar.")

    items = client.get("/api/werkagenda").json()["items"]

    assert [i["title"] for i in items] == ["Kraamzorguren"]
    assert [r["outcome"] for r in items[0]["results"]] == ["Meer uren kraamzorg."]
    assert "Geheim" not in str(items) and "Nog niet" not in str(items)


def test_ended_partners_offer_nothing_in_the_api(client, coalition):
    OfferingFactory(partner__coalition=coalition, intervention__name="Testaanbod nu")
    OfferingFactory(
        partner__coalition=coalition,
        partner__until=datetime.date(2021, 1, 1),
        intervention__name="Oud aanbod",
    )
    names = [o["intervention_name"] for o in client.get("/api/interventies").json()["items"]]
    assert names == ["Testaanbod nu"]


def test_lists_filter_by_gemeente_and_province(client):
    utrecht = GemeenteFactory(cbs_code="GM0344", name="Utrecht", province="UT")
    delft = GemeenteFactory(cbs_code="GM0503", name="Delft", province="ZH")
    a = CoalitionFactory(slug="utrecht", gemeenten=[utrecht])
    b = CoalitionFactory(slug="delft", gemeenten=[delft])
    WorkItemFactory(coalition=a, title="In Utrecht")
    WorkItemFactory(coalition=b, title="In Delft")

    def slugs(path, **params):
        items = client.get(path, params).json()["items"]
        return [i.get("slug") or i.get("cbs_code") or i.get("coalition") for i in items]

    assert slugs("/api/coalities", gemeente="GM0344") == ["utrecht"]
    assert slugs("/api/coalities", provincie="ZH") == ["delft"]
    assert slugs("/api/gemeenten", provincie="UT") == ["GM0344"]
    assert slugs("/api/gemeenten", gemeente="GM0503") == ["GM0503"]
    assert slugs("/api/werkagenda", gemeente="GM0503") == ["delft"]
    assert slugs("/api/werkagenda", provincie="UT") == ["utrecht"]
    assert slugs("/api/coalities", provincie="FL") == []


@pytest.mark.parametrize("path", LISTS)
def test_a_page_costs_the_same_queries_whatever_its_size(
    client, django_assert_max_num_queries, path
):
    for _n in range(12):
        coalition = CoalitionFactory()
        partner = CoalitionPartnerFactory(coalition=coalition)
        OfferingFactory(partner=partner)
        item = WorkItemFactory(coalition=coalition)
        ResultFactory(work_item=item)
        ResultFactory(work_item=item)
    # Count, page, and its prefetches; the session/auth middleware reads nothing anonymous.
    with django_assert_max_num_queries(6):
        small = client.get(path, {"page_size": 2}).json()
    with django_assert_max_num_queries(6):
        big = client.get(path, {"page_size": 200}).json()
    assert len(small["items"]) == 2
    assert len(big["items"]) == big["count"] >= 12


def test_pages_follow_each_other_without_overlap(client):
    for n in range(5):
        CoalitionFactory(name=f"Coalitie {n:02d}")
    first = client.get("/api/coalities", {"page_size": 3}).json()
    second = client.get("/api/coalities", {"page_size": 3, "page": 2}).json()
    assert first["count"] == second["count"] == 5
    names = [c["name"] for c in first["items"] + second["items"]]
    assert len(names) == len(set(names)) == 5


def test_too_many_requests_from_one_address_get_a_dutch_429(client, settings):
    settings.API_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get("/api/gemeenten").status_code == 200
    response = client.get("/api/gemeenten")
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # Another address still gets an answer.
    assert client.get("/api/gemeenten", REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.parametrize("path", ["/api/pharos/voortgangsrapportage", "/api/pharos/rivm"])
def test_pharos_reports_need_a_pharos_token(client, path, pharos, editor, coalition):
    assert client.get(path).status_code == 401
    assert "token" in client.get(path).json()["detail"]
    assert client.get(path, HTTP_AUTHORIZATION="Bearer verzonnen").status_code == 401
    # A logged-in session is not enough: the API is for machines with a token.
    client.force_login(pharos)
    assert client.get(path).status_code == 401
    client.logout()
    # A token of someone who is not (or no longer) Pharos opens nothing.
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {token_for(editor)}").status_code == 401

    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token_for(pharos)}")

    assert response.status_code == 200
    body = response.json()
    assert body["headers"] and body["rows"]
    # Pharos' data: never kept by a shared cache, and the download is in the audit log.
    assert "no-store" in response["Cache-Control"]
    entry = AuditLogEntry.objects.filter(action="export").latest("at")
    assert entry.user == pharos and "(API)" in entry.what


def test_the_report_rows_are_those_of_the_pharos_report(client, pharos, coalition):
    from kansrijke.pharos import reports

    on = datetime.date(2025, 6, 30)
    response = client.get(
        "/api/pharos/voortgangsrapportage",
        {"peildatum": on.isoformat()},
        HTTP_AUTHORIZATION=f"Bearer {token_for(pharos)}",
    )
    assert response.json()["rows"] == reports.half_year_report(on).snapshot()["rows"]
    bad = client.get(
        "/api/pharos/voortgangsrapportage",
        {"peildatum": "2025-06-30", "vorige": "2025-07-01"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(pharos)}",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Ongeldige invoer in het verzoek."


def test_an_established_peildatum_answers_with_its_stored_version(client, pharos, coalition):
    from kansrijke.models import EstablishedReport
    from kansrijke.pharos import reports
    from tests.factories import CoalitionPartnerFactory

    on = datetime.date.today()  # the coalition exists from today on
    established = EstablishedReport.objects.establish(reports.half_year_report(on), pharos)
    CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2025, 1, 1))  # dated back

    response = client.get(
        "/api/pharos/voortgangsrapportage",
        {"peildatum": on.isoformat()},
        HTTP_AUTHORIZATION=f"Bearer {token_for(pharos)}",
    )

    body = response.json()
    assert body["rows"] == established.snapshot["rows"]
    assert body["rows"] != reports.half_year_report(on).snapshot()["rows"]
    assert body["vastgesteld"]["versie"] == 1


def test_tokens_are_stored_only_as_a_hash_and_can_be_revoked(client, pharos):
    secret = token_for(pharos)
    stored = ApiToken.objects.get()
    assert secret not in (stored.token_hash, stored.prefix, str(stored))
    stored.active = False
    stored.save()
    response = client.get("/api/pharos/rivm", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_a_superuser_makes_a_token_in_the_admin_and_sees_it_once(client, superuser, pharos):
    client.force_login(superuser)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "Dashboard", "user": pharos.pk, "active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    shown = re.search(r"De token is: (\S+)", response.content.decode()).group(1)
    assert ApiToken.objects.user_for(shown) == pharos
    client.logout()
    client.force_login(pharos)
    assert client.get("/admin/api/apitoken/").status_code == 403


def test_the_api_root_sends_a_person_to_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"
