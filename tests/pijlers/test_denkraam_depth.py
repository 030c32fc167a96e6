"""Denkraam depth (issue 18): the cross-cutting elements assessed like the pillars, a target
per pillar and element read as on a date, and the pijlerdekking of running work."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiments.models import ItemStatus, WorkItem
from pijlers.models import (
    Assessment,
    CrossCuttingElement,
    Indicator,
    Pillar,
    Target,
)
from tests.factories import AssessmentFactory, GoalFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def url(name, coalition, *args):
    return reverse(f"pijlers:{name}", args=[coalition.slug, *args])


# --- The six cross-cutting elements, assessable like the pillars ----------------------------


def test_each_of_the_six_elements_has_questions_of_its_own_and_a_short_name():
    elements = list(CrossCuttingElement.objects.with_questions())
    assert [e.name for e in elements][:2] == [
        "Sensitieve vroegsignalering",
        "Samenwerken over domeinen heen",
    ]
    assert len(elements) == 6
    assert all(len(e.active_questions) >= 4 and e.short_name for e in elements)


def test_an_editor_assesses_an_element_with_answers_and_sees_it_on_the_denkraam(
    client, editor, coalition
):
    element = CrossCuttingElement.objects.get(order=6)
    question = element.questions.order_by("order").first()
    client.force_login(editor)
    response = client.post(
        url("assess_element", coalition, 6),
        {
            "date": "2024-03-01",
            "level": "in_ontwikkeling",
            "notes": "",
            "next_actions": "Scholing over gehechtheid voor de wijkteams.",
            f"answer_{question.pk}": "Alleen bij de JGZ.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("element", coalition, 6)
    assessment = Assessment.objects.get(coalition=coalition)
    assert (assessment.element, assessment.pillar) == (element, None)
    assert assessment.answers.get().text == "Alleen bij de JGZ."

    detail = client.get(url("element", coalition, 6)).content.decode()
    assert "Goede gehechtheid tussen kind en verzorgers" in detail
    assert question.text in detail and "Alleen bij de JGZ." in detail
    overview = client.get(url("overview", coalition)).content.decode()
    assert "De doorlopende elementen" in overview
    assert "In ontwikkeling" in overview
    assert "Scholing over gehechtheid voor de wijkteams." in overview
    # The pillar with the same number is untouched.
    assert Pillar.objects.overview_for(coalition)[0].current is None


def test_a_member_reads_an_element_but_cannot_assess_it_and_another_coalition_gets_404(
    client, member, other_editor, coalition
):
    client.force_login(member)
    assert client.get(url("element", coalition, 1)).status_code == 200
    answer = client.post(url("assess_element", coalition, 1), {"date": "2024-03-01"})
    assert answer.status_code == 403
    client.force_login(other_editor)
    assert client.get(url("element", coalition, 1)).status_code == 404
    assert client.get(url("assess_element", coalition, 1)).status_code == 404
    assert not Assessment.objects.exists()


def test_an_assessment_about_both_a_pillar_and_an_element_is_refused_by_model_and_database(
    coalition,
):
    both = Assessment(
        coalition=coalition,
        pillar=Pillar.objects.get(number=1),
        element=CrossCuttingElement.objects.get(order=1),
        date=datetime.date(2024, 1, 1),
        level="verkennend",
    )
    with pytest.raises(ValidationError, match="Kies een pijler of een doorlopend element"):
        both.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()


def test_the_public_page_shows_element_levels_once_one_is_assessed_without_notes(client, coalition):
    page = reverse("coalitions:public_detail", args=[coalition.slug])
    assert "Sensitieve vroegsignalering" not in client.get(page).content.decode()
    AssessmentFactory(
        coalition=coalition,
        pillar=None,
        element=CrossCuttingElement.objects.get(order=1),
        level="ingericht",
        notes="Intern: de lijst schrikt ouders af.",
    )
    html = client.get(page).content.decode()
    assert "Sensitieve vroegsignalering" in html and "Ingericht" in html
    assert "schrikt ouders af" not in html


def test_pharos_sees_the_elements_in_the_maturity_per_pillar(client, pharos, coalition):
    AssessmentFactory(
        coalition=coalition, pillar=None, element=CrossCuttingElement.objects.get(order=2)
    )
    client.force_login(pharos)
    html = client.get(reverse("pharos:overview")).content.decode()
    assert "Element: Samenwerken over domeinen heen" in html


# --- Streefsituatie: a target per pillar and element --------------------------------------


def test_an_editor_sets_a_target_and_sees_it_drawn_against_the_current_level(
    client, editor, coalition
):
    AssessmentFactory(coalition=coalition, level="verkennend")
    client.force_login(editor)
    response = client.post(
        url("target_pillar", coalition, 1),
        {"level": "ingericht", "target_date": "2026-12-31", "notes": "Visie vastgesteld."},
    )
    assert response.status_code == 302
    target = Target.objects.get(coalition=coalition)
    assert (target.pillar.number, target.level) == (1, "ingericht")
    assert target.target_date == datetime.date(2026, 12, 31)

    page = client.get(url("targets", coalition))
    html = page.content.decode()
    assert "<svg" in html and "streefniveau" in html
    row = page.context["rows"][0]
    assert (row.state.level, row.target.level, row.gap) == ("verkennend", "ingericht", 2)
    assert "2 stappen" in html and "31 december 2026" in html  # the one page date format
    # An element gets a target the same way.
    client.post(
        url("target_element", coalition, 3),
        {"level": "geborgd", "target_date": "2027-06-30", "notes": ""},
    )
    assert Target.objects.get(element__order=3).level == "geborgd"


def test_a_target_with_an_impossible_level_or_no_date_is_refused_in_dutch(
    client, editor, coalition
):
    client.force_login(editor)
    response = client.post(
        url("target_pillar", coalition, 1), {"level": "perfect", "target_date": ""}
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Target.objects.exists()
    response = client.post(
        url("target_pillar", coalition, 1), {"level": "geborgd", "target_date": "0202-01-01"}
    )
    assert "Kies een streefdatum tussen 2015 en 2100." in response.content.decode()
    assert not Target.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            coalition=coalition,
            pillar=Pillar.objects.get(number=1),
            level="geborgd",
            target_date=datetime.date(1999, 1, 1),
        )


def test_a_member_sees_targets_but_cannot_set_one_and_another_coalition_gets_404(
    client, member, other_editor, coalition
):
    data = {"level": "geborgd", "target_date": "2026-01-01"}
    client.force_login(member)
    page = client.get(url("targets", coalition))
    assert page.status_code == 200
    assert url("target_pillar", coalition, 1) not in page.content.decode()
    assert client.post(url("target_pillar", coalition, 1), data).status_code == 403
    client.force_login(other_editor)
    assert client.get(url("targets", coalition)).status_code == 404
    assert client.post(url("target_pillar", coalition, 1), data).status_code == 404
    assert not Target.objects.exists()


def test_a_page_for_an_earlier_date_shows_the_target_and_the_level_as_they_were_then(
    client, editor, coalition
):
    AssessmentFactory(coalition=coalition, date=datetime.date(2024, 1, 15), level="verkennend")
    client.force_login(editor)
    target_url = url("target_pillar", coalition, 1)
    client.post(target_url, {"level": "in_ontwikkeling", "target_date": "2025-12-31"})
    # The target as it was at the end of yesterday: move the recorded version a day back.
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Target.pgh_event_model.objects.update(
        pgh_created_at=datetime.datetime.combine(yesterday, datetime.time(12), datetime.UTC)
    )
    form_page = client.get(target_url)
    data = {
        "level": "geborgd",
        "target_date": "2027-12-31",
        "notes": "Hoger gemikt.",
        **{k: v for k, v in form_page.context["form"].initial.items() if k.startswith("_")},
    }
    hidden = {f.name: f.value() for f in form_page.context["form"].hidden_fields()}
    response = client.post(target_url, {**data, **hidden})
    assert response.status_code == 302
    AssessmentFactory(coalition=coalition, date=datetime.date.today(), level="ingericht")

    today = client.get(url("targets", coalition)).context["rows"][0]
    assert (today.state.level, today.target.level) == ("ingericht", "geborgd")
    then = client.get(url("targets", coalition), {"peildatum": yesterday.isoformat()})
    row = then.context["rows"][0]
    assert (row.state.level, row.target.level) == ("verkennend", "in_ontwikkeling")
    assert row.target.target_date == datetime.date(2025, 12, 31)
    # Before the target existed there was none; the progress page reads the same rule.
    progress = client.get(
        url("progress", coalition), {"van": "2024-02-01", "tot": yesterday.isoformat()}
    )
    first = progress.context["rows"][0]
    assert first["target_before"] is None
    assert first["target_after"].level == "in_ontwikkeling"


def test_a_deleted_target_is_gone_from_later_dates_but_not_from_earlier_ones(coalition):
    target = Target.objects.create(
        coalition=coalition,
        pillar=Pillar.objects.get(number=2),
        level="ingericht",
        target_date=datetime.date(2026, 1, 1),
    )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Target.pgh_event_model.objects.update(
        pgh_created_at=datetime.datetime.combine(yesterday, datetime.time(12), datetime.UTC)
    )
    target.delete()
    assert Target.objects.as_on(coalition, datetime.date.today()) == {}
    assert Target.objects.as_on(coalition, yesterday)[("pillar", target.pillar_id)].level == (
        "ingericht"
    )


def test_a_peildatum_in_the_future_is_refused_with_a_dutch_message(client, member, coalition):
    client.force_login(member)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.get(url("targets", coalition), {"peildatum": future})
    assert response.status_code == 200
    assert "niet in de toekomst" in response.content.decode()
    assert response.context["on"] is None


def test_the_targets_page_asks_the_same_number_of_queries_however_many_targets(
    client, member, coalition
):
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("targets", coalition)).status_code == 200
        return len(ctx)

    AssessmentFactory(coalition=coalition)
    small = count()
    for pillar in Pillar.objects.all():
        AssessmentFactory(coalition=coalition, pillar=pillar, date=datetime.date(2024, 5, 1))
        Target.objects.create(
            coalition=coalition, pillar=pillar, level="geborgd", target_date="2027-01-01"
        )
    for element in CrossCuttingElement.objects.all():
        AssessmentFactory(coalition=coalition, pillar=None, element=element)
        Target.objects.create(
            coalition=coalition, element=element, level="ingericht", target_date="2027-01-01"
        )
    assert count() == small


# --- Links to pillars and the pijlerdekking ----------------------------------------------


def test_an_editor_links_a_work_item_and_a_goal_to_pillars_in_their_own_forms(
    client, editor, coalition
):
    item = WorkItemFactory(coalition=coalition, status=ItemStatus.LOPEND)
    client.force_login(editor)
    edit_url = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    form = client.get(edit_url).context["form"]
    assert "pillars" in form.fields and "elements" in form.fields
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k not in ("levels",)},
        **{f.name: f.value() for f in form.hidden_fields()},
        "kind": item.kind,
        "title": item.title,
        "status": item.status,
        "start_quarter": item.start_quarter,
        "end_quarter": item.end_quarter,
        "pillars": [Pillar.objects.get(number=3).pk],
        "elements": [CrossCuttingElement.objects.get(order=5).pk],
    }
    data.pop("themes", None), data.pop("partners", None), data.pop("lead_partner", None)
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert [p.number for p in item.pillars.all()] == [3]
    assert [e.order for e in item.elements.all()] == [5]
    detail = client.get(reverse("experiments:item_detail", args=[coalition.slug, item.pk]))
    assert "Community-aanpak; Veerkrachtig ouderschap en netwerk" in detail.content.decode()

    indicator = Indicator.objects.get(code="in-beeld-voor-10-weken")
    response = client.post(
        reverse("coalitions:workspace_goal_create", args=[coalition.slug]),
        {
            "year": 2025,
            "description": "Meer zwangeren vóór week 10 in beeld.",
            "pillars": [Pillar.objects.get(number=2).pk],
            "indicators": [indicator.pk],
        },
    )
    assert response.status_code == 302
    goal = coalition.goals.get()
    assert [p.number for p in goal.pillars.all()] == [2]
    assert list(goal.indicators.all()) == [indicator]


def test_the_pijlerdekking_shows_running_work_per_pillar_and_where_there_is_none(
    client, member, coalition, other_coalition
):
    regie, community = Pillar.objects.get(number=5), Pillar.objects.get(number=3)
    gehechtheid = CrossCuttingElement.objects.get(order=6)
    running = WorkItemFactory(coalition=coalition, title="Eén regisseur per gezin")
    running.pillars.add(regie)
    running.elements.add(gehechtheid)
    planned = WorkItemFactory(
        coalition=coalition, title="Sleutelpersonen werven", status=ItemStatus.GEPLAND
    )
    planned.pillars.add(community)
    elsewhere = WorkItemFactory(coalition=other_coalition, title="Regie in Utrecht")
    elsewhere.pillars.add(community)
    this_year = datetime.date.today().year
    GoalFactory(coalition=coalition, year=this_year, description="Elk gezin één plan.").pillars.add(
        regie
    )
    GoalFactory(coalition=coalition, year=this_year - 3, description="Oud doel.").pillars.add(regie)

    client.force_login(member)
    denkraam = client.get(url("overview", coalition)).content.decode()
    assert url("coverage", coalition) in denkraam
    response = client.get(url("coverage", coalition))
    rows = {(r.subject.subject_field, r.subject.number): r for r in response.context["rows"]}
    assert [w.title for w in rows[("pillar", 5)].work] == ["Eén regisseur per gezin"]
    assert [w.title for w in rows[("element", 6)].work] == ["Eén regisseur per gezin"]
    # Planned work is not running; another coalition's work does not count here.
    assert not rows[("pillar", 3)].covered
    assert [g.description for g in rows[("pillar", 5)].goals] == ["Elk gezin één plan."]
    html = response.content.decode()
    assert "Geen lopend werk" in html and "Regie in Utrecht" not in html
    assert reverse("experiments:item_detail", args=[coalition.slug, running.pk]) in html


def test_the_running_rule_counts_only_items_with_status_lopend(coalition):
    for status in ItemStatus.values:
        WorkItemFactory(coalition=coalition, status=status)
    assert list(WorkItem.objects.running().values_list("status", flat=True)) == ["lopend"]


def test_another_coalition_gets_404_on_the_pijlerdekking_and_pharos_sees_it(
    client, other_editor, pharos, coalition
):
    client.force_login(other_editor)
    assert client.get(url("coverage", coalition)).status_code == 404
    WorkItemFactory(coalition=coalition).pillars.add(Pillar.objects.get(number=1))
    client.force_login(pharos)
    assert client.get(url("coverage", coalition)).status_code == 200
    overview = client.get(reverse("pharos:overview"))
    assert ("1. Overkoepelende programmadoelen en gezamenlijke uitkomsten", 1) in (
        overview.context["figures"].pillar_coverage
    )


def test_the_pijlerdekking_asks_the_same_number_of_queries_however_much_work(
    client, member, coalition
):
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("coverage", coalition)).status_code == 200
        return len(ctx)

    WorkItemFactory(coalition=coalition).pillars.add(Pillar.objects.get(number=1))
    small = count()
    for _ in range(8):
        item = WorkItemFactory(coalition=coalition)
        item.pillars.set(Pillar.objects.all())
        item.elements.set(CrossCuttingElement.objects.all())
    GoalFactory(coalition=coalition, year=datetime.date.today().year).pillars.set(
        Pillar.objects.all()
    )
    assert count() == small
