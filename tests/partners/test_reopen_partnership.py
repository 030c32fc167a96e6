"""Undoing an ended partnership (issue 16): an editor reopens a partnership ended by mistake;
the history keeps the ending and the undoing; a clash is refused in Dutch and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.models import CoalitionPartner, PartnerRole
from tests.factories import CoalitionPartnerFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2024, 6, 30)


def reopen_url(partnership):
    return reverse(
        "partners:workspace_partner_reopen", args=[partnership.coalition.slug, partnership.pk]
    )


def events(partnership):
    return CoalitionPartner.pgh_event_model.objects.filter(pgh_obj_id=partnership.pk)


@pytest.fixture
def ended(coalition):
    return CoalitionPartnerFactory(
        coalition=coalition,
        organisation__name="Welzijn Delft",
        since=datetime.date(2020, 1, 1),
        until=ENDED,
    )


def test_editor_sees_an_undo_button_beside_an_ended_partnership(client, editor, ended):
    client.force_login(editor)
    html = client.get(
        reverse("partners:workspace_partners", args=[ended.coalition.slug])
    ).content.decode()
    assert reopen_url(ended) in html and "Beëindiging ongedaan maken" in html


def test_member_sees_no_undo_button(client, member, ended):
    client.force_login(member)
    html = client.get(
        reverse("partners:workspace_partners", args=[ended.coalition.slug])
    ).content.decode()
    assert reopen_url(ended) not in html


def test_editor_reopens_an_ended_partnership_and_the_history_keeps_both(client, editor, ended):
    before = events(ended).count()
    client.force_login(editor)
    response = client.post(reopen_url(ended), follow=True)
    assert "Het partnerschap van Welzijn Delft is heropend." in response.content.decode()
    ended.refresh_from_db()
    assert ended.until is None and ended.is_running()
    history = list(events(ended).order_by("pgh_id").values_list("until", flat=True))
    assert len(history) == before + 1
    assert history[-2:] == [ENDED, None]


def test_reopening_is_refused_when_the_organisation_is_partner_again(client, editor, ended):
    CoalitionPartnerFactory(
        coalition=ended.coalition, organisation=ended.organisation, since=datetime.date(2025, 1, 1)
    )
    client.force_login(editor)
    response = client.post(reopen_url(ended), follow=True)
    assert "al opnieuw partner van de coalitie" in response.content.decode()
    ended.refresh_from_db()
    assert ended.until == ENDED


def test_reopening_is_refused_when_a_later_partnership_with_an_end_date_still_runs(
    coalition, ended
):
    later = datetime.date.today() + datetime.timedelta(days=30)
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation=ended.organisation,
        since=datetime.date(2025, 1, 1),
        until=later,
    )
    with pytest.raises(ValidationError, match="al opnieuw partner"):
        ended.reopen()
    ended.refresh_from_db()
    assert ended.until == ENDED


def test_reopening_an_old_trekker_is_refused_when_the_coalition_has_another(
    client, editor, coalition
):
    old = CoalitionPartnerFactory(
        coalition=coalition, role=PartnerRole.TREKKER, since=datetime.date(2020, 1, 1), until=ENDED
    )
    CoalitionPartnerFactory(coalition=coalition, role=PartnerRole.TREKKER)
    client.force_login(editor)
    response = client.post(reopen_url(old), follow=True)
    assert "al een trekker" in response.content.decode()
    old.refresh_from_db()
    assert old.until == ENDED


def test_member_may_not_reopen(client, member, ended):
    client.force_login(member)
    assert client.post(reopen_url(ended)).status_code == 403
    ended.refresh_from_db()
    assert ended.until == ENDED


def test_editor_of_another_coalition_gets_a_404(client, other_editor, ended):
    client.force_login(other_editor)
    url = reverse("partners:workspace_partner_reopen", args=[ended.coalition.slug, ended.pk])
    assert client.post(url).status_code == 404
    ended.refresh_from_db()
    assert ended.until == ENDED


def test_a_partnership_cannot_be_reopened_through_another_coalitions_url(
    client, other_editor, other_coalition, ended
):
    client.force_login(other_editor)
    url = reverse("partners:workspace_partner_reopen", args=[other_coalition.slug, ended.pk])
    assert client.post(url).status_code == 404
    ended.refresh_from_db()
    assert ended.until == ENDED


def test_reopening_by_get_is_not_allowed(client, editor, ended):
    client.force_login(editor)
    assert client.get(reopen_url(ended)).status_code == 405
    ended.refresh_from_db()
    assert ended.until == ENDED
