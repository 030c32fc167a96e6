"""The public overview `/` and the public coalition page: what everyone may see, and no people."""

import datetime
import decimal
import os
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.models import Coalition, Phase, Province
from common.quarters import quarter_index
from experiments.models import AgreementKind, ItemKind, ItemStatus
from partners.models import Category, Domain
from tests.factories import (
    AgreementFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    ContactPersonFactory,
    GemeenteFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatusUpdateFactory,
    UserFactory,
    WorkItemFactory,
    personal_data_of_demo,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def listed_names(response):
    """The coalition names in the overview's table, in order."""
    return [c.name for c in response.context["coalitions"]]


@pytest.fixture
def three_coalitions():
    delft = GemeenteFactory(cbs_code="GM0503", name="Delft", province=Province.ZUID_HOLLAND)
    leiden = GemeenteFactory(cbs_code="GM0546", name="Leiden", province=Province.ZUID_HOLLAND)
    zeist = GemeenteFactory(cbs_code="GM0355", name="Zeist", province=Province.UTRECHT)
    bergen = GemeenteFactory(
        cbs_code="GM0373", name="Bergen (NH.)", province=Province.NOORD_HOLLAND
    )
    alkmaar = GemeenteFactory(cbs_code="GM0361", name="Alkmaar", province=Province.NOORD_HOLLAND)
    return {
        "delft": CoalitionFactory(name="Delft", gemeenten=[delft], phase=Phase.VORMING),
        "leiden": CoalitionFactory(name="Leiden", gemeenten=[leiden], phase=Phase.UITVOERING),
        "zeist": CoalitionFactory(name="Zeist", gemeenten=[zeist], phase=Phase.VORMING),
        "alkmaar": CoalitionFactory(
            name="Regio Alkmaar", gemeenten=[alkmaar, bergen], phase=Phase.VERKENNING
        ),
    }


def test_overview_lists_every_coalition_by_name(client, three_coalitions):
    response = client.get("/")
    assert response.status_code == 200
    assert listed_names(response) == ["Delft", "Leiden", "Regio Alkmaar", "Zeist"]


def test_search_finds_a_coalition_by_part_of_a_gemeente_name_in_any_case(client, three_coalitions):
    response = client.get("/", {"q": "delf"})
    assert listed_names(response) == ["Delft"]
    assert "Gevonden coalities" in response.content.decode()


def test_search_finds_a_regional_coalition_through_its_second_gemeente(client, three_coalitions):
    assert listed_names(client.get("/", {"q": "Bergen"})) == ["Regio Alkmaar"]


def test_search_finds_a_coalition_by_cbs_code_with_or_without_gm(client, three_coalitions):
    assert listed_names(client.get("/", {"q": "gm0355"})) == ["Zeist"]
    assert listed_names(client.get("/", {"q": " 0355 "})) == ["Zeist"]


def test_search_without_match_says_nothing_was_found(client, three_coalitions):
    response = client.get("/", {"q": "Groningen"})
    assert listed_names(response) == []
    assert "Geen coalities gevonden" in response.content.decode()


def test_filter_on_province_keeps_coalitions_with_a_gemeente_there(client, three_coalitions):
    response = client.get("/", {"province": Province.NOORD_HOLLAND})
    assert listed_names(response) == ["Regio Alkmaar"]
    response = client.get("/", {"province": Province.ZUID_HOLLAND})
    assert listed_names(response) == ["Delft", "Leiden"]


def test_filter_on_phase(client, three_coalitions):
    assert listed_names(client.get("/", {"phase": Phase.VORMING})) == ["Delft", "Zeist"]


def test_search_and_filters_combine(client, three_coalitions):
    response = client.get(
        "/", {"q": "ei", "province": Province.ZUID_HOLLAND, "phase": "uitvoering"}
    )
    assert listed_names(response) == ["Leiden"]


def test_filters_keep_their_values_in_the_form(client, three_coalitions):
    body = client.get("/", {"q": "Delft", "phase": Phase.VORMING}).content.decode()
    assert 'value="Delft"' in body
    assert '<option value="vorming" selected>' in body


def test_unknown_province_shows_a_dutch_error_linked_to_its_field_and_filters_nothing(
    client, three_coalitions
):
    response = client.get("/", {"province": "XX", "phase": Phase.VORMING})
    body = response.content.decode()
    assert 'aria-describedby="id_province_error"' in body
    assert re.search(r'id="id_province_error"[^>]*>[^<]*geldige keuze', body)
    # The valid phase filter still applies.
    assert listed_names(response) == ["Delft", "Zeist"]


def test_every_filter_field_has_a_label(client, three_coalitions):
    body = client.get("/").content.decode()
    for field_id in ("id_q", "id_province", "id_phase"):
        assert f'<label class="form-label" for="{field_id}">' in body
        assert f'id="{field_id}"' in body


def test_overview_counts_running_partners_per_domain(client):
    gemeenten = [GemeenteFactory(), GemeenteFactory()]  # two gemeenten must not double counts
    coalition = CoalitionFactory(name="Teltest", gemeenten=gemeenten)
    for category in (Category.VERLOSKUNDIGEN, Category.ZIEKENHUIS, Category.WIJKTEAM):
        CoalitionPartnerFactory(coalition=coalition, organisation__category=category)
    # Ended and not yet started partnerships do not count.
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation__category=Category.GGD,
        since=datetime.date(2020, 1, 1),
        until=TODAY - datetime.timedelta(days=1),
    )
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation__category=Category.JGZ,
        since=TODAY + datetime.timedelta(days=30),
    )
    response = client.get("/", {"q": gemeenten[1].name})
    (listed,) = response.context["coalitions"]
    counts = {domain: n for domain, _label, n in listed.public_partner_counts}
    assert counts == {
        Domain.MEDISCH: 2,
        Domain.PUBLIEKE_GEZONDHEID: 0,
        Domain.SOCIAAL: 1,
        Domain.INFORMEEL: 0,
        Domain.OVERIG: 0,
    }
    body = response.content.decode()
    assert '<td class="text-end" data-domain="medisch">2</td>' in body
    assert '<td class="text-end" data-domain="sociaal">1</td>' in body


def make_coalitions(n):
    for i in range(n):
        coalition = CoalitionFactory(gemeenten=[GemeenteFactory(), GemeenteFactory()])
        for category in (Category.VERLOSKUNDIGEN, Category.WIJKTEAM, Category.GGD):
            CoalitionPartnerFactory(coalition=coalition, organisation__category=category)
        CoalitionPartnerFactory(  # the gemeente as partner puts the coalition on the home map
            coalition=coalition,
            organisation__category=Category.GEMEENTE,
            organisation__latitude=decimal.Decimal("52.0116") + i % 5,
            organisation__longitude=decimal.Decimal("4.3571"),
        )
        StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 1, 1 + i % 28))


def count_queries(client, url, params=None):
    cache.clear()  # the page as built, not as served from the page cache (common/page_cache.py)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_query_count_does_not_grow_with_the_number_of_coalitions(client):
    make_coalitions(5)
    small = count_queries(client, "/")
    small_filtered = count_queries(client, "/", {"q": "Testgemeente", "province": "ZH"})
    make_coalitions(45)
    response = client.get("/")
    assert response.context["page"].paginator.count == 50
    assert len(response.context["map_points"]) == 50  # every coalition on the map, not a page
    assert count_queries(client, "/") == small
    assert count_queries(client, "/", {"q": "Testgemeente", "province": "ZH"}) == small_filtered
    assert count_queries(client, "/", {"sort": "bijgewerkt", "pagina": "2"}) == small
    # The page cache's versions, the total, the page's coalitions with their counts, their
    # gemeenten, the phase counts and the map's points.
    assert small <= 6


def make_coalition_page(coalition, n):
    for i in range(n):
        partnership = CoalitionPartnerFactory(
            coalition=coalition,
            organisation__category=[Category.ZIEKENHUIS, Category.WELZIJN, Category.JGZ][i % 3],
        )
        ContactPersonFactory(partnership=partnership)
        StatusUpdateFactory(coalition=coalition, date=datetime.date(2020, 1, 1 + i))
        WorkItemFactory(coalition=coalition, lead_partner=partnership, published=i % 2 == 0)
        SignatoryFactory(agreement__coalition=coalition, partner=partnership)
    coalition.gemeenten.add(GemeenteFactory())


def test_coalition_page_query_count_does_not_grow_with_partners_history_or_werkagenda(client):
    small, large = CoalitionFactory(slug="klein"), CoalitionFactory(slug="groot")
    make_coalition_page(small, 2)
    make_coalition_page(large, 20)
    small_count = count_queries(client, "/coalities/klein/")
    assert small_count == count_queries(client, "/coalities/groot/")
    cache.clear()  # a cached page has no context to look into
    response = client.get("/coalities/groot/")
    assert len(response.context["public_work_items"]) == 10
    assert len(response.context["public_agreements"]) == 20
    # the name and cache versions (all that a cached hit reads), then the page itself:
    # coalition, gemeenten, phases, partners, work items, agreements + the denkraam (5)
    assert small_count <= 13


@pytest.fixture
def coalition_with_people():
    """A coalition whose every person-related field is filled with recognisable values."""
    adviser = UserFactory(
        username="pharos-adviseur-x", first_name="Prisca", last_name="Adviesma", email="pa@ph.nl"
    )
    coalition = CoalitionFactory(
        name="Privacystad",
        slug="privacystad",
        boegbeeld="Wethouder Boudewijn Boegbeeldsma",
        pharos_adviser=adviser,
        phase=Phase.AMBITIE_PLAN,
        ambition="Elk kind een kansrijke start in Privacystad.",
    )
    hospital = OrganisationFactory(
        name="Ziekenhuis Privacystad", category=Category.ZIEKENHUIS, website="https://zh.example"
    )
    team = OrganisationFactory(name="Wijkteam Noord", category=Category.WIJKTEAM, place="Noord")
    hospital_partner = CoalitionPartnerFactory(coalition=coalition, organisation=hospital)
    team_partner = CoalitionPartnerFactory(coalition=coalition, organisation=team)
    contacts = [
        ContactPersonFactory(
            partnership=hospital_partner,
            name="Cornelia Contactpersoon",
            email="c.cp@zh.example",
            phone="015 777 1234",
        ),
        ContactPersonFactory(
            partnership=team_partner,
            name="Wim Wijkcoach",
            email="wim@wijk.example",
            phone="+31612345678",
        ),
    ]
    author = UserFactory(
        username="schrijver-privacystad",
        first_name="Sanne",
        last_name="Statusschrijver",
        email="sanne@privacystad.example",
    )
    StatusUpdateFactory(
        coalition=coalition,
        date=datetime.date(2021, 3, 4),
        phase=Phase.VORMING,
        author=author,
        summary="Interne samenvatting: alleen voor de werkruimte.",
        next_steps="Interne volgende stap: bellen met de wethouder.",
        bottlenecks="Intern knelpunt: financiering onzeker.",
    )
    StatusUpdateFactory(
        coalition=coalition, date=datetime.date(2022, 5, 6), phase=Phase.AMBITIE_PLAN, author=author
    )
    WorkItemFactory(
        coalition=coalition,
        title="Openbaar experiment: moedercafé in Noord",
        kind=ItemKind.EXPERIMENT,
        status=ItemStatus.LOPEND,
        start_quarter=quarter_index(2021, 4),
        end_quarter=quarter_index(2022, 2),
        lead_partner=coalition.partners.get(organisation=team),
    )
    WorkItemFactory(
        coalition=coalition,
        title="Verborgen vraagstuk: nog niet openbaar",
        published=False,
        goal="Intern doel van een verborgen onderdeel.",
    )
    agreement = AgreementFactory(
        coalition=coalition,
        kind=AgreementKind.CONVENANT,
        title="Convenant Kansrijk Privacystad",
        signed_on=datetime.date(2021, 10, 7),
        place="Stadhuis Privacystad",
    )
    signatories = [
        SignatoryFactory(
            agreement=agreement,
            partner=coalition.partners.get(organisation=hospital),
            signer_name="Siebren Ondertekenaarsma",
            signer_function="Voorzitter raad van bestuur",
        ),
        SignatoryFactory(
            agreement=agreement,
            partner=coalition.partners.get(organisation=team),
            signer_name="Tineke Tekenaar",
            signer_function="Directeur wijkteams",
        ),
    ]
    editor = UserFactory(username="redacteur-privacystad", first_name="Ella", last_name="Editorsma")
    member = UserFactory(username="lid-privacystad", first_name="Mirthe", last_name="Lidsma")
    CoalitionRoleFactory(coalition=coalition, user=editor, role="editor")
    CoalitionRoleFactory(coalition=coalition, user=member, role="member")
    people = [adviser, author, editor, member]
    forbidden = [
        "Boegbeeldsma",
        "Interne samenvatting",
        "Interne volgende stap",
        "Intern knelpunt",
        "Verborgen vraagstuk",
        "Intern doel van een verborgen onderdeel",
    ]
    for signatory in signatories:
        forbidden += [signatory.signer_name, signatory.signer_function]
    for contact in contacts:
        forbidden += [contact.name, contact.email, contact.phone]
    for user in people:
        forbidden += [user.username, user.first_name, user.last_name, user.email]
    return coalition, forbidden


def test_coalition_page_shows_ambition_phases_gemeenten_and_partners_by_domain(
    client, coalition_with_people
):
    coalition, _ = coalition_with_people
    response = client.get(reverse("coalitions:public_detail", args=["privacystad"]))
    body = response.content.decode()
    assert "Elk kind een kansrijke start in Privacystad." in body
    assert "4 maart 2021" in body and "6 mei 2022" in body
    assert coalition.gemeenten.get().name in body
    groups = [
        (domain, [p.organisation.name for p in partnerships])
        for domain, _label, partnerships in response.context["coalition"].public_partners_by_domain
    ]
    assert groups == [
        (Domain.MEDISCH, ["Ziekenhuis Privacystad"]),
        (Domain.SOCIAAL, ["Wijkteam Noord"]),
    ]
    assert 'href="https://zh.example"' in body
    assert "<td>Noord</td>" in body


def test_coalition_page_lists_published_work_items_and_agreement_facts(
    client, coalition_with_people
):
    body = client.get("/coalities/privacystad/").content.decode()
    assert (
        '<th scope="row">Openbaar experiment: moedercafé in Noord</th>\n'
        "          <td>Experiment</td>\n"
        "          <td>Lopend</td>\n"
        "          <td>Q4 2021 – Q2 2022</td>"
    ) in body
    assert "Convenant Kansrijk Privacystad" in body
    assert "Convenant, ondertekend op 7 oktober 2021 in Stadhuis Privacystad." in body
    assert re.search(
        r'<ul class="signatory-organisations">\s*<li>Wijkteam Noord</li>'
        r"<li>Ziekenhuis Privacystad</li>\s*</ul>",
        body,
    )
    assert "document.pdf" not in body


def test_coalition_page_links_to_the_public_partner_map_and_werkagenda(client, coalition):
    body = client.get(coalition.get_absolute_url()).content.decode()
    assert f'href="{reverse("partners:map", args=[coalition.slug])}"' in body
    assert f'href="{reverse("experiments:public_werkagenda", args=[coalition.slug])}"' in body
    assert "Nog geen openbare onderdelen van de werkagenda." in body
    assert "Nog geen ondertekende afspraken vastgelegd." in body


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=Privacystad", "/coalities/privacystad/", "/coalities/privacystad/werkagenda/"],
)
def test_public_pages_show_no_personal_data(client, coalition_with_people, url):
    _, forbidden = coalition_with_people
    body = client.get(url).content.decode()
    leaked = [value for value in forbidden if value and value in body]
    assert leaked == []


def test_coalition_page_leaves_out_ended_partnerships(client, coalition):
    CoalitionPartnerFactory(coalition=coalition, organisation__name="Lopende Partner")
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation__name="Gestopte Partner",
        until=TODAY - datetime.timedelta(days=1),
    )
    body = client.get(coalition.get_absolute_url()).content.decode()
    assert "Lopende Partner" in body
    assert "Gestopte Partner" not in body


def test_coalition_page_has_breadcrumbs_and_its_own_title(client, coalition):
    body = client.get(coalition.get_absolute_url()).content.decode()
    assert "<title>Delft test – Kansrijke Start</title>" in body
    assert 'aria-label="Kruimelpad"' in body
    assert '<li class="breadcrumb-item active" aria-current="page">Delft test</li>' in body


def test_pages_are_dutch_even_for_an_english_browser(client, db):
    response = client.get("/", {"province": "XX"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Selecteer een geldige keuze" in body


def test_login_page_shows_wrong_credentials_as_a_dutch_alert(client, db):
    UserFactory(username="iemand")
    response = client.post(reverse("login"), {"username": "iemand", "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'role="alert"[^>]*>\s*<p[^>]*>Voer een juiste gebruikersnaam', body)
    assert "<title>Fout bij inloggen – Kansrijke Start</title>" in body


def test_login_page_links_empty_field_errors_to_their_fields(client, db):
    body = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    for name in ("username", "password"):
        assert re.search(rf'aria-describedby="id_{name}_error"[^>]*id="id_{name}"', body)
        assert re.search(rf'id="id_{name}_error"[^>]*>.*?Dit veld is verplicht', body, re.S)


def test_every_page_has_a_skip_link_and_landmarks(client, coalition):
    for url in ("/", coalition.get_absolute_url(), reverse("login")):
        body = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in body
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            assert landmark in body, (url, landmark)


def test_no_demo_coalition_page_shows_personal_data(client, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    slugs = list(Coalition.objects.values_list("slug", flat=True))
    assert len(slugs) == 9
    for slug in slugs:
        body = client.get(f"/coalities/{slug}/").content.decode()
        leaked = [value for value in personal_data_of_demo(slug) if value in body]
        assert leaked == [], slug
    body = client.get("/").content.decode()
    assert [v for s in slugs for v in personal_data_of_demo(s) if v in body] == []


def test_a_missing_page_says_so_in_dutch_within_the_site_layout(client, db):
    response = client.get("/coalities/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Pagina niet gevonden – Kansrijke Start</title>" in body
    assert '<main id="main"' in body


def test_the_error_page_renders_without_a_request_context():
    from django.template import loader

    body = loader.get_template("500.html").render({})
    assert "Er ging iets mis" in body and '<html lang="nl">' in body
