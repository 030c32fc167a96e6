"""`Cache-Control: private, no-store` on every page a logged-in user gets and on every workspace
and admin address; public pages for anonymous visitors stay cacheable.

One rule in one place (kansrijke/middleware.py), checked by walking every URL of the
permission matrix: a new page is covered without anyone adding it here.
"""

import pytest
from django.urls import reverse

from tests.security.permission_matrix import URL_ACCESS, project_routes, sample_url

pytestmark = pytest.mark.django_db


def is_private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("who", ["editor", "member", "pharos"])
def test_every_page_a_logged_in_user_gets_is_kept_out_of_every_cache(client, request, who, world):
    """Signatories, authors of status updates and feedback, contact people: logged-in users
    see names on many pages, public ones included (the partner map shows contact people)."""
    client.force_login(request.getfixturevalue(who))
    cached = []
    for route in project_routes():
        if route.name not in URL_ACCESS or route.name == "logout":
            continue
        url = sample_url(route, world)
        response = client.get(url)
        if not is_private(response):
            cached.append(f"{url} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert not cached, "Pages without 'private, no-store':\n" + "\n".join(cached)


def test_the_pages_with_names_of_people_are_private_for_their_editor(client, editor, coalition):
    """The pages the adversarial test named: agreements with signatories, status updates and
    feedback with their authors, workspace overview, contact people."""
    from tests.factories import AgreementFactory, StatusUpdateFactory

    agreement = AgreementFactory(coalition=coalition)
    StatusUpdateFactory(coalition=coalition, author=editor)
    client.force_login(editor)
    for url in [
        reverse("experiments:agreement_list", args=[coalition.slug]),
        reverse("experiments:agreement_detail", args=[coalition.slug, agreement.pk]),
        reverse("coalitions:workspace_status", args=[coalition.slug]),
        reverse("coalitions:workspace_detail", args=[coalition.slug]),
        reverse("coalitions:workspace"),
        reverse("partners:map", args=[coalition.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_private(response), (url, response.get("Cache-Control"))


def test_admin_pages_are_private(client, superuser, coalition):
    client.force_login(superuser)
    for url in [
        reverse("admin:index"),
        reverse("admin:coalitions_coalition_changelist"),
        reverse("admin:coalitions_coalition_change", args=[coalition.pk]),
        reverse("admin:coalitions_auditevent_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_private(response), (url, response.get("Cache-Control"))


def test_workspace_and_admin_addresses_are_private_for_anonymous_visitors_too(client, coalition):
    for url in [
        reverse("coalitions:workspace"),
        reverse("coalitions:workspace_detail", args=[coalition.slug]),
        reverse("admin:index"),
        reverse("admin:login"),
    ]:
        assert is_private(client.get(url)), url


def test_public_pages_stay_cacheable_for_anonymous_visitors(client, world):
    for route in project_routes():
        if URL_ACCESS.get(route.name) != "public":
            continue
        url = sample_url(route, world)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


def test_static_files_stay_cacheable_for_logged_in_users(client, editor):
    client.force_login(editor)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
