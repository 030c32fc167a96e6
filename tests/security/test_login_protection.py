"""Login protection: lock-out, strong passwords, sessions, CSRF, headers."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kansrijke.models import AuditAction, AuditLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def axes_on(settings):
    """Axes is off in tests (client.login() cannot pass a request); these tests need it."""
    from axes.utils import reset

    settings.AXES_ENABLED = True
    reset()
    yield
    reset()


def post_login(client, username, password, url="login"):
    return client.post(reverse(url), {"username": username, "password": password})


def test_twenty_wrong_passwords_lock_the_account_with_a_dutch_message(axes_on, client, editor):
    statuses = [post_login(client, "editor-a", f"geraden-{i}").status_code for i in range(20)]
    # The first attempts show the login form again; from the limit on the lock-out page.
    assert statuses[:4] == [200] * 4
    assert set(statuses[5:]) == {429}
    response = post_login(client, "editor-a", PASSWORD)
    assert response.status_code == 429, "the right password must not get in while locked"
    html = response.content.decode()
    assert "Tijdelijk geblokkeerd" in html
    assert "te vaak een verkeerd wachtwoord" in html
    assert SESSION_KEY not in client.session
    assert AuditLogEntry.objects.filter(action=AuditAction.LOCKOUT, username="editor-a").exists()


def test_lock_out_also_guards_the_admin_login(axes_on, client, superuser):
    for i in range(6):
        response = post_login(client, "admin-test", f"fout-{i}", url="admin:login")
    assert response.status_code == 429
    assert post_login(client, "admin-test", PASSWORD, url="admin:login").status_code == 429


def test_lock_out_of_one_user_does_not_lock_out_a_colleague(axes_on, client, editor, member):
    for i in range(6):
        post_login(client, "editor-a", f"fout-{i}")
    response = post_login(client, "member-a", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)


def test_a_few_typos_then_the_right_password_logs_in(axes_on, client, editor):
    for i in range(3):
        assert post_login(client, "editor-a", f"typo-{i}").status_code == 200
    response = post_login(client, "editor-a", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_wrong_password_shows_a_dutch_error(client, editor):
    response = post_login(client, "editor-a", "niet-goed-genoeg")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort-1", "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."),
        ("123456789012345", "Dit wachtwoord bevat alleen cijfers"),
        ("password1234", "Dit wachtwoord is te algemeen"),
    ],
)
def test_weak_passwords_are_refused_in_dutch(client, editor, password, message):
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_changing_the_password_logs_out_other_sessions_but_keeps_this_one(editor):
    laptop, phone = Client(), Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    assert phone.get(reverse("coalitions:workspace")).status_code == 200
    new = "een-heel-lang-nieuw-wachtwoord"
    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert laptop.get(reverse("coalitions:workspace")).status_code == 200
    response = phone.get(reverse("coalitions:workspace"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_sessions_expire_after_eight_hours_and_with_the_browser(settings, client, editor):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client.force_login(editor)
    session = Session.objects.get(session_key=client.session.session_key)
    assert (
        session.expire_date - session.expire_date.now(session.expire_date.tzinfo)
    ).total_seconds() <= 8 * 3600


def test_a_stolen_session_cookie_is_useless_after_logout(editor):
    client = Client()
    client.force_login(editor)
    stolen = client.cookies[settings_session_cookie()].value
    assert client.post(reverse("logout")).status_code == 302
    thief = Client()
    thief.cookies[settings_session_cookie()] = stolen
    response = thief.get(reverse("coalitions:workspace"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Session.objects.filter(session_key=stolen).exists()


def settings_session_cookie():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def test_logout_needs_a_post(client, editor):
    client.force_login(editor)
    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session


@pytest.mark.parametrize("url_name", ["login", "logout", "password_change", "admin:login"])
def test_a_post_without_csrf_token_is_refused(editor, url_name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse(url_name), {"username": "editor-a", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_KEY in client.session


def test_a_post_to_an_admin_change_form_without_csrf_token_changes_nothing(superuser, coalition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    response = client.post(url, {"name": "Overgenomen", "slug": coalition.slug})
    assert response.status_code == 403
    coalition.refresh_from_db()
    assert coalition.name == "Delft test"


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/admin/login/", "/coalities/bestaat-niet/"]
)
def test_every_page_sends_the_security_headers(client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_logged_in_pages_send_the_headers_too(client, editor):
    client.force_login(editor)
    response = client.get(reverse("coalitions:workspace"))
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_no_page_contains_an_inline_script(client, editor, coalition):
    """CSP would block it in the browser; catch it here first (json_script is data, allowed)."""
    import re

    client.force_login(editor)
    for url in [
        "/",
        reverse("login"),
        reverse("coalitions:workspace"),
        coalition.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_admin_pages_run_no_inline_script_either(client, superuser, coalition):
    """The admin lives under the same CSP: an inline script there would silently not run."""
    import re

    client.force_login(superuser)
    for url in [
        reverse("admin:index"),
        reverse("admin:coalitions_coalition_changelist"),
        reverse("admin:coalitions_coalition_change", args=[coalition.pk]),
        reverse("admin:kansrijke_auditlogentry_changelist"),
    ]:
        response = client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_one_address_trying_many_usernames_is_locked_out(axes_on, client, editor, settings):
    """Per-username locks alone let one address try a few passwords on every username."""
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    statuses = [post_login(client, f"gebruiker-{i}", "Welkom01!").status_code for i in range(limit)]
    assert set(statuses[:-1]) == {200}, "no username reached its own limit"
    assert statuses[-1] == 429
    response = post_login(client, "editor-a", PASSWORD)
    assert response.status_code == 429, "a right password from that address must wait too"
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert SESSION_KEY not in client.session
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert post_login(other, "editor-a", PASSWORD).status_code == 302


def test_the_address_limit_leaves_room_for_a_town_hall_behind_one_address(axes_on, editor):
    """Colleagues behind one address who each mistype a few times still get in."""
    client = Client()
    for colleague in range(5):
        for attempt in range(3):
            post_login(client, f"collega-{colleague}", f"typo-{attempt}")
    assert post_login(client, "editor-a", PASSWORD).status_code == 302


def test_logging_in_does_not_wipe_the_failures_on_other_usernames(
    axes_on, client, editor, settings
):
    """Otherwise anyone with an account could guess on without limit by logging in with it
    between guesses."""
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    for i in range(limit - 1):
        post_login(client, f"gebruiker-{i}", "Welkom01!")
    assert post_login(client, "editor-a", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert post_login(client, "nog-een-gebruiker", "Welkom01!").status_code == 429
