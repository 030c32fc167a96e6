"""Shared Playwright fixtures for browser tests (mark them `@pytest.mark.browser`).

Debian's chromium (`/usr/bin/chromium`, `make browser` installs it) drives real pages against
pytest-django's `live_server`; Playwright never downloads a browser. Fixtures and helpers:

- `browser`: one headless chromium for the whole session;
- `page`: a fresh context (own cookies, Dutch locale) whose relative URLs go to the live
  server; it records console errors and uncaught page errors (`page_errors(page)`), and
  aborts every request that leaves the live server, so tests never depend on the internet;
- `no_js_page`: the same with JavaScript switched off;
- `login_as(page, user)`: logs a user in through a session cookie (fast);
  `login_with_form(page, username, password)` goes through the login page instead;
- `screenshot(page, name)`: saves `test-output/<name>.png` (git-ignored).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is on purpose (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT_DIR = Path(settings.BASE_DIR) / "test-output"
# Browser messages that are not JavaScript errors: requests this fixture itself aborted.
IGNORED_CONSOLE_PREFIXES = ("Failed to load resource",)


_flushed_by_live_server = False


@pytest.fixture(scope="session", autouse=True)
def _database_as_migrated_after_the_session(django_db_setup, django_db_blocker):
    """Leave the reused test database with the rows data migrations made (gemeenten etc.).

    Live-server tests are transactional: Django empties every table after each of them. The
    fixture below restores the migrated rows *before* each browser test; this one restores
    them after the last, so the next `--reuse-db` run does not start from an empty database.
    """
    yield
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if _flushed_by_live_server and contents:
        from django.core.management import call_command

        from tests.factories import drop_dead_connection

        with django_db_blocker.unblock():
            drop_dead_connection()
            # The last flush may have run post_migrate handlers: start from empty tables.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(contents)
            # Rows came back with their ids; new rows must not collide with them.
            from django.apps import apps
            from django.core.management.color import no_style

            statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


@pytest.fixture(autouse=True)
def _migrated_rows_for_each_test(django_db_serialized_rollback, live_server):
    """Every browser test starts with the data migrations' rows (serialized rollback).

    The serialized rows are those of the reused database when the session began; a run
    before it that ended with a flush (a transactional test) left the reference data out of
    them, so it is put back here too (idempotent).
    """
    global _flushed_by_live_server
    _flushed_by_live_server = True
    from tests.factories import load_reference_data

    load_reference_data()
    yield


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole test session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: draai `make browser`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


def _open_page(browser, live_server, **context_options):
    options = {
        "base_url": live_server.url,
        "locale": "nl-NL",
        "viewport": {"width": 1280, "height": 900},
        **context_options,
    }
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.live_server_url = live_server.url
    page.console_errors = []
    page.uncaught_errors = []
    page.blocked_requests = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith(IGNORED_CONSOLE_PREFIXES):
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.uncaught_errors.append(str(error)))

    own_host = urlsplit(live_server.url).netloc

    def keep_local(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            page.blocked_requests.append(route.request.url)
            route.abort()

    # Registered first, so a test's own page.route() for a host takes precedence.
    page.route("**/*", keep_local)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A browser tab on the live server that records JavaScript errors."""
    context, tab = _open_page(browser, live_server)
    yield tab
    context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A browser tab with JavaScript switched off."""
    context, tab = _open_page(browser, live_server, java_script_enabled=False)
    yield tab
    context.close()


def page_errors(page) -> list[str]:
    """Uncaught exceptions and console errors (CSP violations included) seen so far."""
    return [*page.uncaught_errors, *page.console_errors]


def login_as(page, user):
    """Log `user` in for this page's browser context, without going through the form."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.live_server_url,
            }
        ]
    )


def login_with_form(page, username, password):
    """Log in through the login page, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def screenshot(page, name) -> Path:
    """Save a full-page screenshot as test-output/<name>.png and return its path."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (served from our own /static/, so the CSP stays on) on the current page.

    Returns the violations of the given impacts as {id, impact, help, targets}.
    """
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    # Only the violations in full: axe then skips the details of what passed (2-3x faster).
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]
