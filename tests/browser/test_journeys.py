"""The four user journeys in real Chromium, each checked with axe-core and photographed.

Run by `make test` (Debian's chromium; see journeys_support.py). Screenshots of every final
page land in test-output/ (git-ignored).
"""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser import journeys_support as support
from tests.browser.journeys_support import (
    assert_accessible,
    login,
    new_context,
    personal_data_of_demo,
    screenshot,
)

# `page`, `no_js_page` and `browser` come from conftest.py; these two from journeys_support.py.
chromium = support.chromium
demo = support.demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def visible_text(page):
    return page.locator("body").inner_text()


def test_journey_4_anonymous_visitor_finds_delft_and_sees_no_personal_data(page, demo):
    page.goto(demo.url + "/")
    expect(page).to_have_title(re.compile("Coalities"))
    assert_accessible(page, demo)

    page.get_by_label("Gemeente").fill("Delft")
    page.get_by_role("button", name="Zoeken").click()
    results = page.get_by_role("region", name="Gevonden coalities")
    expect(results.get_by_role("rowheader")).to_have_count(1)
    results.get_by_role("link", name="Delft", exact=True).click()

    expect(page).to_have_url(demo.url + "/coalities/delft/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delft")
    expect(page.get_by_role("heading", name="Partnerorganisaties")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Reinier de Graaf ziekenhuis")).to_be_visible()

    html, text = page.content(), visible_text(page)
    leaked = [v for v in personal_data_of_demo("delft") if v in html or v in text]
    assert leaked == [], f"Persoonsgegevens op de publieke pagina: {leaked}"

    assert_accessible(page, demo)
    screenshot(page, "journey-4-publiek-delft")


def test_journey_3_pharos_opens_the_overview_and_downloads_the_half_year_report(page, demo):
    login(page, demo, "pharos")
    page.goto(demo.url + "/admin/")
    page.get_by_role("link", name="Overzicht van alle coalities").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Uitvoering")
    assert_accessible(page, demo)
    screenshot(page, "journey-3-pharos-overzicht")

    page.goto(demo.url + "/admin/")
    page.get_by_role("link", name="Halfjaarlijkse voortgangsrapportage").click()
    for name in ("Delft", "Regio Alkmaar", "Utrecht"):
        expect(page.get_by_role("main")).to_contain_text(name)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("voortgangsrapportage-")
    assert download.suggested_filename.endswith(".xlsx")
    support.OUTPUT_DIR.mkdir(exist_ok=True)
    saved = support.OUTPUT_DIR / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    coalitions = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Delft", "Regio Alkmaar", "Utrecht"} <= coalitions
    assert_accessible(page, demo)
    screenshot(page, "journey-3-pharos-voortgangsrapportage")


def test_journey_1_adviser_moves_delft_to_the_next_phase_and_sees_it_public(page, demo):
    login(page, demo, "adviseur-delft")
    expect(page).to_have_url(demo.url + "/werkruimte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkruimte")
    expect(page.get_by_role("button", name=re.compile("Uitloggen"))).to_be_visible()
    assert_accessible(page, demo)

    page.get_by_role("main").get_by_role("link", name="Delft", exact=True).click()
    expect(page).to_have_url(demo.url + "/werkruimte/delft/")
    page.get_by_role("navigation", name="Onderdelen van de werkruimte").get_by_role(
        "link", name="Status"
    ).click()
    expect(page).to_have_url(demo.url + "/werkruimte/delft/status/")
    expect(page.get_by_text("Huidige fase: Uitvoering.")).to_be_visible()

    summary = "De aanpak hoort nu bij het gewone werk van alle partners; ook na 2027 betaald."
    page.get_by_label("Fase").select_option(label="Borging")
    page.get_by_role("button", name="Statusupdate opslaan").click()
    # A phase change without a summary is refused, with the error at the field.
    expect(page.get_by_label("Samenvatting")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_summary_error")).to_contain_text("licht dat toe in de samenvatting")
    assert_accessible(page, demo)

    page.get_by_label("Fase").select_option(label="Borging")
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_role("button", name="Statusupdate opslaan").click()

    expect(page).to_have_url(demo.url + "/werkruimte/delft/status/")
    expect(page.get_by_role("status")).to_contain_text("De statusupdate is opgeslagen.")
    expect(page.get_by_text("Huidige fase: Borging.")).to_be_visible()
    newest = page.locator("ol.timeline > li").first
    expect(newest.get_by_role("heading")).to_contain_text("Borging")
    expect(newest).to_contain_text(summary)
    expect(newest).to_contain_text("Door ")
    assert_accessible(page, demo)
    screenshot(page, "journey-1-adviseur-statusupdate")

    page.goto(demo.url + "/coalities/delft/")
    expect(page.locator(".phase-badge")).to_have_text("Borging")
    last_phase = page.locator("table.phase-table tbody tr").last
    expect(last_phase.locator("td").nth(1)).to_have_text("Borging")
    expect(page.get_by_role("main")).not_to_contain_text(summary)
    assert_accessible(page, demo)
    screenshot(page, "journey-1-publiek-delft-nieuwe-fase")


def test_journey_2_member_filters_the_partner_map_on_social_and_sees_a_contact(page, demo):
    login(page, demo, "lid-delft")
    expect(page).to_have_url(demo.url + "/werkruimte/")
    expect(page.get_by_role("main")).to_contain_text("Delft")

    page.goto(demo.url + "/coalities/delft/partners/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delft")
    page.get_by_label("Domein", exact=True).select_option(label="Sociaal")
    page.get_by_role("button", name="Filteren").click()

    expect(page).to_have_url(re.compile(r"domain=sociaal"))
    partners = page.get_by_role("region", name="Partners per domein")
    cards = partners.locator("article.partner-card")
    expect(cards.get_by_role("heading")).to_have_text(["Delft Support", "Delft voor Elkaar"])
    expect(partners.get_by_role("heading", level=3)).to_have_text(re.compile(r"^Sociaal"))
    elkaar = cards.filter(has=page.get_by_role("heading", name="Delft voor Elkaar"))
    expect(elkaar).to_contain_text("Karima Nauta, Maatschappelijk werker")
    expect(elkaar.get_by_role("link", name="k.nauta@delftvoorelkaar.example")).to_have_attribute(
        "href", "mailto:k.nauta@delftvoorelkaar.example"
    )

    assert_accessible(page, demo)
    screenshot(page, "journey-2-lid-partnerkaart-sociaal")


WORKSPACE_PAGES = [
    "/werkruimte/",
    "/werkruimte/delft/",
    "/werkruimte/delft/status/",
    "/werkruimte/delft/gegevens/",
    "/werkruimte/delft/partners/",
    "/werkruimte/delft/doelen/",
    "/werkruimte/delft/geschiedenis/",
    "/werkruimte/delft/werkagenda/",
    "/werkruimte/delft/afspraken/",
    "/coalities/delft/partners/",
    "/coalities/delft/werkagenda/",
]


def test_workspace_pages_have_no_serious_accessibility_violations_for_an_editor(page, demo):
    login(page, demo, "adviseur-delft")
    failures = []
    for path in WORKSPACE_PAGES:
        page.goto(demo.url + path)
        assert page.url == demo.url + path, f"{path} sent the editor to {page.url}"
        try:
            assert_accessible(page, demo)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


PUBLIC_PAGES = [
    "/",
    "/?q=zzz",
    "/?province=XX",
    "/coalities/delft/",
    "/coalities/regio-alkmaar/",
    "/coalities/bestaat-niet/",
    "/accounts/login/",
]


def test_public_pages_have_no_serious_accessibility_violations(page, demo):
    # One test for all pages: loading the demo data per page would cost more than the checks.
    failures = []
    for path in PUBLIC_PAGES:
        page.goto(demo.url + path)
        try:
            assert_accessible(page, demo)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def test_axe_check_does_catch_a_serious_violation(page, demo):
    page.goto(demo.url + "/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=naamloos>')"
    )
    violations = support.axe_violations(page, demo)
    assert any(
        v["id"] == "label" and any("#naamloos" in n["target"] for n in v["nodes"])
        for v in violations
    )


def test_login_page_with_errors_has_no_serious_accessibility_violations(page, demo):
    page.goto(demo.url + "/accounts/login/")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_username_error")).to_contain_text("Dit veld is verplicht")
    assert_accessible(page, demo)

    login(page, demo, "adviseur-delft", password="verkeerd")
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam")
    assert_accessible(page, demo)
    screenshot(page, "inloggen-fout")


def test_pages_are_readable_without_javascript(no_js_page, demo):
    for path, heading in [
        ("/", "Lokale coalities Kansrijke Start"),
        ("/coalities/delft/", "Delft"),
        ("/accounts/login/", "Inloggen"),
    ]:
        no_js_page.goto(demo.url + path)
        expect(no_js_page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(no_js_page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
        expect(no_js_page.get_by_role("main")).to_be_visible()
        expect(no_js_page.get_by_role("contentinfo")).to_be_visible()
    no_js_page.goto(demo.url + "/coalities/delft/")
    expect(no_js_page.get_by_role("rowheader", name="Reinier de Graaf ziekenhuis")).to_be_visible()
    screenshot(no_js_page, "zonder-javascript-delft")


def test_search_works_without_javascript(no_js_page, demo):
    no_js_page.goto(demo.url + "/")
    no_js_page.get_by_label("Provincie").select_option(label="Noord-Holland")
    no_js_page.get_by_role("button", name="Zoeken").click()
    expect(no_js_page).to_have_url(re.compile(r"province=NH"))
    rows = no_js_page.get_by_role("region", name="Gevonden coalities").get_by_role("rowheader")
    expect(rows).to_have_text(["Regio Alkmaar", "Zaanstad"])


def test_skip_link_appears_on_first_tab_and_moves_focus_to_the_content(page, demo):
    page.goto(demo.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_pages_fit_a_small_phone_screen_without_sideways_scrolling(chromium, demo):
    context = new_context(chromium, viewport={"width": 360, "height": 740})
    phone = context.new_page()
    overflow = {}

    def measure(paths):
        for path in paths:
            phone.goto(demo.url + path)
            overflow[path] = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )

    # Wide tables scroll in their own region; long Dutch words in headings wrap.
    measure(["/", "/coalities/delft/", "/coalities/utrecht/werkagenda/", "/accounts/login/"])
    screenshot(phone, "telefoon-inloggen")
    login(phone, demo, "adviseur-delft")
    measure(
        [
            "/werkruimte/",
            "/werkruimte/delft/partners/",
            "/werkruimte/delft/denkraam/",
            "/werkruimte/delft/doelen/",
            "/werkruimte/delft/afspraken/",
        ]
    )
    phone.get_by_role("link", name="Samenwerkingsovereenkomst").first.click()
    measure([phone.url.removeprefix(demo.url)])
    context.close()
    assert overflow == dict.fromkeys(overflow, 0)
