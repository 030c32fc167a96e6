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
    sheet = openpyxl.load_workbook(download.path()).active
    coalitions = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Delft", "Regio Alkmaar", "Utrecht"} <= coalitions
    assert_accessible(page, demo)
    screenshot(page, "journey-3-pharos-voortgangsrapportage")


def test_journey_1_adviser_logs_in_and_lands_in_the_workspace(page, demo):
    login(page, demo, "adviseur-delft")
    expect(page).to_have_url(demo.url + "/werkruimte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkruimte")
    expect(page.get_by_role("main")).to_contain_text("Delft")
    expect(page.get_by_role("button", name=re.compile("Uitloggen"))).to_be_visible()
    # TODO(after merge with branch workspace): the rest of journey 1 --
    #   page.goto(demo.url + "/werkruimte/delft/")
    #   fill the status update form: date, phase = "Ambitie en plan" (the phase after
    #   Delft's "Vorming"), summary; submit; expect the Dutch success message, the new entry
    #   on the timeline, then page.goto("/coalities/delft/") and expect phase "Ambitie en plan"
    #   in the public phase history (and still no summary text there).
    assert_accessible(page, demo)
    screenshot(page, "journey-1-adviseur-werkruimte")


def test_journey_2_member_logs_in_and_sees_delft(page, demo):
    login(page, demo, "lid-delft")
    expect(page).to_have_url(demo.url + "/werkruimte/")
    expect(page.get_by_role("main")).to_contain_text("Delft")
    # TODO(after merge with branch partnermap): the rest of journey 2 --
    #   page.goto(demo.url + "/coalities/delft/partners/")
    #   choose domain "Sociaal" in the filter, submit; expect only social partners
    #   (e.g. "Delft voor Elkaar") and a contact person's name and e-mail among them;
    #   then assert_accessible on the partner map.
    assert_accessible(page, demo)
    screenshot(page, "journey-2-lid-werkruimte")


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


def test_workspace_has_no_serious_accessibility_violations(page, demo):
    login(page, demo, "adviseur-delft")
    page.goto(demo.url + "/werkruimte/")
    assert_accessible(page, demo)


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
    for path in ["/", "/coalities/delft/", "/accounts/login/"]:
        phone.goto(demo.url + path)
        overflow[path] = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    screenshot(phone, "telefoon-inloggen")
    context.close()
    assert overflow == dict.fromkeys(overflow, 0)
