"""The API's interactive docs in real Chromium under the site's CSP: Swagger UI from our own
static files, no foreign request, no CSP violation, and "Try it out" answers."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_errors
from tests.factories import CoalitionFactory

pytestmark = [pytest.mark.browser]


def test_a_visitor_reads_the_api_docs_and_tries_the_coalition_list(page):
    CoalitionFactory(name="Coalitie Proefstad")
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="Kansrijke Start – open data")).to_be_visible()
    operation = page.locator("#operations-Openbaar-kansrijke_api_api_coalitions")
    operation.locator("button.opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_contain_text(
        "Coalitie Proefstad"
    )
    assert not page.blocked_requests
    assert not page_errors(page)
