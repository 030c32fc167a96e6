"""Pharos' feedback: written in the admin, read by the coalition's editors."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from coalitions.models import Feedback
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_pharos_leaves_feedback_in_the_admin_as_its_author(client, pharos, coalition):
    client.force_login(pharos)
    response = client.post(
        reverse("admin:coalitions_feedback_add"),
        {"coalition": coalition.pk, "date": "2024-07-01", "text": "Betrek de kraamzorg."},
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.coalition, feedback.author, feedback.text) == (
        coalition,
        pharos,
        "Betrek de kraamzorg.",
    )


def test_empty_feedback_is_refused_and_nothing_is_saved(client, pharos, coalition):
    client.force_login(pharos)
    response = client.post(
        reverse("admin:coalitions_feedback_add"), {"coalition": coalition.pk, "text": ""}
    )

    assert response.status_code == 200
    assert Feedback.objects.count() == 0


def test_pharos_cannot_change_another_advisers_feedback(client, pharos, coalition):
    colleague = UserFactory(username="collega", is_staff=True)
    feedback = FeedbackFactory(coalition=coalition, author=colleague, text="Origineel.")
    client.force_login(pharos)

    response = client.post(
        reverse("admin:coalitions_feedback_change", args=[feedback.pk]),
        {"coalition": coalition.pk, "date": "2024-07-01", "text": "Overschreven."},
    )

    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.text == "Origineel."


def test_editors_see_feedback_on_their_own_coalition_only(
    editor, member, other_editor, coalition, other_coalition
):
    mine = FeedbackFactory(coalition=coalition, text="Voor Delft.")
    FeedbackFactory(coalition=other_coalition, text="Voor Utrecht.")

    assert list(Feedback.objects.for_workspace(editor)) == [mine]
    assert [f.text for f in Feedback.objects.for_workspace(other_editor)] == ["Voor Utrecht."]
    assert list(Feedback.objects.for_workspace(member)) == []


def test_the_feedback_include_shows_date_author_and_text(editor, coalition):
    author = UserFactory(username="adviseur", first_name="Mira", last_name="Pharosma")
    FeedbackFactory(coalition=coalition, author=author, text="Mooi werk.\nGa zo door.")

    html = render_to_string(
        "coalitions/_feedback.html",
        {"feedback_list": Feedback.objects.for_workspace(editor)},
    )

    assert "Mira Pharosma" in html
    assert "1 juli 2024" in html
    assert "Mooi werk.<br>Ga zo door." in html
