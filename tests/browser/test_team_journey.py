"""The team journey of issue 21 in real Chromium: adviseur-delft invites an address, the mail
arrives at a real SMTP server, the link sets a password, the new member sees Delft's partner
map with contact people; a revoked second invitation's link fails."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import journeys_support as support
from tests.browser.journeys_support import assert_accessible, login, new_context, screenshot

chromium = support.chromium
demo = support.demo

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-eigen-lang-wachtwoord"


def invitation_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"(http://\S+/uitnodiging/\S+/)", text).group(1)


def invite(page, email):
    page.get_by_label("E-mailadres").fill(email)
    page.locator("#id_invite-role").select_option(label="Coalitielid (inzien)")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text(f"verstuurd naar {email}")


def test_adviser_invites_a_member_who_sets_a_password_and_sees_the_partner_map(
    page, demo, chromium, mailbox
):
    login(page, demo, "adviseur-delft")
    page.goto(demo.url + "/werkruimte/delft/")
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    invite(page, "nieuw.lid@example.org")
    invite(page, "tweede@example.org")
    assert [m["To"] for m in mailbox] == ["nieuw.lid@example.org", "tweede@example.org"]
    assert_accessible(page, demo)
    screenshot(page, "team-uitnodigingen")
    second = page.get_by_role("row").filter(has_text="tweede@example.org")
    second.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_role("status")).to_contain_text("ingetrokken")

    newcomer = new_context(chromium, base_url=demo.url).new_page()
    newcomer.goto(invitation_link(mailbox[0]))
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Uitnodiging")
    newcomer.get_by_label("Voornaam").fill("Nina")
    newcomer.get_by_label("Achternaam").fill("Nieuw")
    newcomer.locator("#id_password1").fill(PASSWORD)
    newcomer.locator("#id_password2").fill(PASSWORD)
    newcomer.get_by_role("button", name="Account aanmaken").click()
    expect(newcomer).to_have_url(demo.url + "/werkruimte/delft/")
    expect(newcomer.get_by_role("status")).to_contain_text("Welkom bij")
    newcomer.goto(demo.url + "/coalities/delft/partners/")
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Delft")
    expect(newcomer.get_by_role("main")).to_contain_text("Karima Nauta")
    screenshot(newcomer, "team-nieuw-lid-partnerkaart")

    revoked = new_context(chromium, base_url=demo.url).new_page()
    revoked.goto(invitation_link(mailbox[1]))
    expect(revoked.get_by_role("alert")).to_contain_text("ingetrokken")


def test_team_account_and_notification_pages_fit_a_phone(page, demo):
    login(page, demo, "adviseur-delft")
    page.set_viewport_size({"width": 390, "height": 800})
    overflow = {}
    for path in [
        "/werkruimte/delft/team/",
        "/accounts/",
        "/meldingen/",
        "/accounts/password_reset/",
    ]:
        page.goto(demo.url + path)
        overflow[path] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    screenshot(page, "telefoon-wachtwoord-vergeten")
    assert overflow == dict.fromkeys(overflow, 0)
