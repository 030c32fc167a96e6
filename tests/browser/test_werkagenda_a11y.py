"""The werkagenda pages in a real browser: axe-core finds no accessibility violations."""

import pytest

from common.quarters import quarter_index
from tests.browser.conftest import axe_violations, login_as
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
