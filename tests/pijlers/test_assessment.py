import datetime

import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse

from pijlers.models import Assessment, AssessmentAnswer, Pillar
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def assess_url(coalition, number=1):
    return reverse("pijlers:assess", args=[coalition.slug, number])


def post_assessment(client, coalition, date, level, **extra):
    data = {"date": date, "level": level, "notes": "", "next_actions": "", **extra}
    return client.post(assess_url(coalition), data)


def test_two_assessments_on_two_dates_are_both_kept_and_shown_side_by_side(
    client, editor, coalition
):
    pillar = Pillar.objects.get(number=1)
    question = pillar.questions.order_by("order").first()
    client.force_login(editor)
    post_assessment(
        client, coalition, "2024-01-15", "verkennend", **{f"answer_{question.pk}": "Nog niet."}
    )
    response = post_assessment(
        client,
        coalition,
        "2024-09-01",
        "ingericht",
        next_actions="Doelen jaarlijks evalueren.",
        **{f"answer_{question.pk}": "Ja, vastgesteld."},
    )
    assert response.status_code == 302

    first, second = Assessment.objects.filter(coalition=coalition).order_by("date")
    assert (first.date, first.level) == (datetime.date(2024, 1, 15), "verkennend")
    assert (second.date, second.level) == (datetime.date(2024, 9, 1), "ingericht")
    assert first.answers.get().text == "Nog niet."  # the old answer was not overwritten
    assert second.answers.get().text == "Ja, vastgesteld."

    page = client.get(reverse("pijlers:overview", args=[coalition.slug])).content.decode()
    assert "Ingericht" in page and "Verkennend (15 januari 2024)" in page
    assert "Doelen jaarlijks evalueren." in page


def test_progress_between_two_dates_shows_the_level_on_each_date(client, member, coalition):
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 1, 15), level="verkennend")
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 9, 1), level="ingericht")
    client.force_login(member)
    response = client.get(
        reverse("pijlers:progress", args=[coalition.slug]),
        {"van": "2024-02-01", "tot": "2024-12-31"},
    )
    rows = {r["pillar"].number: r for r in response.context["rows"]}
    assert rows[1]["before"].level == "verkennend"
    assert rows[1]["after"].level == "ingericht"
    assert rows[1]["change"] == 2
    assert rows[2]["before"] is None and rows[2]["after"] is None
    assert rows[2]["change"] is None
    assert "vooruit (+2)" in response.content.decode()


def test_progress_marks_a_pillar_assessed_for_the_first_time_between_the_dates(
    client, member, coalition
):
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 9, 1), level="verkennend")
    client.force_login(member)
    response = client.get(
        reverse("pijlers:progress", args=[coalition.slug]),
        {"van": "2024-01-01", "tot": "2024-12-31"},
    )
    assert response.context["rows"][0]["change"] is None
    assert "voor het eerst beoordeeld" in response.content.decode()


def test_progress_refuses_dates_in_the_wrong_order(client, member, coalition):
    client.force_login(member)
    response = client.get(
        reverse("pijlers:progress", args=[coalition.slug]),
        {"van": "2024-12-31", "tot": "2024-01-01"},
    )
    assert response.context["rows"] is None
    assert "De tweede datum ligt vóór de eerste." in response.content.decode()


def test_overview_for_a_date_ignores_later_assessments(coalition):
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 1, 15), level="verkennend")
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 9, 1), level="geborgd")
    states = Pillar.objects.overview_for(coalition, on=datetime.date(2024, 6, 1))
    assert states[0].current.level == "verkennend"
    assert states[0].previous is None
    now = Pillar.objects.overview_for(coalition)
    assert (now[0].current.level, now[0].previous.level) == ("geborgd", "verkennend")


def test_assessments_cannot_be_changed_or_deleted_in_the_database(coalition):
    assessment = AssessmentFactory(coalition=coalition)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(level="geborgd")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        assessment.delete()
    assessment.refresh_from_db()
    assert assessment.level == "verkennend"


def test_the_form_is_prefilled_with_the_latest_assessment(client, editor, coalition):
    AssessmentFactory(coalition=coalition, level="in_ontwikkeling", notes="Sleutelpersonen erbij.")
    client.force_login(editor)
    form = client.get(assess_url(coalition)).context["form"]
    assert form["level"].value() == "in_ontwikkeling"
    assert form["notes"].value() == "Sleutelpersonen erbij."


def test_an_assessment_in_the_future_is_refused_and_nothing_is_written(client, editor, coalition):
    client.force_login(editor)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = post_assessment(client, coalition, tomorrow.isoformat(), "geborgd")
    assert response.status_code == 200
    assert "kan niet in de toekomst liggen" in response.content.decode()
    assert not Assessment.objects.exists()


def test_editor_of_another_coalition_cannot_change_this_ones_assessment(
    client, other_editor, coalition
):
    client.force_login(other_editor)
    assert post_assessment(client, coalition, "2024-01-15", "geborgd").status_code == 404
    assert client.get(assess_url(coalition)).status_code == 404
    assert not Assessment.objects.exists()


def test_member_can_read_but_not_change_the_assessment(client, member, coalition):
    client.force_login(member)
    assert client.get(reverse("pijlers:pillar", args=[coalition.slug, 1])).status_code == 200
    assert post_assessment(client, coalition, "2024-01-15", "geborgd").status_code == 403
    assert not Assessment.objects.exists()


def test_pharos_reads_every_coalition_but_does_not_assess_for_it(client, pharos, coalition):
    client.force_login(pharos)
    assert client.get(reverse("pijlers:overview", args=[coalition.slug])).status_code == 200
    assert post_assessment(client, coalition, "2024-01-15", "geborgd").status_code == 403
    assert not Assessment.objects.exists()


def test_anonymous_visitor_is_sent_to_login_and_nothing_is_written(client, coalition):
    response = post_assessment(client, coalition, "2024-01-15", "geborgd")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Assessment.objects.exists()
    assert not AssessmentAnswer.objects.exists()


def test_outsider_does_not_learn_that_the_denkraam_exists(client, outsider, coalition):
    client.force_login(outsider)
    assert client.get(reverse("pijlers:overview", args=[coalition.slug])).status_code == 404


def test_pillars_without_assessment_are_listed_for_attention(client, editor, coalition):
    AssessmentFactory(coalition=coalition, pillar=Pillar.objects.get(number=2))
    missing = Pillar.objects.without_assessment_for(coalition)
    assert [p.number for p in missing] == [1, 3, 4, 5]
    client.force_login(editor)
    page = client.get(reverse("pijlers:overview", args=[coalition.slug])).content.decode()
    assert "Nog niet beoordeeld" in page


def test_the_pillar_page_shows_the_history_with_answers_also_without_author(
    client, member, coalition
):
    pillar = Pillar.objects.get(number=1)
    old = AssessmentFactory(coalition=coalition, date=datetime.date(2023, 5, 1), author=None)
    AssessmentAnswer.objects.create(
        assessment=old, question=pillar.questions.first(), text="Visie in de maak."
    )
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 5, 1), level="geborgd")
    client.force_login(member)
    response = client.get(reverse("pijlers:pillar", args=[coalition.slug, 1]))
    page = response.content.decode()
    assert [a.date.year for a in response.context["history"]] == [2024, 2023]
    assert "Visie in de maak." in page
    assert "Nieuwe zelfevaluatie" not in page  # members see no edit button
