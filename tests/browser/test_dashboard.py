"""The workspace overview (dashboard) and the public coalition page in Chromium at 1366 and
390 px: no sideways scroll, no serious axe-core violation, cards stacked on a phone, and an
editor marks Pharos' feedback read."""

import pytest
from django.utils import timezone

from common.quarters import quarter_of
from pijlers.models import MaturityLevel, Pillar
from tests.browser.conftest import axe_violations, login_as, page_errors, screenshot
from tests.factories import (
    AssessmentFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    FeedbackFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1366, 390)


def fill(coalition, pharos_author):
    coalition.ambition = "Elk kind in Delft een kansrijke start, samen met ouders."
    coalition.save()
    partners = [
        CoalitionPartnerFactory(coalition=coalition, organisation__category=category)
        for category in ("verloskundigen", "kraamzorg", "jgz", "wijkteam", "welzijn")
    ]
    StatusUpdateFactory(coalition=coalition, summary="Plan van aanpak vastgesteld.")
    now = quarter_of(timezone.localdate())
    item = WorkItemFactory(
        coalition=coalition,
        title="Prenatale huisbezoeken door de wijkverpleging in Delft-Noord",
        lead_partner=partners[0],
        start_quarter=now - 1,
        end_quarter=None,
    )
    BottleneckFactory(
        work_item=item, description="Er is geen ruimte om gegevens tussen partners te delen."
    )
    AssessmentFactory(
        coalition=coalition, pillar=Pillar.objects.get(number=1), level=MaturityLevel.INGERICHT
    )
    return FeedbackFactory(
        coalition=coalition, author=pharos_author, text="Betrek ook het sociaal wijkteam."
    )


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_dashboard_and_public_page_fit_both_widths(live_server, page, coalition, editor, pharos):
    feedback = fill(coalition, pharos)
    login_as(page, editor)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in (
            ("dashboard", f"/werkruimte/{coalition.slug}/"),
            ("public-coalition", f"/coalities/{coalition.slug}/"),
        ):
            page.goto(live_server.url + path)
            screenshot(page, f"{name}-{width}")
            assert not scrolls_sideways(page), (name, width)
            assert axe_violations(page) == [], (name, width)
        page.goto(live_server.url + f"/werkruimte/{coalition.slug}/")
        cards = page.locator(".dashboard-cards > .col")
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        if width == 390:
            assert second["y"] >= first["y"] + first["height"] - 1  # stacked
        else:
            assert second["y"] == first["y"]  # side by side
    assert page_errors(page) == []

    page.get_by_role("button", name="Markeren als gelezen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De feedback is als gelezen gemarkeerd.").is_visible()
    feedback.refresh_from_db()
    assert feedback.read_by == editor


def test_contents_link_jumps_to_its_section(live_server, page, coalition, pharos):
    fill(coalition, pharos)
    page.goto(live_server.url + f"/coalities/{coalition.slug}/")
    page.get_by_role("navigation", name="Op deze pagina").get_by_role(
        "link", name="Werkagenda"
    ).click()
    assert page.url.endswith("#werkagenda-heading")
    assert page.locator("#werkagenda-heading").is_visible()
