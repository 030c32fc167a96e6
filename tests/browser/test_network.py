"""Delft's network in real Chromium: filter on a kind, the same relations in picture and
table, without JavaScript, axe clean, no sideways scrolling on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _open_page, axe_violations, screenshot
from tests.browser.journeys_support import demo, login  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_visitor_filters_delfts_network_on_referrals_and_reads_them_in_the_table(
    no_js_page,
    demo,  # noqa: F811
):
    page = no_js_page
    page.goto("/coalities/delft/netwerk/")
    expect(page.get_by_role("heading", name="Wie staat er nog alleen?")).to_be_visible()
    page.get_by_label("Soort relatie").select_option(label="verwijst naar")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url("/coalities/delft/netwerk/?soort=verwijst_naar")
    rows = page.locator("table.network-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.locator("td").nth(0)).to_have_text("verwijst naar brug")
    lines = page.locator("svg.network-svg line.network-edge")
    expect(lines).to_have_count(2)
    assert set(lines.evaluate_all("ls => ls.map(l => l.dataset.kind)")) == {"verwijst_naar"}
    assert "privacyfunctionarissen" not in page.content()  # an internal note
    screenshot(page, "netwerk-delft-verwijst")


def test_the_network_pages_are_axe_clean_and_fit_a_phone(browser, demo):  # noqa: F811
    context, page = _open_page(browser, demo, viewport={"width": 390, "height": 800})
    overflow = {}
    found = {}
    for path in ["/coalities/delft/netwerk/", "/coalities/delft/partners/"]:
        page.goto(path)
        overflow[path] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        found[path] = [v["id"] for v in axe_violations(page)]
    login(page, demo, "adviseur-delft")
    for path in ["/werkruimte/delft/relaties/", "/werkruimte/delft/netwerk/"]:
        page.goto(demo.url + path)
        overflow[path] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        found[path] = [v["id"] for v in axe_violations(page)]
    screenshot(page, "netwerk-telefoon")
    context.close()
    assert overflow == dict.fromkeys(overflow, 0)
    assert found == dict.fromkeys(found, [])
