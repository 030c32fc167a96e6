"""Two people editing the same work item, agreement or bottleneck: the later save is refused,
never merged."""

import pytest
from django.urls import reverse

from experiments.models import EscalationLevel
from experiments.services import escalate_bottleneck
from tests.factories import AgreementFactory, BottleneckFactory, SignatoryFactory, WorkItemFactory
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db


def test_a_work_item_saved_meanwhile_by_a_colleague_is_not_overwritten(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition, title="Oorspronkelijk")
    url = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    client.force_login(editor)
    mine = page_form_data(client, url)
    item.title = "Door collega aangepast"
    item.save()

    response = client.post(url, mine | {"title": "Mijn titel"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Niet opgeslagen: iemand anders was u voor" in html
    assert "Door collega aangepast" in html
    item.refresh_from_db()
    assert item.title == "Door collega aangepast"


def test_a_fresh_work_item_form_still_saves(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition, title="Oorspronkelijk")
    url = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    client.force_login(editor)

    response = client.post(url, page_form_data(client, url) | {"title": "Mijn titel"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Mijn titel"


def test_an_agreement_saved_meanwhile_by_a_colleague_is_not_overwritten(client, editor, coalition):
    agreement = AgreementFactory(coalition=coalition, title="Oorspronkelijk")
    SignatoryFactory(agreement=agreement, signer_name="Hanna Verzonnen")
    url = reverse("experiments:agreement_edit", args=[coalition.slug, agreement.pk])
    client.force_login(editor)
    mine = page_form_data(client, url)
    agreement.title = "Door collega aangepast"
    agreement.save()

    response = client.post(url, mine | {"title": "Mijn titel"})

    assert response.status_code == 409
    assert "Niet opgeslagen: iemand anders was u voor" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Door collega aangepast"


def test_a_fresh_agreement_form_still_saves(client, editor, coalition):
    agreement = AgreementFactory(coalition=coalition, title="Oorspronkelijk")
    SignatoryFactory(agreement=agreement, signer_name="Hanna Verzonnen")
    url = reverse("experiments:agreement_edit", args=[coalition.slug, agreement.pk])
    client.force_login(editor)

    response = client.post(url, page_form_data(client, url) | {"title": "Mijn titel"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Mijn titel"


def test_resolving_a_bottleneck_a_colleague_escalated_meanwhile_is_refused(
    client, editor, coalition
):
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    url = reverse("experiments:bottleneck_resolve", args=[coalition.slug, bottleneck.pk])
    client.force_login(editor)
    mine = page_form_data(client, url)
    escalate_bottleneck(
        bottleneck=bottleneck,
        to_level=EscalationLevel.AMBTELIJK,
        date=bottleneck.raised_on,
        escalated_by="Werkgroep",
        reason="Komt er niet uit.",
    )

    response = client.post(url, mine | {"resolved_on": "2024-01-01", "resolution": "Opgelost"})

    assert response.status_code == 409
    assert "Niet opgeslagen: iemand anders was u voor" in response.content.decode()
    bottleneck.refresh_from_db()
    assert bottleneck.is_open and bottleneck.level == EscalationLevel.AMBTELIJK
