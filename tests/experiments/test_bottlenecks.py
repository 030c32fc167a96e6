import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from experiments.models import Bottleneck, Escalation, EscalationLevel
from experiments.services import escalate_bottleneck
from tests.factories import BottleneckFactory, CoalitionFactory, WorkItemFactory
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db

D = datetime.date


def escalate(bottleneck, to_level, date, reason="Werkgroep komt er niet uit."):
    return escalate_bottleneck(
        bottleneck=bottleneck, to_level=to_level, date=date, escalated_by="Werkgroep", reason=reason
    )


def test_escalation_history_is_kept_in_order_and_moves_the_level(coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition, raised_on=D(2020, 1, 10))
    escalate(bottleneck, EscalationLevel.AMBTELIJK, D(2020, 2, 1), "eerst ambtelijk")
    escalate(bottleneck, EscalationLevel.BESTUURLIJK, D(2020, 3, 1), "dan bestuurlijk")
    escalate(bottleneck, EscalationLevel.MINISTERIE, D(2020, 3, 1), "dan VWS")
    steps = list(bottleneck.escalations.order_by("sequence"))
    assert [(s.sequence, s.from_level, s.to_level, s.reason) for s in steps] == [
        (1, "werkgroep", "ambtelijk", "eerst ambtelijk"),
        (2, "ambtelijk", "bestuurlijk", "dan bestuurlijk"),
        (3, "bestuurlijk", "ministerie", "dan VWS"),
    ]
    bottleneck.refresh_from_db()
    assert bottleneck.level == EscalationLevel.MINISTERIE


def test_escalation_may_skip_a_level_but_never_goes_down(coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    escalate(bottleneck, EscalationLevel.BESTUURLIJK, D(2020, 4, 1))
    with pytest.raises(ValidationError, match="hoger niveau"):
        escalate(bottleneck, EscalationLevel.AMBTELIJK, D(2020, 5, 1))
    assert bottleneck.escalations.count() == 1


def test_escalation_dated_before_the_previous_step_is_refused(coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition, raised_on=D(2020, 1, 10))
    escalate(bottleneck, EscalationLevel.AMBTELIJK, D(2020, 6, 1))
    with pytest.raises(ValidationError, match="vorige stap"):
        escalate(bottleneck, EscalationLevel.BESTUURLIJK, D(2020, 5, 1))
    with pytest.raises(ValidationError, match="vorige stap"):
        escalate(BottleneckFactory(raised_on=D(2020, 1, 10)), "ambtelijk", D(2019, 12, 1))


def test_escalation_steps_cannot_be_changed_or_deleted_in_the_database(coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    escalate(bottleneck, EscalationLevel.AMBTELIJK, D(2020, 4, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        Escalation.objects.update(reason="herschreven")
    with pytest.raises(DatabaseError), transaction.atomic():
        Escalation.objects.all().delete()
    assert Escalation.objects.get().reason == "Werkgroep komt er niet uit."


def test_database_refuses_a_downward_escalation_and_a_resolution_without_text(coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(
            bottleneck=bottleneck,
            sequence=1,
            date=D(2020, 4, 1),
            escalated_by="x",
            reason="x",
            from_level="bestuurlijk",
            to_level="werkgroep",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Bottleneck.objects.filter(pk=bottleneck.pk).update(resolved_on=D(2020, 5, 1))


def test_editor_escalates_through_the_workspace_with_a_message(client, editor, coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition, raised_on=D(2020, 1, 10))
    client.force_login(editor)
    url = reverse("experiments:bottleneck_escalate", args=[coalition.slug, bottleneck.pk])
    response = client.post(
        url,
        {
            "to_level": "bestuurlijk",
            "date": "2020-02-01",
            "escalated_by": "Regionale werkgroep",
            "reason": "Budget ontbreekt.",
        },
        follow=True,
    )
    assert "opgeschaald naar bestuurlijk" in response.content.decode()
    bottleneck.refresh_from_db()
    assert bottleneck.level == "bestuurlijk"
    assert bottleneck.escalations.get().escalated_by == "Regionale werkgroep"


def test_escalation_form_with_an_early_date_shows_a_dutch_error_and_writes_nothing(
    client, editor, coalition
):
    bottleneck = BottleneckFactory(work_item__coalition=coalition, raised_on=D(2020, 1, 10))
    client.force_login(editor)
    url = reverse("experiments:bottleneck_escalate", args=[coalition.slug, bottleneck.pk])
    response = client.post(
        url,
        {"to_level": "ambtelijk", "date": "2019-01-01", "escalated_by": "x", "reason": "y"},
    )
    assert response.status_code == 200
    assert "vorige stap" in response.content.decode()
    assert not Escalation.objects.exists()


def test_editor_resolves_a_bottleneck_with_a_resolution(client, editor, coalition):
    bottleneck = BottleneckFactory(work_item__coalition=coalition, raised_on=D(2020, 1, 10))
    client.force_login(editor)
    url = reverse("experiments:bottleneck_resolve", args=[coalition.slug, bottleneck.pk])
    form = page_form_data(client, url)  # with the version the page was loaded with
    response = client.post(url, form | {"resolved_on": "2020-03-01", "resolution": ""})
    assert "Dit veld is verplicht" in response.content.decode()
    client.post(url, form | {"resolved_on": "2020-03-01", "resolution": "Budget gevonden."})
    bottleneck.refresh_from_db()
    assert bottleneck.resolution == "Budget gevonden." and not bottleneck.is_open


def test_overview_lists_open_bottlenecks_per_level_and_hides_resolved_ones(
    client, member, coalition
):
    item = WorkItemFactory(coalition=coalition)
    high = BottleneckFactory(work_item=item, description="Landelijke regel knelt")
    escalate(high, EscalationLevel.MINISTERIE, D(2020, 4, 1))
    BottleneckFactory(work_item=item, description="Nog in de werkgroep")
    BottleneckFactory(
        work_item=item,
        description="Al opgelost",
        resolved_on=D(2020, 5, 1),
        resolution="Afgesproken.",
    )
    BottleneckFactory(description="Van een andere coalitie")
    client.force_login(member)
    response = client.get(reverse("experiments:bottleneck_overview", args=[coalition.slug]))
    html = response.content.decode()
    assert html.index("Landelijke regel knelt") < html.index("Nog in de werkgroep")
    assert "Al opgelost" not in html
    assert "Van een andere coalitie" not in html
    assert response.context["open_count"] == 2


def test_open_bottleneck_counts_per_coalition_and_level(coalition, other_coalition):
    BottleneckFactory(work_item__coalition=coalition)
    BottleneckFactory(work_item__coalition=coalition)
    BottleneckFactory(
        work_item__coalition=other_coalition, resolved_on=D(2020, 5, 1), resolution="klaar"
    )
    assert Bottleneck.objects.open_count_per_coalition() == {coalition.pk: 2}
    per_level = Bottleneck.objects.open_count_per_level()
    assert per_level == {"werkgroep": 2, "ambtelijk": 0, "bestuurlijk": 0, "ministerie": 0}


def test_admin_overview_counts_open_bottlenecks_across_coalitions(client, pharos, coalition):
    other = BottleneckFactory(description="elders")
    escalate(other, EscalationLevel.AMBTELIJK, D(2020, 4, 1))
    item = WorkItemFactory(coalition=coalition)
    BottleneckFactory.create_batch(2, work_item=item)
    BottleneckFactory(work_item=item, resolved_on=D(2020, 5, 1), resolution="klaar")
    escalate(BottleneckFactory(work_item__coalition=coalition), "ministerie", D(2020, 4, 1))
    CoalitionFactory(name="Zonder knelpunten")
    client.force_login(pharos)
    response = client.get(reverse("admin:experiments_bottleneck_overview"))
    assert response.status_code == 200
    rows = {r["coalition"]["pk"]: [n for n, _url in r["cells"]] for r in response.context["rows"]}
    assert rows == {coalition.pk: [2, 0, 0, 1], other.work_item.coalition_id: [0, 1, 0, 0]}
    assert response.context["totals"] == [2, 1, 0, 1]


def test_admin_overview_is_not_for_editors(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:experiments_bottleneck_overview"))
    assert response.status_code == 302  # to the admin login: editors are not staff


def test_a_resolution_dated_before_the_bottleneck_was_raised_is_refused_in_dutch(
    client, editor, coalition
):
    """Found by the fuzz tests: the database check constraint gave a server error."""
    bottleneck = BottleneckFactory(
        work_item=WorkItemFactory(coalition=coalition), raised_on=datetime.date(2024, 3, 1)
    )
    client.force_login(editor)
    url = reverse("experiments:bottleneck_resolve", args=[coalition.slug, bottleneck.pk])
    form = page_form_data(client, url)  # with the version the page was loaded with
    response = client.post(url, form | {"resolved_on": "2024-02-29", "resolution": "Opgelost"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opgelost op ligt vóór de datum van inbrengen (1 maart 2024)." in page
    bottleneck.refresh_from_db()
    assert bottleneck.is_open
    response = client.post(url, form | {"resolved_on": "2024-03-01", "resolution": "Opgelost"})
    assert response.status_code == 302
