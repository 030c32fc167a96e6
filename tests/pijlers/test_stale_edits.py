"""Two people editing the same offering or expertise: the later save is refused, never merged."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CoalitionPartnerFactory, NeededExpertiseFactory, OfferingFactory
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db


def session(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_two_sessions_edit_one_offering_and_the_first_save_stays(coalition, editor, colleague):
    offering = OfferingFactory(partner=CoalitionPartnerFactory(coalition=coalition), notes="Oud")
    url = reverse("pijlers:offering_edit", args=[coalition.slug, offering.pk])
    cora, me = session(colleague), session(editor)
    her_form, my_form = page_form_data(cora, url), page_form_data(me, url)

    assert cora.post(url, her_form | {"notes": "Ook voor vaders"}).status_code == 302
    response = me.post(url, my_form | {"notes": "Alleen moeders"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Ook voor vaders" in html and "Alleen moeders" in html
    offering.refresh_from_db()
    assert offering.notes == "Ook voor vaders"


def test_two_sessions_edit_one_expertise_and_the_first_save_stays(coalition, editor, colleague):
    first, second = (CoalitionPartnerFactory(coalition=coalition) for _ in range(2))
    item = NeededExpertiseFactory(coalition=coalition, name="GGZ")
    url = reverse("pijlers:expertise_edit", args=[coalition.slug, item.pk])
    cora, me = session(colleague), session(editor)
    her_form, my_form = page_form_data(cora, url), page_form_data(me, url)

    # Only the covering partners change: a change of the many-to-many counts as a save too.
    assert cora.post(url, her_form | {"covered_by": [first.pk]}).status_code == 302
    response = me.post(url, my_form | {"covered_by": [second.pk]})

    assert response.status_code == 409
    assert first.organisation.name in response.content.decode()
    assert list(item.covered_by.all()) == [first]
