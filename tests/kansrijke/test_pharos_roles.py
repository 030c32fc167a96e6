"""Pharos gives and takes roles in any coalition from its own pages."""

import pytest
from django.urls import reverse

from coalitions.models import CoalitionRole, Invitation
from kansrijke.models import AuditAction, AuditLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(coalition):
    return reverse("pharos:team", args=[coalition.slug])


def test_pharos_sees_every_coalitions_roles(client, pharos, coalition, editor, other_coalition):
    client.force_login(pharos)
    index = client.get(reverse("pharos:team_index")).content.decode()
    assert "Delft test" in index and "Utrecht test" in index
    page = client.get(url(coalition)).content.decode()
    assert editor.email in page


def test_pharos_grants_an_existing_user_a_role_directly(client, pharos, other_coalition):
    person = UserFactory(username="bestaand")
    client.force_login(pharos)
    response = client.post(
        url(other_coalition), {"action": "grant", "email": person.email, "role": "editor"}
    )
    assert response.status_code == 302
    assert CoalitionRole.objects.get(user=person, coalition=other_coalition).role == "editor"
    assert AuditLogEntry.objects.filter(action=AuditAction.ROLE_GRANTED, user=pharos).exists()


def test_pharos_invites_an_unknown_address(client, pharos, coalition, mailbox):
    client.force_login(pharos)
    client.post(url(coalition), {"action": "grant", "email": "nieuw@example.org", "role": "editor"})
    assert Invitation.objects.get().role == "editor"
    assert mailbox[0]["To"] == "nieuw@example.org"


def test_pharos_changes_and_revokes_a_role(client, pharos, coalition, member):
    client.force_login(pharos)
    role = member.coalition_roles.get()
    client.post(url(coalition), {"action": "role", "pk": role.pk, "role": "editor"})
    role.refresh_from_db()
    assert role.role == "editor"
    client.post(url(coalition), {"action": "remove", "pk": role.pk})
    assert not member.coalition_roles.exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.ROLE_REVOKED).exists()


def test_an_editor_cannot_open_pharos_role_pages(client, editor, coalition, member):
    client.force_login(editor)
    role = member.coalition_roles.get()
    response = client.post(url(coalition), {"action": "role", "pk": role.pk, "role": "editor"})
    assert response.status_code in (302, 403)
    role.refresh_from_db()
    assert role.role == "member"


def test_a_bad_role_is_refused_in_dutch(client, pharos, coalition, member):
    client.force_login(pharos)
    role = member.coalition_roles.get()
    response = client.post(url(coalition), {"action": "role", "pk": role.pk, "role": "baas"})
    assert "Kies een geldige rol" in response.content.decode()
    role.refresh_from_db()
    assert role.role == "member"
