"""Django's own error pages in Dutch and in the site's layout: CSRF failure and Bad Request."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH = ["CSRF verification failed", "Forbidden", "Bad Request", "Request aborted", "Help"]


def assert_dutch_site_page(response, heading):
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert '<html lang="nl">' in html
    assert "Kansrijke Start" in html  # the site's header and footer
    assert 'href="/"' in html  # back to the site
    for english in ENGLISH:
        assert english not in html, english


def test_a_form_without_its_security_token_gets_a_dutch_page(editor):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "editor-a", "password": "x"})
    assert response.status_code == 403
    assert_dutch_site_page(response, "Formulier verlopen")
    assert "cookie" in response.content.decode()


def test_a_stale_security_token_after_logging_in_again_gets_the_dutch_page_too(editor):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # sets the CSRF cookie
    client.force_login(editor)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert_dutch_site_page(response, "Formulier verlopen")


def test_a_request_for_an_unknown_host_gets_a_dutch_bad_request_page(client):
    response = client.get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert_dutch_site_page(response, "Ongeldig verzoek")


def test_the_error_page_renders_even_when_a_static_file_is_missing_from_the_manifest(
    settings, tmp_path
):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran: no manifest at all
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in html
    assert '<html lang="nl">' in html
