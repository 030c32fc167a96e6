"""Pharos' feedback and the stale-data reminder, as editors see them in their workspace."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import FeedbackFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def detail(client, user, coalition):
    client.force_login(user)
    return client.get(
        reverse("coalitions:workspace_detail", args=[coalition.slug])
    ).content.decode()


def test_editor_reads_pharos_feedback_on_the_coalition_overview(client, editor, coalition, pharos):
    FeedbackFactory(coalition=coalition, author=pharos, text="Betrek ook het sociaal wijkteam.")
    html = detail(client, editor, coalition)
    assert "Feedback van Pharos" in html
    assert "Betrek ook het sociaal wijkteam." in html


def test_feedback_is_for_editors_not_for_members(client, member, coalition, pharos):
    FeedbackFactory(coalition=coalition, author=pharos, text="Betrek ook het sociaal wijkteam.")
    html = detail(client, member, coalition)
    assert "Betrek ook het sociaal wijkteam." not in html
    assert "Feedback van Pharos" not in html


def test_feedback_on_another_coalition_stays_there(
    client, editor, coalition, other_coalition, pharos
):
    FeedbackFactory(coalition=other_coalition, author=pharos, text="Alleen voor Utrecht.")
    assert "Alleen voor Utrecht." not in detail(client, editor, coalition)


def test_editor_of_a_coalition_left_alone_for_half_a_year_is_reminded(client, editor, coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 3, 5))
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Herinnering: werk uw coalitie bij" in html
    assert f"{coalition.name}: geen statusupdate sinds 5 maart 2024" in html


def test_no_reminder_for_a_fresh_coalition(client, editor, coalition):
    StatusUpdateFactory(coalition=coalition, date=timezone.localdate())
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Herinnering: werk uw coalitie bij" not in html


def test_feedback_does_not_reach_members_through_the_history_page(
    client, member, coalition, pharos
):
    FeedbackFactory(coalition=coalition, author=pharos, text="Betrek ook het sociaal wijkteam.")
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug]))
    assert html.status_code == 200
    assert "Betrek ook het sociaal wijkteam." not in html.content.decode()
