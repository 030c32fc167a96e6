"""Single sign-on proven end to end against a real OpenID Connect provider (npm oidc-provider
under node, tests/oidc/, installed by `make oidc`) started on 127.0.0.1 by the test."""

import re
import socket
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from kansrijke.models import AuditAction, AuditLogEntry

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc"
CLIENT_ID, CLIENT_SECRET = "kansrijke-test", "geheim-alleen-voor-de-test"


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider's issuer URL; the process lives for the test session."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("oidc-provider is not installed: run `make oidc` (make test does).")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            "node",
            "provider.mjs",
            str(port),
            CLIENT_ID,
            CLIENT_SECRET,
            "http://testserver/oidc/callback/",
            "http://testserver/",
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()  # "ready" once it listens
        assert line.strip() == "ready", f"the OIDC provider did not start: {line!r}"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(oidc_provider, settings):
    """The project's settings with single sign-on on (as kansrijke/settings.py sets them when
    OIDC_RP_CLIENT_ID is in the environment), and the lock-out on as in production."""
    from axes.utils import reset

    settings.ROOT_URLCONF = "tests.kansrijke.sso_urls"
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "mozilla_django_oidc.auth.OIDCAuthenticationBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_provider}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider}/jwks"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USE_PKCE = True
    settings.OIDC_LOGIN_LABEL = "Inloggen met uw organisatieaccount"
    settings.LOGIN_REDIRECT_URL_FAILURE = "login"
    settings.OIDC_CALLBACK_CLASS = "kansrijke.accounts.oidc.CallbackView"
    settings.AXES_ENABLED = True
    reset()
    yield oidc_provider
    reset()


def sign_in_at_provider(client, provider, login) -> str:
    """Start at our login button, sign in as `login` on the provider's own pages and give
    consent; returns our callback URL (path and query) the provider sends the browser to."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    browser = requests.Session()
    url = start["Location"]
    assert url.startswith(provider)
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        while response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if not url.startswith(provider):
                parts = urlsplit(url)
                return f"{parts.path}?{parts.query}"
            response = browser.get(url, allow_redirects=False, timeout=10)
        action = urljoin(url, re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
        prompt = "login" if 'name="login"' in response.text else "consent"
        data = {"prompt": prompt, "login": login, "password": "om-het-even"}
        response = browser.post(action, data=data, allow_redirects=False, timeout=10)
        url = urljoin(action, response.headers["Location"])
        if not url.startswith(provider):
            parts = urlsplit(url)
            return f"{parts.path}?{parts.query}"
    raise AssertionError("the provider never sent the browser back")


def test_the_login_page_offers_single_sign_on(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met uw organisatieaccount" in page


def test_a_known_user_gets_in_matched_on_email_and_logs_out(client, sso, editor, coalition):
    callback = sign_in_at_provider(client, sso, editor.email.upper())
    response = client.get(callback)
    assert response.status_code == 302
    assert response["Location"] == reverse("coalitions:workspace")
    assert client.session[SESSION_KEY] == str(editor.pk)
    assert "Delft test" in client.get(reverse("coalitions:workspace")).content.decode()
    assert AuditLogEntry.objects.filter(action=AuditAction.LOGIN, user=editor).exists()
    client.post(reverse("oidc_logout"))
    assert SESSION_KEY not in client.session
    assert client.get(reverse("coalitions:workspace")).status_code == 302


def test_an_unknown_user_is_refused_with_a_dutch_message(client, sso, editor):
    callback = sign_in_at_provider(client, sso, "onbekend@example.org")
    response = client.get(callback, follow=True)
    assert SESSION_KEY not in client.session
    assert response.request["PATH_INFO"] == reverse("login")
    assert "geen account met dat e-mailadres" in response.content.decode()


def test_an_invited_person_joins_through_single_sign_on_without_a_password(client, sso, coalition):
    from coalitions.models import Invitation

    invitation = Invitation(coalition=coalition, email="nieuw@example.org", role="member")
    token = invitation.new_token()
    invitation.save()
    link = reverse("coalitions:invitation", args=[token])
    assert "organisatieaccount" in client.get(link).content.decode()
    response = client.post(link, {"action": "sso"})
    assert response["Location"].startswith(reverse("oidc_authentication_init"))
    client.get(sign_in_at_provider(client, sso, "nieuw@example.org"))
    assert client.get(coalition.get_workspace_url()).status_code == 200
    member = coalition.roles.get().user
    assert member.email == "nieuw@example.org" and not member.has_usable_password()
