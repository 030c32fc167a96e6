"""Accounts: password reset by e-mail (through a real SMTP server) and the account page."""

import re

import pytest
from django.urls import reverse

from kansrijke.models import AuditAction, AuditLogEntry
from kansrijke.notifications.models import NotificationSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


def reset_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://testserver(/accounts/reset/\S+/)", text).group(1)


def ask_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def set_new_password(client, link, password=NEW_PASSWORD):
    page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def test_password_reset_journey_through_the_smtp_server(client, editor, mailbox):
    response = ask_reset(client, editor.email)
    assert response.status_code == 302
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == editor.email
    assert message["Subject"] == "Nieuw wachtwoord voor Kansrijke Start coalitiebeheer"
    assert "editor-a" in message.get_body(("plain",)).get_content()
    assert "Nieuw wachtwoord instellen" in message.get_body(("html",)).get_content()
    link = reset_link(message)
    assert set_new_password(client, link).status_code == 302
    assert client.login(username="editor-a", password=NEW_PASSWORD)
    assert AuditLogEntry.objects.filter(action=AuditAction.PASSWORD_RESET_ASKED).exists()
    assert AuditLogEntry.objects.filter(action=AuditAction.PASSWORD_RESET, user=editor).exists()
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert "werkt niet (meer)" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mailbox):
    response = ask_reset(client, "niemand@example.org")
    assert response.status_code == 302
    assert mailbox == []


def test_a_reset_lifts_the_lock_out_of_that_username(client, editor, mailbox, settings):
    from axes.utils import reset

    settings.AXES_ENABLED = True
    reset()
    try:
        for i in range(settings.LOGIN_FAILURE_LIMIT_PER_USERNAME):
            client.post(reverse("login"), {"username": "editor-a", "password": f"fout-{i}"})
        locked = client.post(reverse("login"), {"username": "editor-a", "password": NEW_PASSWORD})
        assert locked.status_code == 429
        assert reverse("accounts:password_reset") in locked.content.decode()
        ask_reset(client, editor.email)
        set_new_password(client, reset_link(mailbox[0]))
        response = client.post(reverse("login"), {"username": "editor-a", "password": NEW_PASSWORD})
        assert response.status_code == 302
    finally:
        reset()


def test_the_login_page_links_to_password_reset(client):
    assert reverse("accounts:password_reset") in client.get(reverse("login")).content.decode()


def test_account_page_shows_my_coalitions_and_saves_name_and_email(client, editor, coalition):
    client.force_login(editor)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Delft test" in page
    response = client.post(
        reverse("accounts:account"),
        {"account": "1", "first_name": "Eva", "last_name": "Editor", "email": "eva@example.org"},
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert (editor.first_name, editor.email) == ("Eva", "eva@example.org")
    assert AuditLogEntry.objects.filter(action=AuditAction.ACCOUNT_CHANGED, user=editor).exists()


def test_an_email_address_of_another_account_is_refused_in_dutch(client, editor, member):
    client.force_login(editor)
    response = client.post(
        reverse("accounts:account"),
        {"account": "1", "first_name": "", "last_name": "", "email": member.email.upper()},
    )
    assert "hoort al bij een ander account" in response.content.decode()
    editor.refresh_from_db()
    assert editor.email == "editor-a@example.org"


def test_notification_choices_are_saved(client, member):
    client.force_login(member)
    client.post(
        reverse("accounts:account"),
        {"notifications": "1", "by_mail": ["feedback"], "levels": ["bestuurlijk"]},
    )
    saved = NotificationSettings.objects.get(user=member)
    assert set(saved.muted) == {"escalation", "digest"}
    assert saved.levels == ["bestuurlijk"]


def test_the_account_page_needs_a_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_sso_only_user_is_told_they_have_no_password_here(client):
    user = UserFactory(username="sso")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "geen wachtwoord" in page
    assert reverse("password_change") not in page
