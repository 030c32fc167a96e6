"""The werkagenda pages in a real browser: axe-core finds no accessibility violations."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from experiments.models import quarter_index
from tests.factories import (
    AgreementFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    SignatoryFactory,
    ThemeFactory,
    WorkItemFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # bypass_csp only to inject axe itself; the pages' own CSP is tested elsewhere.
        page = browser.new_page(bypass_csp=True)
        yield page
        browser.close()


def axe_violations(page):
    axe = (Path(settings.BASE_DIR) / "static/vendor/axe-core/axe.min.js").read_text()
    page.add_script_tag(content=axe)
    return page.evaluate(
        "async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes[0].target)"
    )


def test_werkagenda_pages_have_no_axe_violations(live_server, browser_page, coalition, member):
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
    member.set_password("correct-horse-battery-staple")
    member.save()
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", "correct-horse-battery-staple")
    page.click("button[type=submit]")
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
