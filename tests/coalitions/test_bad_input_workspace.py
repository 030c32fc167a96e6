"""Bad input at the workspace and partner forms: never a 500, Dutch errors, escaped HTML.

Each test reads the form as the page renders it (`page_form_data`) and throws arbitrary text,
numbers, dates, unicode and oversized values at the fields named (see tests/fuzz.py).
"""

import pytest
from django.urls import reverse
from hypothesis import given

from coalitions.models import StatusUpdate
from partners.models import CoalitionPartner
from tests.factories import (
    CoalitionPartnerFactory,
    ContactPersonFactory,
    GoalFactory,
    OrganisationFactory,
)
from tests.fuzz import FUZZ_SETTINGS, SCRIPT, any_text, current, fuzz_form, page_form_data

pytestmark = pytest.mark.django_db


# --- coalitions: workspace ------------------------------------------------------------------


def test_coalition_basics_form_survives_bad_input(client, editor, coalition):
    client.force_login(editor)
    url = reverse("coalitions:workspace_basics", args=[coalition.slug])
    fuzz_form(client, url, current(client, url), ["ambition", "boegbeeld", "start_date"])


def test_status_update_form_survives_bad_input(client, editor, coalition):
    client.force_login(editor)
    url = reverse("coalitions:workspace_status", args=[coalition.slug])

    def saved(response, sent):
        assert StatusUpdate.objects.filter(coalition=coalition).exists()

    fuzz_form(
        client, url, current(client, url),
        ["date", "phase", "summary", "next_steps", "bottlenecks"],
        on_saved=saved,
    )  # fmt: skip


def test_goal_create_form_survives_bad_input(client, editor, coalition):
    CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("coalitions:workspace_goal_create", args=[coalition.slug])
    fuzz_form(
        client, url, current(client, url, description="Meer zwangeren in beeld"),
        ["year", "description", "owner", "evaluation"],
    )  # fmt: skip


def test_goal_edit_form_survives_bad_input(client, editor, coalition):
    goal = GoalFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("coalitions:workspace_goal_edit", args=[coalition.slug, goal.pk])
    fuzz_form(client, url, current(client, url), ["year", "description", "evaluation"])


# --- partners: workspace --------------------------------------------------------------------


@FUZZ_SETTINGS
@given(q=any_text)
def test_partner_search_survives_bad_input(client, editor, coalition, q):
    client.force_login(editor)
    url = reverse("partners:workspace_partner_add", args=[coalition.slug])
    response = client.get(url, {"q": q})
    assert response.status_code == 200, q
    assert SCRIPT not in response.content.decode()


def test_partner_add_form_survives_bad_input(client, editor, coalition):
    organisation = OrganisationFactory(name="Kraamzorg Fuzz")
    client.force_login(editor)
    url = reverse("partners:workspace_partner_add", args=[coalition.slug])

    def fresh():
        CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).delete()
        return {"q": "Fuzz", "organisation": organisation.pk, "role": "partner", "levels": []}

    assert client.post(url, fresh()).status_code == 302  # the fuzzing starts from a valid form
    fuzz_form(client, url, fresh, ["q", "organisation", "role", "levels", "since"])


def test_partner_edit_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("partners:workspace_partner_edit", args=[coalition.slug, partner.pk])
    fuzz_form(client, url, current(client, url), ["role", "levels", "since"])


def test_end_partnership_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("partners:workspace_partner_end", args=[coalition.slug, partner.pk])

    def fresh():
        CoalitionPartner.objects.filter(pk=partner.pk).update(until=None)
        return page_form_data(client, url)

    assert client.post(url, fresh() | {"until": "2024-12-31"}).status_code == 302
    fuzz_form(client, url, fresh, ["until"])


ORGANISATION_FIELDS = [
    "name", "category", "domain", "kvk_number", "address", "postcode", "place",
    "latitude", "longitude", "website",
]  # fmt: skip


def test_new_organisation_form_survives_bad_input(client, editor, coalition):
    client.force_login(editor)
    url = reverse("partners:workspace_organisation_create", args=[coalition.slug])
    valid = current(client, url, **{"org-name": "Nieuwe kraamzorg", "org-category": "kraamzorg"})
    fields = [f"org-{name}" for name in ORGANISATION_FIELDS]
    fuzz_form(client, url, valid, [*fields, "partner-role", "partner-levels", "partner-since"])


def test_organisation_edit_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse(
        "partners:workspace_organisation_edit", args=[coalition.slug, partner.organisation.pk]
    )
    fuzz_form(client, url, current(client, url), ORGANISATION_FIELDS)


def test_contact_create_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("partners:workspace_contact_create", args=[coalition.slug, partner.pk])
    valid = current(client, url, name="Ans Verzonnen")
    fuzz_form(client, url, valid, ["name", "function", "email", "phone"])


def test_contact_edit_form_survives_bad_input(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    contact = ContactPersonFactory(partnership=partner)
    client.force_login(editor)
    url = reverse("partners:workspace_contact_edit", args=[coalition.slug, contact.pk])
    fuzz_form(client, url, current(client, url), ["name", "function", "email", "phone"])
