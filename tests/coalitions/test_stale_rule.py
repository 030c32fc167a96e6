"""One rule for "stale coalition": its latest status update is dated more than six months ago.

A coalition without any update counts from its start date (else from the day it was entered).
The Pharos overview, the stale-data page, the workspace's attention list and the editors'
reminders all use `Coalition.objects.stale()`, so they name the same coalitions.
"""

import datetime

import pgtrigger
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition, CoalitionRole, StatusUpdate, months_before
from kansrijke.pharos import reports
from partners.models import CoalitionPartner
from tests.factories import (
    AssessmentFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SIX_MONTHS_AGO = months_before(TODAY, 6)
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def stale_names(on=None):
    return {c.name for c in Coalition.objects.stale(on)}


def store_long_ago(coalition):
    """Pretend the coalition and its updates were entered in the app long ago."""
    Coalition.objects.filter(pk=coalition.pk).update(created_at=LONG_AGO)
    # Status updates are append-only in the database; tests may rewrite time itself.
    with pgtrigger.ignore("coalitions.StatusUpdate:statusupdate_append_only"):
        StatusUpdate.objects.filter(coalition=coalition).update(created_at=LONG_AGO)


def test_an_update_exactly_six_months_old_is_fine_one_day_older_is_stale():
    fine = StatusUpdateFactory(coalition__name="Precies", date=SIX_MONTHS_AGO).coalition
    StatusUpdateFactory(coalition__name="Een dag te oud", date=SIX_MONTHS_AGO - DAY)

    assert stale_names() == {"Een dag te oud"}
    assert not fine.is_stale() and fine.is_stale(TODAY + datetime.timedelta(days=1))


def test_the_update_date_counts_not_the_moment_it_was_stored():
    # Stored today about a day long ago: stale (the old stale page said "just updated").
    StatusUpdateFactory(coalition__name="Achteraf", date=datetime.date(2020, 1, 1))
    # Stored long ago about a recent day: not stale.
    recent = StatusUpdateFactory(coalition__name="Recent", date=TODAY - DAY).coalition
    store_long_ago(recent)

    assert stale_names() == {"Achteraf"}


def test_the_newest_update_counts_not_the_oldest(coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2020, 1, 1))
    StatusUpdateFactory(coalition=coalition, date=TODAY)
    assert stale_names() == set()


def test_without_updates_a_coalition_counts_from_its_start_date_else_its_entry():
    CoalitionFactory(name="Al lang bezig", start_date=datetime.date(2020, 1, 1))
    CoalitionFactory(name="Net begonnen", start_date=TODAY - DAY)
    CoalitionFactory(name="Zonder startdatum", start_date=None)
    entered_long_ago = CoalitionFactory(name="Lang geleden ingevoerd", start_date=None)
    store_long_ago(entered_long_ago)

    assert stale_names() == {"Al lang bezig", "Lang geleden ingevoerd"}
    assert "Zonder startdatum" in stale_names(TODAY + datetime.timedelta(days=200))


def test_old_partners_or_assessments_do_not_make_a_coalition_stale(coalition):
    StatusUpdateFactory(coalition=coalition, date=TODAY)
    CoalitionPartnerFactory(coalition=coalition)
    AssessmentFactory(coalition=coalition)
    CoalitionPartner.objects.filter(coalition=coalition).update(updated_at=LONG_AGO)
    store_long_ago(coalition)

    assert stale_names() == set()
    # They stay visible as extra information on the stale-data page.
    parts = {p["key"]: p for p in coalition.touched_parts()}
    assert parts["partners"]["stale"] is True


@pytest.fixture
def mixed(editor):
    """Three coalitions the editor edits: stale, fresh, and never updated for years."""
    stale = StatusUpdateFactory(coalition__name="Verouderd", date=datetime.date(2024, 1, 5))
    fresh = StatusUpdateFactory(coalition__name="Bijgewerkt", date=TODAY)
    silent = CoalitionFactory(name="Nooit bijgewerkt", start_date=datetime.date(2021, 3, 1))
    for coalition in (stale.coalition, fresh.coalition, silent):
        CoalitionRoleFactory(user=editor, coalition=coalition, role=CoalitionRole.Role.EDITOR)
    return {"Verouderd", "Nooit bijgewerkt"}


def test_overview_stale_page_attention_list_and_reminders_name_the_same_coalitions(
    client, pharos, editor, coalition, mixed
):
    # The editor's own fixture coalition (no update, started 2020) is stale as well.
    expected = mixed | {coalition.name}

    client.force_login(pharos)
    overview = client.get(reverse("pharos:overview"))
    stale_page = client.get(reverse("pharos:stale"))
    client.force_login(editor)
    workspace = client.get(reverse("coalitions:workspace"))

    assert {c.name for c in overview.context["figures"].without_recent_status} == expected
    assert {c.name for c in stale_page.context["coalitions"]} == expected
    flagged = {
        row["coalition"].name
        for row in workspace.context["rows"]
        if any(item.code == "stale_status" for item in row["attention"])
    }
    assert flagged == expected
    assert {c.name for c in workspace.context["stale_coalitions"]} == expected
    html = workspace.content.decode()
    assert "Verouderd: geen statusupdate sinds 5 januari 2024" in html
    assert "Nooit bijgewerkt: nog geen enkele statusupdate sinds 1 maart 2021" in html


def test_editors_are_reminded_of_their_own_stale_coalitions_only(
    editor, member, other_editor, coalition, other_coalition
):
    StatusUpdateFactory(coalition=other_coalition, date=datetime.date(2020, 1, 1))

    assert list(Coalition.objects.reminders_for(editor)) == [coalition]
    assert list(Coalition.objects.reminders_for(member)) == []
    assert list(Coalition.objects.reminders_for(other_editor)) == [other_coalition]
    html = render_to_string(
        "coalitions/_reminders.html",
        {"stale_coalitions": Coalition.objects.reminders_for(editor)},
    )
    assert "Delft test: nog geen enkele statusupdate sinds 1 januari 2020" in html


def test_the_workspace_reminds_each_user_of_what_reminders_for_names(
    client, editor, member, pharos, coalition, other_coalition
):
    # The workspace reads its reminders from its own rows: the same as `reminders_for`, for an
    # editor, a member of a stale coalition and Pharos (who sees every coalition, edits one).
    StatusUpdateFactory(coalition=other_coalition, date=datetime.date(2020, 1, 1))
    CoalitionRoleFactory(user=pharos, coalition=other_coalition, role=CoalitionRole.Role.EDITOR)
    expected = {editor: [coalition], member: [], pharos: [other_coalition]}

    for user, coalitions in expected.items():
        assert list(Coalition.objects.reminders_for(user)) == coalitions
        client.force_login(user)
        response = client.get(reverse("coalitions:workspace"))
        assert response.context["stale_coalitions"] == coalitions, user.username


def test_the_stale_page_shows_the_status_date_and_the_other_parts_as_information(
    client, pharos, coalition
):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 2, 29))
    CoalitionPartnerFactory(coalition=coalition)
    client.force_login(pharos)

    html = client.get(reverse("pharos:stale")).content.decode()

    assert "1 coalitie met verouderde gegevens" in html
    assert "29 februari 2024" in html
    assert "partners laatst bijgewerkt" in html


def same_counts(client, pharos):
    client.force_login(pharos)
    overview = client.get(reverse("pharos:overview")).context["figures"]
    stale_page = client.get(reverse("pharos:stale")).context["coalitions"]
    return (
        len(overview.without_recent_status),
        len(stale_page),
        Coalition.objects.stale().count(),
        len(reports.stale_coalitions()),
    )


def test_overview_and_stale_page_agree_on_the_demo_data(client, pharos, settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False

    overview, stale_page, rule, report = same_counts(client, pharos)

    assert overview == stale_page == rule == report
    # Some demo coalitions are stale on purpose (their last update is more than half a year
    # old), which the stale page used to deny (it counted when rows were stored, the overview
    # their dates).
    assert rule > 0


def test_overview_and_stale_page_agree_on_the_bench_data(client, pharos, settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=4)
    settings.DEBUG = False

    overview, stale_page, rule, report = same_counts(client, pharos)

    assert overview == stale_page == rule == report
    assert rule > 0


def test_six_months_before_the_end_of_august_is_the_end_of_february():
    assert months_before(datetime.date(2025, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 1, 1), 6) == datetime.date(2024, 7, 1)
