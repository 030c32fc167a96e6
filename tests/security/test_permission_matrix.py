"""Every URL of the project, every role, GET and POST: the outcome the matrix expects.

The matrix itself (and how to add a URL) is in tests/security/permission_matrix.py.
"""

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from coalitions.models import CoalitionRole
from coalitions.permissions import can_edit, can_view
from tests.security.permission_matrix import (
    ACCESS_CLASSES,
    ADMIN_LOGIN,
    FORBIDDEN,
    NOT_ALLOWED,
    OK,
    OPTIONAL_URLS,
    PK_FOR_URL,
    REDIRECT,
    ROLES,
    SAMPLE_KWARGS,
    URL_ACCESS,
    is_admin,
    login_as,
    outcome_of,
    project_routes,
    request,
    sample_url,
    walk,
)

pytestmark = pytest.mark.django_db


def test_every_url_has_a_name_and_an_entry_in_the_permission_matrix():
    missing = []
    for route in project_routes():
        if route.name is None:
            missing.append(f"/{route.route} has no name: give it one and add it to URL_ACCESS")
        elif route.name not in URL_ACCESS:
            missing.append(f'"{route.name}": "<class>",  # /{route.route}')
    assert not missing, (
        "URLs without an entry in the permission matrix. Add to URL_ACCESS in "
        "tests/security/permission_matrix.py, with one of "
        f"{sorted(ACCESS_CLASSES)}:\n" + "\n".join(missing)
    )


def test_the_matrix_lists_no_urls_that_no_longer_exist():
    names = {r.name for r in project_routes()}
    stale = sorted(set(URL_ACCESS) - names - OPTIONAL_URLS)
    assert not stale, f"Remove these from URL_ACCESS (no such URL): {stale}"
    unknown = {cls for cls in URL_ACCESS.values() if cls not in ACCESS_CLASSES}
    assert not unknown, f"Unknown access classes in URL_ACCESS: {unknown}"


@pytest.mark.parametrize("role", ROLES)
def test_every_project_url_answers_each_role_as_the_matrix_says(client, role, users, world):
    user = users[role]
    login_as(client, user)
    failures = []
    for route in project_routes():
        if route.name not in URL_ACCESS:
            continue  # reported by the test above
        url = sample_url(route, world)
        expected = ACCESS_CLASSES[URL_ACCESS[route.name]]
        for method in ("GET", "POST"):
            response = request(client, user, method, url, route)
            got = outcome_of(response)
            if got not in expected[method][role]:
                failures.append(
                    f"{method} {url} ({route.name}, {URL_ACCESS[route.name]}) as {role}: "
                    f"got {got}, expected {sorted(expected[method][role])}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_editor"])
def test_no_public_url_shows_contact_people_to_someone_outside_the_coalition(
    client, role, users, world
):
    """Contact people are personal data: never on a page (or export) of class "public" for
    anyone without a role in the coalition, whatever the page is about."""
    login_as(client, users[role])
    contact = world.contact
    secrets = [contact.name, contact.email, contact.phone]
    leaks = []
    for route in project_routes():
        if URL_ACCESS.get(route.name) not in ("public", "public_never_cached"):
            continue
        url = sample_url(route, world)
        body = client.get(url).content.decode(errors="replace")
        leaks += [f"{url} shows {s!r} to {role}" for s in secrets if s and s in body]
    assert not leaks, "\n".join(leaks)


# --- The admin: one rule for every admin:* URL -------------------------------------------------

ADMIN_NAME = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<view>[a-z_]+)$")


def admin_model_of(route):
    """The model an admin URL belongs to, from its name or route."""
    match = re.match(r"admin/(?P<app>\w+)/(?P<model>\w+)/", route.route)
    if match:
        try:
            return apps.get_model(match["app"], match["model"])
        except LookupError:
            return None
    return None


def admin_url(route, world):
    model = admin_model_of(route)
    obj = model._default_manager.first() if model is not None else None
    values = {
        "object_id": str(obj.pk) if obj is not None else "1",
        "id": str(obj.pk) if obj is not None else "1",
        "app_label": "coalitions",
        "url": "bestaat-niet/",
        "content_type_id": str(ContentType.objects.get_for_model(world.coalition).pk),
        # A background import's progress page (common.import_jobs) for a job nobody started.
        "job_id": "00000000-0000-4000-8000-000000000000",
    }
    if route.name == "admin:view_on_site":
        values["object_id"] = str(world.coalition.pk)
    if route.name is None:
        # Unnamed (Django's old change-URL redirect): fill the route text ourselves.
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route.route)
    # Our own pages under /admin/ (e.g. Pharos' reports) take the project's sample keywords.
    if "pk" in route.kwargs and route.name in PK_FOR_URL:
        values["pk"] = PK_FOR_URL[route.name](world)
    kwargs = {k: values[k] if k in values else SAMPLE_KWARGS[k](world) for k in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


def admin_routes():
    return [r for r in walk() if is_admin(r)]


def test_the_admin_walk_finds_every_registered_model():
    from django.contrib import admin

    names = {r.name for r in admin_routes()}
    for model in admin.site._registry:
        opts = model._meta
        assert f"admin:{opts.app_label}_{opts.model_name}_changelist" in names


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "editor", "other_editor"])
def test_the_admin_is_closed_to_everyone_without_staff_status(client, role, users, world):
    user = users[role]
    login_as(client, user)
    failures = []
    for route in admin_routes():
        if route.name == "admin:login":
            continue  # the door itself
        url = admin_url(route, world)
        for method in ("GET", "POST"):
            response = request(client, user, method, url, route)
            got = outcome_of(response)
            allowed = {ADMIN_LOGIN}
            if route.name == "admin:logout":
                allowed = {ADMIN_LOGIN, REDIRECT, NOT_ALLOWED}
            if got not in allowed:
                failures.append(f"{method} {url} ({route.name}) as {role}: got {got}")
    assert not failures, "\n".join(failures)


# The permission a write view of the admin needs.
WRITE_VIEW_PERMISSION = {
    "add": "add",
    "change": "change",
    "delete": "delete",
    "import": "change",
    "process_import": "change",
    "password_change": "change",
}
# A coalition's own data: Pharos reads it, never changes it (coalitions/permissions.py).
COALITION_OWNED = [
    "coalitions.coalition",
    "coalitions.statusupdate",
    "partners.coalitionpartner",
    "partners.contactperson",
]


@pytest.mark.slow
@pytest.mark.parametrize("role", ["pharos", "superuser"])
def test_staff_get_no_server_error_and_the_admin_obeys_their_permissions(
    client, role, users, world
):
    user = users[role]
    login_as(client, user)
    failures = []
    for route in admin_routes():
        if route.name in ("admin:logout", "admin:login"):
            continue
        url = admin_url(route, world)
        match = ADMIN_NAME.match(route.name or "")
        for method in ("GET", "POST"):
            response = request(client, user, method, url, route)
            got = outcome_of(response)
            problem = None
            if response.status_code >= 500 or got == ADMIN_LOGIN:
                problem = "server error or sent to login"
            elif method == "POST" and match and match["view"] in WRITE_VIEW_PERMISSION:
                perm = f"{match['app']}.{WRITE_VIEW_PERMISSION[match['view']]}_{match['model']}"
                if not user.has_perm(perm) and got != FORBIDDEN:
                    problem = f"without {perm} the admin must refuse"
            elif role == "superuser" and match and match["view"] == "changelist" and got != OK:
                problem = "superuser must open every list"
            if problem:
                failures.append(f"{method} {url} ({route.name}) as {role}: got {got}: {problem}")
    assert not failures, "\n".join(failures)


def test_pharos_may_not_change_or_import_a_coalitions_own_data(client, pharos):
    for label in COALITION_OWNED:
        app, model = label.split(".")
        for action in ("add", "change", "delete"):
            assert not pharos.has_perm(f"{app}.{action}_{model}"), f"{action} {label}"
    client.force_login(pharos)
    for route in admin_routes():
        match = ADMIN_NAME.match(route.name or "")
        if (
            match
            and match["view"] == "import"
            and f"{match['app']}.{match['model']}" in (COALITION_OWNED)
        ):
            assert client.get(reverse(route.name)).status_code == 403, route.name
    for route in admin_routes():
        match = ADMIN_NAME.match(route.name or "")
        if (
            match
            and match["view"] == "import"
            and not pharos.has_perm(f"{match['app']}.change_{match['model']}")
        ):
            assert client.get(reverse(route.name)).status_code == 403, route.name


def test_a_role_in_coalition_b_gives_nothing_in_coalition_a(
    other_editor, coalition, other_coalition
):
    """The matrix's other_editor really is editor of B, so its 404s on A mean something."""
    assert CoalitionRole.objects.filter(
        user=other_editor, coalition=other_coalition, role="editor"
    ).exists()
    assert can_edit(other_editor, other_coalition)
    assert not CoalitionRole.objects.filter(user=other_editor, coalition=coalition).exists()
    assert not can_view(other_editor, coalition)
