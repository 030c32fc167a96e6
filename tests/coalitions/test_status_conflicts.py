"""A status update from a form opened before a colleague's newer update is refused (409):
an old form never silently reverts the phase the colleague just set."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from coalitions.models import Phase, StatusUpdate
from coalitions.services import post_status_update
from common.stale_edit import StaleEdit
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()


def session(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_status_update_from_a_form_older_than_a_colleagues_phase_change_is_refused(
    coalition, editor, colleague
):
    assert coalition.phase == Phase.VORMING
    url = reverse("coalitions:workspace_status", args=[coalition.slug])
    me, cora = session(editor), session(colleague)
    my_form = page_form_data(me, url)  # opened before Cora's update
    cora.post(
        url,
        page_form_data(cora, url)
        | {"date": TODAY, "phase": Phase.UITVOERING, "summary": "Plan vastgesteld."},
    )
    coalition.refresh_from_db()
    assert coalition.phase == Phase.UITVOERING

    response = me.post(url, my_form | {"date": TODAY, "summary": "Kleine stap."})

    assert response.status_code == 409
    html = response.content.decode()
    assert "nieuwere statusupdate" in html
    assert "Plan vastgesteld." in html and "Kleine stap." in html  # hers, and what I typed
    assert "Cora Collega" in html
    coalition.refresh_from_db()
    assert coalition.phase == Phase.UITVOERING
    assert StatusUpdate.objects.filter(coalition=coalition).count() == 1
    # The fresh form starts from the colleague's phase and is based on her update.
    fresh = response.context["form"]
    assert fresh["phase"].value() == Phase.UITVOERING
    assert fresh["based_on"].value() == str(StatusUpdate.objects.get().pk)


def test_a_status_update_from_a_current_form_is_stored(coalition, editor):
    url = reverse("coalitions:workspace_status", args=[coalition.slug])
    client = session(editor)
    client.post(url, page_form_data(client, url) | {"date": TODAY, "summary": "Eerste."})
    response = client.post(url, page_form_data(client, url) | {"date": TODAY, "summary": "Tweede."})
    assert response.status_code == 302
    assert StatusUpdate.objects.filter(coalition=coalition).count() == 2


def test_the_service_refuses_an_update_based_on_an_older_one(coalition, editor):
    first = post_status_update(
        coalition=coalition, author=editor, date=datetime.date(2024, 1, 1), phase=Phase.VORMING
    )
    post_status_update(
        coalition=coalition,
        author=editor,
        date=datetime.date(2024, 2, 1),
        phase=Phase.AMBITIE_PLAN,
        summary="Ambitie vastgesteld.",
        based_on=first.pk,
    )
    with pytest.raises(StaleEdit):
        post_status_update(
            coalition=coalition,
            author=editor,
            date=datetime.date(2024, 3, 1),
            phase=Phase.VORMING,
            based_on=first.pk,
        )
    coalition.refresh_from_db()
    assert coalition.phase == Phase.AMBITIE_PLAN
    assert coalition.status_updates.count() == 2
