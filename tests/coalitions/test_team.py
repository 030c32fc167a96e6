"""A coalition's team: editors invite by e-mail, the link works once for seven days, and
nobody gives a role above their own."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from coalitions.models import CoalitionRole, Invitation
from kansrijke.models import AuditAction, AuditLogEntry
from tests.factories import CoalitionRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-tests"


def team_url(coalition):
    return reverse("coalitions:workspace_team", args=[coalition.slug])


def invite(client, coalition, email, role="member"):
    return client.post(team_url(coalition), {"invite-email": email, "invite-role": role})


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://testserver(/uitnodiging/[^/\s]+/)", text).group(1)


def test_editor_invites_a_member_and_the_link_arrives_by_smtp(client, editor, coalition, mailbox):
    client.force_login(editor)
    response = invite(client, coalition, "nieuw@example.org")
    assert response.status_code == 302
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == "nieuw@example.org"
    assert "Delft test" in message["Subject"]
    assert message.get_body(("html",)) is not None
    invitation = Invitation.objects.get()
    assert invitation.role == "member"
    # Only the hash is stored: the token in the link is not in the database.
    token = link_in(message).split("/")[2]
    assert token not in invitation.token_hash
    assert AuditLogEntry.objects.filter(action=AuditAction.INVITATION, user=editor).exists()


def test_the_invited_person_sets_a_password_and_sees_the_coalition(
    client, editor, coalition, mailbox
):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    client.logout()
    link = link_in(mailbox[0])
    page = client.get(link)
    assert "Account aanmaken" in page.content.decode()
    response = client.post(
        link,
        {
            "action": "password",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.org")
    assert CoalitionRole.objects.get(user=user, coalition=coalition).role == "member"
    assert client.get(coalition.get_workspace_url()).status_code == 200
    assert AuditLogEntry.objects.filter(action=AuditAction.INVITATION_ACCEPTED, user=user).exists()
    # The link works once.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()


def test_a_weak_password_is_refused_in_dutch_and_nobody_joins(client, editor, coalition, mailbox):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    client.logout()
    response = client.post(
        link_in(mailbox[0]),
        {
            "action": "password",
            "first_name": "N",
            "last_name": "N",
            "password1": "kort",
            "password2": "kort",
        },
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
    assert not get_user_model().objects.filter(email="nieuw@example.org").exists()


def test_an_existing_user_logs_in_and_accepts_into_a_second_coalition(
    client, other_editor, other_coalition, member, coalition, mailbox
):
    client.force_login(other_editor)
    invite(client, other_coalition, member.email.upper(), role="editor")
    client.logout()
    link = link_in(mailbox[0])
    assert "Log in om de uitnodiging" in client.get(link).content.decode()
    client.force_login(member)
    assert client.post(link).status_code == 302
    roles = dict(member.coalition_roles.values_list("coalition__slug", "role"))
    assert roles == {coalition.slug: "member", other_coalition.slug: "editor"}


def test_someone_else_logged_in_cannot_accept(client, editor, coalition, outsider, mailbox):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    client.force_login(outsider)
    response = client.post(link_in(mailbox[0]))
    assert response.status_code == 403
    assert not outsider.coalition_roles.exists()


def test_a_revoked_link_fails_with_a_dutch_message(client, editor, coalition, mailbox):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    invitation = Invitation.objects.get()
    client.post(
        reverse("coalitions:workspace_invitation_revoke", args=[coalition.slug, invitation.pk])
    )
    client.logout()
    response = client.get(link_in(mailbox[0]))
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    assert AuditLogEntry.objects.filter(action=AuditAction.INVITATION_REVOKED).exists()


def test_an_expired_link_fails_and_a_resend_gives_a_new_working_link(
    client, editor, coalition, mailbox
):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    old = link_in(mailbox[0])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(team_url(coalition)).content.decode()
    assert "verlopen" in page
    client.logout()
    response = client.get(old)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    client.force_login(editor)
    invitation = Invitation.objects.get()
    client.post(
        reverse("coalitions:workspace_invitation_resend", args=[coalition.slug, invitation.pk])
    )
    new = link_in(mailbox[1])
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404  # the old token is gone
    assert client.get(new).status_code == 200
    assert (Invitation.objects.get().expires_at - timezone.now()).days == 6


def test_an_unknown_link_fails_with_a_dutch_message(client):
    response = client.get(reverse("coalitions:invitation", args=["onzin"]))
    assert response.status_code == 404
    assert "ongeldig" in response.content.decode()


def test_a_member_cannot_invite(client, member, coalition, mailbox):
    client.force_login(member)
    assert invite(client, coalition, "nieuw@example.org").status_code == 403
    assert not Invitation.objects.exists()
    assert mailbox == []
    # A member sees the team but not the invitations or the form.
    page = client.get(team_url(coalition)).content.decode()
    assert "Iemand uitnodigen" not in page


def test_an_editor_of_another_coalition_gets_404(client, other_editor, coalition, member):
    client.force_login(other_editor)
    assert client.get(team_url(coalition)).status_code == 404
    assert invite(client, coalition, "nieuw@example.org").status_code == 404
    role = member.coalition_roles.get()
    url = reverse("coalitions:workspace_role_remove", args=[coalition.slug, role.pk])
    assert client.post(url).status_code == 404
    assert member.coalition_roles.exists()


def test_an_editor_cannot_revoke_another_coalitions_invitation_through_their_own(
    client, editor, coalition, other_coalition
):
    foreign = Invitation(coalition=other_coalition, email="x@example.org", role="member")
    foreign.new_token()
    foreign.save()
    client.force_login(editor)
    url = reverse("coalitions:workspace_invitation_revoke", args=[coalition.slug, foreign.pk])
    assert client.post(url).status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_an_editor_may_not_give_a_role_the_form_does_not_offer(client, editor, coalition):
    client.force_login(editor)
    response = invite(client, coalition, "nieuw@example.org", role="pharos")
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_someone_already_in_the_team_is_refused(client, editor, member, coalition):
    client.force_login(editor)
    response = invite(client, coalition, member.email)
    assert "hoort al bij deze coalitie" in response.content.decode()


def test_an_editor_removes_a_member_but_not_themselves(client, editor, member, coalition):
    client.force_login(editor)
    role = member.coalition_roles.get()
    client.post(reverse("coalitions:workspace_role_remove", args=[coalition.slug, role.pk]))
    assert not member.coalition_roles.exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.ROLE_REVOKED).exists()
    own = editor.coalition_roles.get()
    response = client.post(
        reverse("coalitions:workspace_role_remove", args=[coalition.slug, own.pk]), follow=True
    )
    assert "niet uit de coalitie verwijderen" in response.content.decode()
    assert editor.coalition_roles.exists()


def test_accepting_a_lower_role_keeps_the_higher_one(coalition):
    user = UserFactory(username="al-editor")
    CoalitionRoleFactory(user=user, coalition=coalition, role="editor")
    invitation = Invitation(coalition=coalition, email=user.email, role="member")
    invitation.new_token()
    invitation.save()
    assert invitation.accept(user).role == "editor"


def test_only_one_open_invitation_per_address_inviting_again_resends(
    client, editor, coalition, mailbox
):
    client.force_login(editor)
    invite(client, coalition, "nieuw@example.org")
    invite(client, coalition, "NIEUW@example.org", role="editor")
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().role == "editor"
    assert len(mailbox) == 2
