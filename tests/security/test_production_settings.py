"""Production settings: `check --deploy` is clean, static files get hashed names, SSO is opt-in."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qz!v2Lr9pW$e4Xy8Nc1Bm6Ts3Hd0Fg5Ja%Uo+Ri=Pl*Mn^Kb@Vw&Ec(Zx)Sq",
    "ALLOWED_HOSTS": "kansrijkestart.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://kansrijkestart.example.nl",
}


def run_manage(*args, env=None, timeout=180):
    """Run manage.py in a fresh interpreter with only the given environment on top of PATH."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def settings_in_subprocess(env, expression):
    """Evaluate `expression` after django.setup() in a fresh interpreter with `env`."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.urls import reverse; "
        f"print(json.dumps({expression}))"
    )
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    base.update({"DJANGO_SETTINGS_MODULE": "kansrijke.settings", "DEBUG": "true", **env})
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=base, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_single_sign_on_is_off_by_default(client):
    assert settings.OIDC_ENABLED is False
    assert not any("oidc" in b.lower() for b in settings.AUTHENTICATION_BACKENDS)
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS
    assert client.get("/oidc/authenticate/").status_code == 404


@pytest.mark.slow
def test_single_sign_on_wires_up_when_the_identity_provider_is_configured():
    idp = "https://login.gemeente.example.nl/oidc"
    env = {
        "OIDC_RP_CLIENT_ID": "kansrijke-start",
        "OIDC_RP_CLIENT_SECRET": "geheim",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{idp}/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{idp}/token",
        "OIDC_OP_USER_ENDPOINT": f"{idp}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{idp}/jwks",
    }
    got = settings_in_subprocess(
        env,
        "{'enabled': settings.OIDC_ENABLED, 'backends': settings.AUTHENTICATION_BACKENDS, "
        "'apps': settings.INSTALLED_APPS, 'create': settings.OIDC_CREATE_USER, "
        "'url': reverse('oidc_authentication_init'), 'endpoint': "
        "settings.OIDC_OP_AUTHORIZATION_ENDPOINT}",
    )
    assert got["enabled"] is True
    # Axes still guards the password login in front of every other backend.
    assert got["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert "mozilla_django_oidc.auth.OIDCAuthenticationBackend" in got["backends"]
    assert "mozilla_django_oidc" in got["apps"]
    assert got["create"] is False
    assert got["url"] == "/oidc/authenticate/"
    assert got["endpoint"] == f"{idp}/authorize"


@pytest.mark.slow
def test_collectstatic_writes_hashed_names_for_the_vendored_libraries(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }
    # STATIC_ROOT is fixed in settings; collect into a copy of the tree to keep the repo clean.
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        f"settings.STATIC_ROOT = {str(tmp_path)!r}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', '--noinput', verbosity=0)"
    )
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    base.update({"DJANGO_SETTINGS_MODULE": "kansrijke.settings", **env})
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in [
        "vendor/bootstrap/dist/css/bootstrap.min.css",
        "vendor/bootstrap/dist/js/bootstrap.bundle.min.js",
        "vendor/leaflet/dist/leaflet.js",
        "css/site.css",
    ]:
        hashed = manifest[name]
        assert hashed != name and (tmp_path / hashed).exists(), name
        assert (tmp_path / f"{hashed}.gz").exists(), f"{name} is not compressed"
