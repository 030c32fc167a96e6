"""The audit log: logins, failed logins, exports and changes with who, when and what."""

import datetime

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coalitions.audit import log_export
from kansrijke.models import AuditAction, AuditLogEntry
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_events_model():
    """The model of the admin's change history (PGHISTORY_ADMIN_MODEL)."""
    from pghistory import config

    return config.admin_model()


def change_events_url():
    opts = change_events_model()._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


PASSWORD = "correct-horse-battery"


def test_a_login_is_logged_with_user_time_and_address(client, editor):
    before = timezone.now()
    client.post(reverse("login"), {"username": "editor-a", "password": PASSWORD})
    event = AuditLogEntry.objects.get(action=AuditAction.LOGIN)
    assert event.user == editor
    assert event.username == "editor-a"
    assert event.ip_address == "127.0.0.1"
    assert event.at >= before


def test_a_failed_login_is_logged_with_the_name_tried_but_never_the_password(client):
    client.post(reverse("login"), {"username": "onbekend", "password": "geheim-wachtwoord"})
    event = AuditLogEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.user is None
    assert event.username == "onbekend"
    assert "geheim" not in f"{event.what}{event.path}"


def test_a_logout_is_logged(client, editor):
    client.force_login(editor)
    client.post(reverse("logout"))
    assert AuditLogEntry.objects.filter(action=AuditAction.LOGOUT, user=editor).count() == 1


def test_an_app_export_is_logged_through_log_export(editor):
    request = RequestFactory().get("/werkruimte/delft/partners.csv")
    request.user = editor
    log_export(request, "Partnerlijst Delft (CSV)")
    event = AuditLogEntry.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.what) == (editor, "Partnerlijst Delft (CSV)")
    assert event.path == "/werkruimte/delft/partners.csv"


def test_an_admin_export_is_logged_with_who_exported_what(client, superuser):
    OrganisationFactory(name="Verloskundigen Delft")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_organisation_export"),
        {"format": "0", "resource": "0", "organisationresource_name": "on"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    event = AuditLogEntry.objects.get(action=AuditAction.EXPORT)
    assert event.user == superuser
    assert event.what == "Beheer-export: organisaties"


def test_changes_are_recorded_with_the_user_who_made_them(client, superuser, coalition):
    client.force_login(superuser)
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    page = client.get(url).context
    form = page["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": "Delft gewijzigd",
            "slug": coalition.slug,
            "kind": coalition.kind,
            "phase": coalition.phase,
            "gemeenten": [g.pk for g in coalition.gemeenten.all()],
        }
    )
    # Every inline on the page (status updates, roles, partners, gemeenten) left unchanged.
    for inline in page["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = (
        change_events_model()
        .objects.filter(pgh_obj_model="coalitions.Coalition", pgh_label="update")
        .get()
    )
    assert event.pgh_context["user"] == superuser.pk
    assert event.pgh_diff["name"] == ["Delft test", "Delft gewijzigd"]


def make_event(username, days_ago, action=AuditAction.LOGIN):
    user = UserFactory(username=username)
    return AuditLogEntry.objects.create(
        action=action,
        user=user,
        username=username,
        at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_admin_filters_the_log_by_period_and_user(client, superuser):
    make_event("anna", days_ago=1)
    make_event("bram", days_ago=2)
    old = make_event("anna", days_ago=40)
    anna = old.user
    client.force_login(superuser)
    url = reverse("admin:kansrijke_auditlogentry_changelist")
    shown = client.get(url, {"periode": "30d", "gebruiker": anna.pk}).context["cl"].result_list
    assert [e.username for e in shown] == ["anna"]
    assert old not in shown
    start = (timezone.now() - datetime.timedelta(days=50)).isoformat()
    end = (timezone.now() - datetime.timedelta(days=30)).isoformat()
    shown = client.get(url, {"at__gte": start, "at__lt": end}).context["cl"].result_list
    assert list(shown) == [old]


def test_admin_exports_the_selected_log_as_csv_and_logs_that_export(client, superuser):
    a = make_event("anna", days_ago=1)
    b = make_event("=HYPERLINK(evil)", days_ago=2, action=AuditAction.LOGIN_FAILED)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:kansrijke_auditlogentry_changelist"),
        {"action": "export_csv", "_selected_action": [a.pk, b.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "tijdstip;handeling;gebruiker;wat;ip-adres;adres"
    assert ";Mislukte inlogpoging;'=HYPERLINK(evil);" in rows[1]
    assert ";Ingelogd;anna;" in rows[2]
    assert AuditLogEntry.objects.filter(action=AuditAction.EXPORT, user=superuser).exists()


def test_admin_exports_changes_as_csv(client, superuser, coalition):
    coalition.name = "Delft nieuw"
    coalition.save()
    events = change_events_model().objects.filter(pgh_obj_model="coalitions.Coalition")
    client.force_login(superuser)
    response = client.post(
        change_events_url(),
        {"action": "export_csv", "_selected_action": [e.pk for e in events]},
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("tijdstip;soort;object;id;handeling;gebruiker")
    assert "coalitions.Coalition" in body and "Delft nieuw" in body


def test_the_audit_log_is_for_superusers_only(client, pharos, editor):
    url = reverse("admin:kansrijke_auditlogentry_changelist")
    client.force_login(pharos)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 302


def test_nobody_can_change_or_delete_audit_entries_in_the_admin(client, superuser):
    event = make_event("anna", days_ago=1)
    client.force_login(superuser)
    url = reverse("admin:kansrijke_auditlogentry_delete", args=[event.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AuditLogEntry.objects.filter(pk=event.pk).exists()


def test_purge_removes_entries_older_than_the_retention_period(settings, capsys):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    recent = make_event("anna", days_ago=29)
    make_event("bram", days_ago=31)
    call_command("purge_audit_log", "--dry-run")
    assert AuditLogEntry.objects.count() == 2
    call_command("purge_audit_log")
    assert "1 regel ouder dan 30 dagen verwijderd" in capsys.readouterr().out
    assert set(AuditLogEntry.objects.values_list("action", flat=True)) == {"login", "purge"}
    assert AuditLogEntry.objects.filter(pk=recent.pk).exists()


def changelist_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_audit_log_list_query_count_does_not_grow_from_10_to_100_entries(client, superuser):
    url = reverse("admin:kansrijke_auditlogentry_changelist")
    users = [UserFactory(username=f"u{i}") for i in range(5)]

    def add(n):
        AuditLogEntry.objects.bulk_create(
            AuditLogEntry(action=AuditAction.LOGIN, user=users[i % 5], username=f"u{i % 5}")
            for i in range(n)
        )

    client.force_login(superuser)
    add(10)
    small = changelist_queries(client, url)
    add(90)
    large = changelist_queries(client, url)
    assert small == large


def test_change_history_list_query_count_does_not_grow(client, superuser):
    import pghistory

    url = change_events_url()
    client.force_login(superuser)
    editors = [UserFactory(username=f"redacteur{i}") for i in range(5)]

    def change(n):
        for i in range(n):
            with pghistory.context(user=editors[i % 5].pk, url="/test/"):
                OrganisationFactory()

    change(5)
    small = changelist_queries(client, url)
    change(50)
    large = changelist_queries(client, url)
    assert small == large
    assert "redacteur3" in client.get(url).content.decode()


def test_the_changes_export_holds_no_contact_details_without_the_personal_export_grant(
    client, pharos
):
    from django.contrib.auth.models import Permission

    from tests.factories import ContactPersonFactory

    contact = ContactPersonFactory(name="Verzonnen Veer", email="veer@example.org")
    contact.name, contact.email = "Verzonnen Vera", "vera@example.org"
    contact.save()  # an update event: its diff holds the old and new name and e-mail
    events = change_events_model().objects.filter(
        pgh_obj_model="partners.ContactPerson", pgh_obj_id=contact.pk
    )
    assert events.exists()
    client.force_login(pharos)
    post = {"action": "export_csv", "_selected_action": [e.pk for e in events]}

    body = client.post(change_events_url(), post).content.decode("utf-8-sig")
    assert "partners.ContactPerson" in body  # the change itself stays in the audit trail
    assert "vera@example.org" not in body
    assert "Verzonnen Vera" not in body

    pharos.user_permissions.add(Permission.objects.get(codename="export_contactperson"))
    pharos = type(pharos).objects.get(pk=pharos.pk)  # fresh permission cache
    client.force_login(pharos)
    body = client.post(change_events_url(), post).content.decode("utf-8-sig")
    assert "vera@example.org" in body
