"""Only GET, HEAD and POST are answered; TRACE and the rest get 405 on every address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNEXPECTED = ["TRACE", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"]


def addresses(coalition):
    return [
        "/",
        coalition.get_absolute_url(),
        reverse("login"),
        reverse("coalitions:workspace"),
        reverse("coalitions:workspace_detail", args=[coalition.slug]),
        reverse("admin:index"),
        "/static/css/site.css",
        "/bestaat-niet/",
    ]


@pytest.mark.parametrize("method", UNEXPECTED)
def test_unexpected_methods_are_refused_everywhere(client, editor, coalition, method):
    client.force_login(editor)
    for url in addresses(coalition):
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert response["Allow"] == "GET, HEAD, POST", url


def test_trace_does_not_echo_the_request(client, coalition):
    response = client.generic("TRACE", "/", HTTP_X_SECRET="geheim")
    assert response.status_code == 405
    assert b"geheim" not in response.content


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_ordinary_methods_still_work(client, editor, coalition, method):
    client.force_login(editor)
    for url in ["/", coalition.get_absolute_url(), reverse("coalitions:workspace")]:
        assert client.generic(method, url).status_code == 200, (method, url)


def test_posting_a_form_still_works(client, editor, coalition):
    client.force_login(editor)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
