"""Playwright fixtures and helpers for the journeys (tests/browser/test_journeys.py).

Chromium is Debian's (/usr/bin/chromium, `make browser` installs it); Playwright never
downloads a browser. axe-core comes from our own /static/, so the Content-Security-Policy
stays on during the checks.
"""

import json
import os

import pytest
from django.core.management import call_command

# The browser, output folder and screenshots are the conftest's: one definition for all tests.
from tests.browser.conftest import OUTPUT_DIR, screenshot  # noqa: F401
from tests.factories import load_reference_data, personal_data_of_demo  # noqa: F401

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is on purpose (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_URL = "/static/vendor/axe-core/axe.min.js"
DEMO_PASSWORD = "kansrijk-demo"
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def chromium(browser):
    """The session's one chromium (tests/browser/conftest.py starts it)."""
    return browser


def new_context(chromium, **options):
    """A fresh browser context (own cookies) in Dutch, as our users' browsers would be."""
    options = {"locale": "nl-NL", "viewport": {"width": 1280, "height": 900}, **options}
    return chromium.new_context(**options)


@pytest.fixture
def demo(live_server, settings):
    """The demo data (fixtures/demo.json) in the live server's database."""
    load_reference_data()  # the flush after an earlier live-server test removed the gemeenten
    settings.DEBUG = True  # load_demo refuses to run outside DEBUG
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    return live_server


def login(page, live_server, username, password=DEMO_PASSWORD):
    """Log in through the login form, as a user would."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def axe_violations(page, live_server):
    """axe-core's serious and critical violations on the current page (WCAG 2.1 A/AA rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=live_server.url + AXE_URL)
    results = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'best-practice']},
        })"""
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def format_violations(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page, live_server):
    """Fail with a readable list when axe finds a serious or critical violation."""
    violations = axe_violations(page, live_server)
    report = format_violations(violations)
    if violations:
        print(f"axe-core on {page.url}:\n{report}")  # noqa: T201 - shown by pytest on failure
    assert not violations, f"axe-core on {page.url}:\n{report}"
