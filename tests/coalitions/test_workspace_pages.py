"""The beleidsadviseur's own coalition: login, the list, status, basics and goals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition, Goal, Phase, StatusUpdate
from tests.factories import (
    CoalitionPartnerFactory,
    GoalFactory,
    StatusUpdateFactory,
)
from tests.workspace import written_count

pytestmark = pytest.mark.django_db


def version(obj):
    obj.refresh_from_db()
    return obj.updated_at.isoformat()


def test_login_page_uses_the_site_layout(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Naar de inhoud" in html and "<h1>Inloggen</h1>" in html
    assert 'for="id_username"' in html


def test_editor_lands_on_the_workspace_after_login(client, editor):
    response = client.post(
        reverse("login"), {"username": "editor-a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coalitions:workspace")


def test_logout_goes_back_to_the_public_list_and_says_so(client, editor):
    client.force_login(editor)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("coalitions:public_list")
    assert "U bent uitgelogd." in client.get(response["Location"]).content.decode()
    assert client.get(reverse("coalitions:workspace")).status_code == 302


def test_workspace_forms_refuse_a_post_without_csrf_token(editor, coalition):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    before = written_count()
    response = client.post(
        reverse("coalitions:workspace_status", args=[coalition.slug]),
        {"date": "2024-01-01", "phase": "vorming", "summary": "x"},
    )
    assert response.status_code == 403
    assert written_count() == before


def test_workspace_lists_own_coalitions_with_phase_last_update_and_attention(
    client, editor, coalition, other_coalition
):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 3, 5))
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Delft test" in html and "Utrecht test" not in html
    assert "Vorming" in html
    assert "5 maart 2024" in html
    assert "Geen statusupdate sinds 5 maart 2024" in html


def test_recent_status_update_needs_no_attention(client, editor, coalition):
    StatusUpdateFactory(coalition=coalition, date=timezone.localdate())
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Geen statusupdate sinds" not in html
    assert "Nog geen statusupdate" not in html


def test_coalition_without_updates_asks_for_a_first_one(client, editor, coalition):
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Nog geen statusupdate vastgelegd." in html


def test_pharos_sees_every_coalition_in_the_workspace(client, pharos, coalition, other_coalition):
    client.force_login(pharos)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Delft test" in html and "Utrecht test" in html


# --- status updates ---


def status_url(coalition):
    return reverse("coalitions:workspace_status", args=[coalition.slug])


def test_editor_posts_a_status_update(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        status_url(coalition),
        {
            "date": "2025-02-01",
            "phase": Phase.VORMING,
            "summary": "Huisartsen sluiten aan.",
            "next_steps": "Werkagenda opstellen.",
            "bottlenecks": "Financiering na 2026.",
        },
        follow=True,
    )
    assert "De statusupdate is opgeslagen." in response.content.decode()
    update = StatusUpdate.objects.get(coalition=coalition)
    assert update.author == editor
    assert update.next_steps == "Werkagenda opstellen."


def test_phase_change_without_summary_is_refused_and_nothing_written(client, editor, coalition):
    client.force_login(editor)
    before = written_count()
    response = client.post(status_url(coalition), {"date": "2025-02-01", "phase": "uitvoering"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "De fase verandert van Vorming naar Uitvoering" in html
    assert 'id="error_1_id_summary"' in html or "invalid-feedback" in html
    assert written_count() == before
    coalition.refresh_from_db()
    assert coalition.phase == Phase.VORMING


def test_phase_change_with_summary_moves_the_coalition_on(client, editor, coalition):
    client.force_login(editor)
    client.post(
        status_url(coalition),
        {"date": "2025-02-01", "phase": "uitvoering", "summary": "Plan vastgesteld."},
    )
    coalition.refresh_from_db()
    assert coalition.phase == Phase.UITVOERING


def test_status_update_in_the_future_is_refused(client, editor, coalition):
    client.force_login(editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        status_url(coalition), {"date": tomorrow.isoformat(), "phase": "vorming"}
    )
    assert "kan niet in de toekomst liggen" in response.content.decode()
    assert not StatusUpdate.objects.exists()


def test_timeline_shows_every_update_newest_first_with_author_and_date(
    client, member, editor, coalition
):
    editor.first_name, editor.last_name = "Iris", "Adviseur"
    editor.save()
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2021, 1, 1), summary="Oudste")
    StatusUpdateFactory(
        coalition=coalition, date=datetime.date(2023, 1, 1), summary="Nieuwste", author=editor
    )
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2022, 1, 1), summary="Midden")
    client.force_login(member)
    html = client.get(status_url(coalition)).content.decode()
    assert html.index("Nieuwste") < html.index("Midden") < html.index("Oudste")
    assert "Door Iris Adviseur" in html
    assert "1 januari 2023" in html


# --- basics ---


def basics_url(coalition):
    return reverse("coalitions:workspace_basics", args=[coalition.slug])


def basics_data(coalition, **changes):
    data = {
        "ambition": coalition.ambition,
        "boegbeeld": coalition.boegbeeld,
        "start_date": coalition.start_date.isoformat() if coalition.start_date else "",
        "loaded_version": version(coalition),
    }
    data.update(changes)
    return data


def test_editor_edits_the_basics(client, editor, coalition):
    client.force_login(editor)
    data = basics_data(
        coalition,
        ambition="Iedere zwangere vóór week 10 in zorg.",
        boegbeeld="Wethouder (fictief) A. de Wit",
        start_date="2019-10-01",
    )
    response = client.post(basics_url(coalition), data, follow=True)
    assert "De gegevens van de coalitie zijn opgeslagen." in response.content.decode()
    coalition.refresh_from_db()
    assert coalition.ambition == "Iedere zwangere vóór week 10 in zorg."
    assert coalition.start_date == datetime.date(2019, 10, 1)


def test_invalid_basics_write_nothing(client, editor, coalition):
    client.force_login(editor)
    before = written_count()
    response = client.post(
        basics_url(coalition),
        basics_data(coalition, ambition="Nieuw", start_date="geen datum"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldige datum in." in html
    coalition.refresh_from_db()
    assert coalition.ambition != "Nieuw"
    assert written_count() == before


def test_stale_basics_form_is_refused_and_the_first_save_stays(client, editor, coalition):
    """Two editors open the form; the second to save is refused and sees what changed."""
    colleague = editor.__class__.objects.create_user("editor-a2", first_name="Kees")
    colleague.coalition_roles.create(coalition=coalition, role="editor")
    loaded = basics_data(coalition)  # both forms are loaded now

    other = client.__class__()
    other.force_login(colleague)
    first = other.post(basics_url(coalition), {**loaded, "ambition": "Eerste versie"})
    assert first.status_code == 302

    client.force_login(editor)
    response = client.post(basics_url(coalition), {**loaded, "ambition": "Tweede versie"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen opgeslagen" in html
    assert "Tweede versie" in html  # what the user typed, shown beside
    assert "Eerste versie" in html  # the stored value
    assert "door Kees" in html  # who changed it in the meantime
    coalition.refresh_from_db()
    assert coalition.ambition == "Eerste versie"


def test_refused_form_comes_back_on_the_stored_values_and_can_then_be_saved(
    client, editor, coalition
):
    loaded = basics_data(coalition)
    Coalition.objects.get(pk=coalition.pk).save()  # someone saved in between
    client.force_login(editor)
    refused = client.post(basics_url(coalition), {**loaded, "ambition": "Mijn versie"})
    assert refused.status_code == 409
    fresh_version = refused.context["form"].initial["loaded_version"]
    assert fresh_version == version(coalition)
    saved = client.post(
        basics_url(coalition), {**loaded, "loaded_version": fresh_version, "ambition": "Mijn"}
    )
    assert saved.status_code == 302
    coalition.refresh_from_db()
    assert coalition.ambition == "Mijn"


def test_form_without_version_is_treated_as_stale(client, editor, coalition):
    client.force_login(editor)
    data = basics_data(coalition, ambition="Zonder versie")
    del data["loaded_version"]
    assert client.post(basics_url(coalition), data).status_code == 409
    coalition.refresh_from_db()
    assert coalition.ambition != "Zonder versie"


# --- goals ---


def test_editor_adds_a_goal_with_an_owner_partner(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("coalitions:workspace_goal_create", args=[coalition.slug]),
        {
            "year": 2025,
            "description": "Alle partners kennen de sociale kaart.",
            "owner": partner.pk,
        },
        follow=True,
    )
    assert "Het doel is toegevoegd." in response.content.decode()
    goal = Goal.objects.get(coalition=coalition)
    assert goal.owner == partner and goal.year == 2025


def test_editor_evaluates_a_goal_at_year_end(client, editor, coalition):
    goal = GoalFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("coalitions:workspace_goal_edit", args=[coalition.slug, goal.pk]),
        {
            "year": goal.year,
            "description": goal.description,
            "evaluation": "Gehaald: 80% in zorg vóór week 10.",
            "loaded_version": version(goal),
        },
        follow=True,
    )
    assert "Het doel is opgeslagen." in response.content.decode()
    goal.refresh_from_db()
    assert goal.evaluation.startswith("Gehaald")
    assert "Gehaald: 80%" in response.content.decode()  # the goals list shows it


def test_goal_owner_from_another_coalition_is_refused(client, editor, coalition, other_coalition):
    foreign = CoalitionPartnerFactory(coalition=other_coalition)
    client.force_login(editor)
    response = client.post(
        reverse("coalitions:workspace_goal_create", args=[coalition.slug]),
        {"year": 2025, "description": "Doel", "owner": foreign.pk},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_year_out_of_range_and_duplicate_are_refused(client, editor, coalition):
    GoalFactory(coalition=coalition, year=2025, description="Zelfde doel")
    client.force_login(editor)
    url = reverse("coalitions:workspace_goal_create", args=[coalition.slug])
    html = client.post(url, {"year": 1999, "description": "Oud"}).content.decode()
    assert "Kies een jaar tussen 2015 en 2100." in html
    html = client.post(url, {"year": 2025, "description": "Zelfde doel"}).content.decode()
    assert "Dit doel staat al voor dit jaar." in html
    assert Goal.objects.count() == 1


def test_stale_goal_form_is_refused_and_the_first_save_stays(client, editor, coalition):
    goal = GoalFactory(coalition=coalition)
    loaded = version(goal)
    Goal.objects.filter(pk=goal.pk).update(evaluation="Eerst", updated_at=timezone.now())
    client.force_login(editor)
    response = client.post(
        reverse("coalitions:workspace_goal_edit", args=[coalition.slug, goal.pk]),
        {
            "year": goal.year,
            "description": goal.description,
            "evaluation": "Later",
            "loaded_version": loaded,
        },
    )
    assert response.status_code == 409
    assert "Eerst" in response.content.decode()
    goal.refresh_from_db()
    assert goal.evaluation == "Eerst"


def test_overview_counts_running_partners_per_domain_and_shows_this_years_goals(
    client, member, coalition
):
    CoalitionPartnerFactory(coalition=coalition, organisation__category="verloskundigen")
    CoalitionPartnerFactory(coalition=coalition, organisation__category="wijkteam")
    CoalitionPartnerFactory(
        coalition=coalition, organisation__category="welzijn", until=datetime.date(2021, 1, 1)
    )
    GoalFactory(coalition=coalition, year=timezone.localdate().year, description="Dit jaar")
    GoalFactory(coalition=coalition, year=2019, description="Lang geleden")
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug])).content
    html = " ".join(html.decode().split())
    assert "2 actieve partners: medisch 1, publieke gezondheid 0, sociaal 1," in html
    assert "Dit jaar" in html and "Lang geleden" not in html
    assert "Gegevens bewerken" not in html  # a member gets no edit buttons
