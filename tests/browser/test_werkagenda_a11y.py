"""The werkagenda pages in a real browser: axe-core finds no accessibility violations, and the
year-by-year timeline works without JavaScript and fits a 390 px phone."""

import pytest

from common.quarters import quarter_index
from tests.browser.conftest import axe_violations, login_as, screenshot
from tests.factories import (
    AgreementFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    SignatoryFactory,
    ThemeFactory,
    WorkItemFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_werkagenda_pages_have_no_axe_violations(live_server, page, coalition, member):
    theme = ThemeFactory(coalition=coalition, name="Stress en perspectief")
    partner = CoalitionPartnerFactory(coalition=coalition)
    item = WorkItemFactory(
        coalition=coalition,
        themes=[theme],
        lead_partner=partner,
        start_quarter=quarter_index(2019, 4),
        end_quarter=None,
    )
    BottleneckFactory(work_item=item)
    SignatoryFactory(agreement=AgreementFactory(coalition=coalition), partner=partner)
    login_as(page, member)
    for path in [
        f"/werkruimte/{coalition.slug}/werkagenda/",
        f"/werkruimte/{coalition.slug}/werkagenda/{item.pk}/",
        f"/werkruimte/{coalition.slug}/werkagenda/knelpunten/",
        f"/werkruimte/{coalition.slug}/afspraken/",
        f"/coalities/{coalition.slug}/werkagenda/",
    ]:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path  # logged in, not sent to the login page
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path


def sideways(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_werkagenda_steps_through_the_years_without_javascript_and_fits_390_px(
    live_server, no_js_page, coalition, member
):
    page = no_js_page
    theme = ThemeFactory(coalition=coalition, name="Eerste 1000 dagen")
    for year in range(2016, 2027, 2):
        WorkItemFactory(
            coalition=coalition,
            themes=[theme],
            title=f"Warme overdracht verloskundige naar jeugdgezondheidszorg {year}",
            start_quarter=quarter_index(year, 3),
            end_quarter=quarter_index(year + 1, 2),
        )
    login_as(page, member)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in [
        f"/werkruimte/{coalition.slug}/werkagenda/?jaar=2018",
        f"/coalities/{coalition.slug}/werkagenda/?jaar=2018",
    ]:
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name="Werkagenda 2018").is_visible()
        assert sideways(page) <= 0, f"{path} scrolt zijwaarts op een telefoon van 390 px"
        page.get_by_role("link", name="volgend jaar met onderdelen (2019)").click()
        assert page.url.endswith("jaar=2019")
        assert page.get_by_role("heading", name="Werkagenda 2019").is_visible()
        page.get_by_role("navigation").get_by_role("link", name="2022", exact=True).click()
        # A click returns once the next page is committed, not loaded: measure the page with
        # its stylesheets (a cached page arrives fast enough to be measured half-styled).
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="Werkagenda 2022").is_visible()
        assert sideways(page) <= 0, path
    screenshot(page, "werkagenda-jaar-390")
