"""The audit trail: who changed what and when, on the workspace and in the admin."""

import datetime

import pytest
from django.urls import reverse

from coalitions.models import AuditEvent, Goal
from tests.factories import CoalitionPartnerFactory, ContactPersonFactory, GoalFactory

pytestmark = pytest.mark.django_db


def test_history_records_author_and_time_of_a_workspace_change(client, editor, coalition):
    editor.first_name, editor.last_name = "Iris", "Adviseur"
    editor.save()
    coalition.refresh_from_db()
    client.force_login(editor)
    client.post(
        reverse("coalitions:workspace_basics", args=[coalition.slug]),
        {
            "ambition": "Nieuwe ambitie",
            "start_date": "2020-01-01",
            "loaded_version": coalition.updated_at.isoformat(),
        },
    )
    event = AuditEvent.objects.tracks(coalition).filter(pgh_label="update").get()
    assert event.user == editor
    assert event.pgh_created_at is not None
    assert event.pgh_diff["ambition"][1] == "Nieuwe ambitie"
    assert event.url == reverse("coalitions:workspace_basics", args=[coalition.slug])


def test_history_page_shows_who_changed_what_for_goals_partners_and_contacts(
    client, editor, member, coalition
):
    partnership = CoalitionPartnerFactory(coalition=coalition, organisation__name="JGZ West")
    contact = ContactPersonFactory(partnership=partnership, name="Bram Kok")
    goal = GoalFactory(coalition=coalition, description="Eerste doel")
    client.force_login(editor)
    client.post(
        reverse("coalitions:workspace_goal_edit", args=[coalition.slug, goal.pk]),
        {
            "year": goal.year,
            "description": "Eerste doel",
            "evaluation": "Behaald",
            "loaded_version": goal.updated_at.isoformat(),
        },
    )
    client.post(
        reverse("partners:workspace_contact_delete", args=[coalition.slug, contact.pk]),
        {"loaded_version": contact.updated_at.isoformat()},
    )

    client.force_login(member)  # members read the history too
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug])).content
    html = html.decode()
    assert "Doel Eerste doel</strong> gewijzigd" in html
    assert "door editor-a" in html
    assert "Behaald" in html
    assert "Contactpersoon Bram Kok</strong> verwijderd" in html
    assert "Coalitiepartner JGZ West" in html


def test_history_page_leaves_out_other_coalitions(client, editor, coalition, other_coalition):
    GoalFactory(coalition=other_coalition, description="Geheim doel van Utrecht")
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug])).content
    assert "Geheim doel van Utrecht" not in html.decode()


def test_bulk_update_is_recorded_too(coalition):
    goal = GoalFactory(coalition=coalition)
    Goal.objects.filter(pk=goal.pk).update(evaluation="Via import")
    assert AuditEvent.objects.tracks(goal).filter(pgh_label="update").exists()


def test_admin_shows_the_history_with_the_user(client, editor, pharos, coalition):
    client.force_login(editor)
    goal = GoalFactory(coalition=coalition)
    client.post(
        reverse("coalitions:workspace_goal_edit", args=[coalition.slug, goal.pk]),
        {
            "year": goal.year,
            "description": goal.description,
            "evaluation": "Bijna",
            "loaded_version": goal.updated_at.isoformat(),
        },
    )
    client.force_login(pharos)
    change = client.get(reverse("admin:coalitions_coalition_change", args=[coalition.pk]))
    assert "Geschiedenis" in change.content.decode()
    history = client.get(
        reverse("admin:coalitions_auditevent_changelist"),
        {"method": "references", "obj": f"coalitions.Coalition:{coalition.pk}"},
    )
    html = history.content.decode()
    assert history.status_code == 200
    assert "Bijna" in html and "editor-a" in html


def test_saves_that_change_nothing_do_not_push_real_changes_off_the_history_page(
    client, editor, coalition
):
    goal = GoalFactory(coalition=coalition, description="Echt doel")
    for _ in range(60):
        Goal.objects.get(pk=goal.pk).save()  # e.g. a repeated import: only updated_at moves
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug])).content
    html = html.decode()
    assert "Doel Echt doel</strong> aangemaakt" in html
    assert "Oudere wijzigingen" not in html


def test_history_hides_contacts_added_at_a_former_partner_for_another_coalition(
    client, member, coalition, other_editor, other_coalition
):
    partnership = CoalitionPartnerFactory(coalition=coalition, organisation__name="GGD Noord")
    partnership.until = partnership.since or datetime.date(2024, 1, 1)
    partnership.save()
    other = CoalitionPartnerFactory(
        coalition=other_coalition, organisation=partnership.organisation
    )
    client.force_login(other_editor)
    client.post(
        reverse("partners:workspace_contact_create", args=[other_coalition.slug, other.pk]),
        {"name": "Geheime Gerda", "email": "gerda@example.org", "phone": "0612345678"},
    )
    assert other.contacts.filter(name="Geheime Gerda").exists()

    client.force_login(member)
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug])).content
    html = html.decode()
    assert "Geheime Gerda" not in html
    assert "gerda@example.org" not in html
    assert "0612345678" not in html
