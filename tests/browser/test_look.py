"""The Kansrijke Start theme in a real browser: its colours pass axe-core's contrast checks on
the public pages and in the admin (whose form fields all have a name), and keyboard focus is
visible on light and dark bars."""

import pytest

from tests.browser.conftest import axe_violations, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def focus_outline(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor];
        }"""
    )


def test_the_theme_passes_axe_on_public_pages_and_in_the_admin(page, coalition, superuser):
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        assert axe_violations(page) == [], f"/ at {width}"
        screenshot(page, f"look-home-{width}")
    login_as(page, superuser)
    page.set_viewport_size({"width": 1366, "height": 900})
    for path in [
        "/admin/",
        "/admin/coalitions/coalition/",
        "/admin/partners/organisation/add/",
        # Autocomplete boxes and tabular inline fields, named by static/js/admin-labels.js.
        f"/admin/coalitions/coalition/{coalition.pk}/change/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
    screenshot(page, "look-admin-add")
    # The Pharos overview (charts, a table of coalitions without a recent status) on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/pharos/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []


def test_keyboard_focus_is_visible_on_the_menu_bar_and_in_the_page(page, db):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the wordmark, on white
    style, width, _ = focus_outline(page)
    assert style == "solid" and width >= 2
    page.keyboard.press("Tab")  # the first link on the petrol menu bar: a yellow outline
    assert page.evaluate("document.activeElement.textContent.trim()") == "Alle coalities"
    style, width, colour = focus_outline(page)
    assert style == "solid" and width >= 2 and colour == "rgb(255, 209, 102)"
