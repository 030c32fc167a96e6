"""Issue 18's journey in real Chromium (Dutch locale): an editor logs in through the form,
records a result on a werkagenda item (a Dutch decimal "12,5" as its figure), publishes the
item, logs out, and finds it on Leren van elkaar (/leren/) by a stemmed word of the result,
with a link to the coalition; /leren/ has no serious axe violations and fits a 390 px phone."""

from decimal import Decimal

import pytest

from experiments.models import Result, WorkItem
from tests.browser.conftest import axe_violations, login_with_form, page_errors
from tests.factories import WorkItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Huisbezoeken in de zwangerschap"
OUTCOME = "De verloskundigen bezochten veertig gezinnen thuis, samen met het wijkteam."


def search_learning(page, words):
    """Open Leren van elkaar from the menu and search for `words`, as a visitor would."""
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Leren van elkaar"
    ).click()
    page.get_by_label("Zoekwoorden").fill(words)
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()


def test_editor_records_a_result_publishes_the_item_and_finds_it_on_leren_logged_out(
    page, browser, live_server, coalition, editor
):
    item = WorkItemFactory(coalition=coalition, title=TITLE, published=False)
    hit = page.get_by_role("heading", name=TITLE)

    login_with_form(page, "editor-a", "correct-horse-battery")
    page.goto(f"/werkruimte/{coalition.slug}/werkagenda/")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()

    page.get_by_role("link", name="Resultaat vastleggen").click()
    page.get_by_label("Opbrengst").fill(OUTCOME)
    page.get_by_label("Cijfer", exact=True).fill("12,5")
    page.get_by_label("Waar het cijfer over gaat").fill("bezoeken per week")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het resultaat is opgeslagen.").wait_for()
    result = Result.objects.get(work_item=item)
    assert result.figure == Decimal("12.5")  # not 125: the Dutch comma is a decimal comma
    assert page.get_by_text("12,5 bezoeken per week").is_visible()

    # Not yet published: an anonymous visitor (own cookies) does not find it.
    anonymous = browser.new_context(base_url=live_server.url, locale="nl-NL")
    try:
        visitor = anonymous.new_page()
        search_learning(visitor, "verloskundige")
        assert visitor.get_by_role("heading", name=TITLE).count() == 0
    finally:
        anonymous.close()

    page.get_by_role("link", name="Bewerken", exact=True).click()
    page.get_by_label("Gepubliceerd").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(f"‘{TITLE}’ is opgeslagen.").wait_for()
    assert WorkItem.objects.get(pk=item.pk).published

    page.get_by_role("button", name="Uitloggen (editor-a)").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Inloggen").first.wait_for()

    # "verloskundige" finds "verloskundigen" of the result: Dutch stemming.
    search_learning(page, "verloskundige")
    hit.wait_for()
    article = page.get_by_role("article").filter(has=hit)
    assert OUTCOME in article.inner_text()
    coalition_link = article.get_by_role("link", name=coalition.name)
    assert coalition_link.get_attribute("href") == coalition.get_absolute_url()

    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    hit.wait_for()
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    ), "Leren van elkaar scrolt zijwaarts op een telefoon van 390 px"

    # The hit leads to the coalition's public werkagenda, figure written the Dutch way.
    hit.get_by_role("link").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_text("12,5 bezoeken per week").is_visible()
    assert page.url.endswith(f"/coalities/{coalition.slug}/werkagenda/")
    assert page_errors(page) == []
