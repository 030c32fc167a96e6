"""The denkraam pages in a real browser: axe-core finds no WCAG 2.1 A/AA violations, the
charts are SVG, and the content security policy blocks nothing.

Chromium's requests are answered from Django's test client (Playwright's request routing), so
the test runs inside the ordinary test transaction: no live server, and no flush that would
wipe the rows the data migrations wrote (gemeenten, pillars) for later runs with --reuse-db.
"""

import os
import shutil

import pytest

from coalitions.models import CoalitionRole
from pijlers.models import Indicator, Pillar
from tests.factories import (
    AssessmentFactory,
    CoalitionPartnerFactory,
    MeasurementFactory,
    NeededExpertiseFactory,
    OfferingFactory,
    UserFactory,
    ensure_pijlers_reference_data,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]
# Playwright's sync API runs an event loop in this thread; the ORM must still work here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE = "http://testserver"
AXE = """async () => {
  const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
  return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
}"""


@pytest.fixture
def denkraam(coalition):
    ensure_pijlers_reference_data()
    editor = UserFactory(username="browser-editor")
    CoalitionRole.objects.create(user=editor, coalition=coalition, role="editor")
    for pillar in Pillar.objects.filter(number__lte=3):
        AssessmentFactory(coalition=coalition, pillar=pillar, level="verkennend")
        AssessmentFactory(coalition=coalition, pillar=pillar, level="ingericht")
    indicator = Indicator.objects.get(code="vroeggeboorte")
    for period, value in [("2019", "7.1"), ("2020", "6.4")]:
        MeasurementFactory(
            gemeente=coalition.gemeenten.get(), indicator=indicator, period=period, value=value
        )
        MeasurementFactory(gemeente=None, indicator=indicator, period=period, value="7.0")
    partner = CoalitionPartnerFactory(coalition=coalition)
    OfferingFactory(partner=partner)
    NeededExpertiseFactory(coalition=coalition, name="GGZ").covered_by.add(partner)
    NeededExpertiseFactory(coalition=coalition, name="Multiproblematiek")
    return editor


class Responder:
    """Answers Chromium's requests: pages from the Django response rendered just before (in the
    test's own database transaction), static files straight from the staticfiles finders.

    Route handlers run in another greenlet, which Django treats as another context with its
    own database connection, so they must not run views themselves.
    """

    def __init__(self, pages: dict):
        self.pages = pages

    def __call__(self, route):
        from django.contrib.staticfiles import finders

        url = route.request.url.removeprefix(BASE)
        path = url.split("?")[0]
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if found:
                route.fulfill(path=found)
            else:
                route.fulfill(status=404)
            return
        response = self.pages[url]
        route.fulfill(
            status=response.status_code, headers=dict(response.items()), body=response.content
        )


def test_denkraam_pages_pass_axe_and_break_no_content_security_policy(
    client, denkraam, coalition, browser
):
    client.force_login(denkraam)
    paths = [
        "",
        "pijler/1/",
        "pijler/1/beoordelen/",
        "voortgang/?van=2020-01-01&tot=2030-01-01",
        "monitoring/",
        "monitoring/importeren/",
        "monitoring/cijfers/",
        "palet/",
        "palet/nieuw/",
        "expertise/",
    ]
    # Rendered before Playwright starts: inside it, Django would open a connection of its own.
    pages = {}
    for path in paths:
        url = f"/werkruimte/{coalition.slug}/denkraam/{path}"
        pages[url] = client.get(url, headers={"accept-language": "nl"})
        assert pages[url].status_code == 200, url
    responder = Responder(pages)
    # The session's one browser (tests/browser/conftest.py): a second Playwright in the same
    # process fails once the first has started ("Sync API inside the asyncio loop").
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        page.route(f"{BASE}/**", responder)
        console = []
        page.on("console", lambda m: console.append(m.text))
        for url in pages:
            page.goto(BASE + url)
            page.add_script_tag(url=f"{BASE}/static/vendor/axe-core/axe.min.js")
            assert page.evaluate(AXE) == [], url
        page.goto(f"{BASE}/werkruimte/{coalition.slug}/denkraam/")
        assert page.locator("svg[role=img] rect").count() == 6  # 3 pillars × previous, current
        assert page.locator("svg[role=img] polyline").count() == 2  # gemeente and national
    finally:
        context.close()
    assert [m for m in console if "Content Security Policy" in m] == []
