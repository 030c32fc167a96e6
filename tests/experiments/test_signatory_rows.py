"""Any number of signatories on the agreement form (issue 16): three empty rows without
JavaScript, a button that adds more, and eight signatories saved in one go."""

import pytest
from django.urls import reverse

from experiments.models import Agreement, Signatory
from tests.factories import AgreementFactory, CoalitionPartnerFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def post_with_rows(partners, **overrides):
    data = {
        "kind": "samenwerkingsovereenkomst",
        "title": "Samenwerkingsovereenkomst Kansrijke Start Delft",
        "signed_on": "2019-10-02",
        "place": "Delft",
        "signatories-TOTAL_FORMS": str(len(partners)),
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
    }
    for i, partner in enumerate(partners):
        data[f"signatories-{i}-partner"] = str(partner.pk)
        data[f"signatories-{i}-signer_name"] = f"Ondertekenaar {i + 1}"
        data[f"signatories-{i}-signer_function"] = "Bestuurder"
    data.update(overrides)
    return data


def test_new_agreement_form_offers_three_empty_rows_and_an_add_button(client, editor, coalition):
    client.force_login(editor)
    response = client.get(reverse("experiments:agreement_create", args=[coalition.slug]))
    html = response.content.decode()
    assert len(response.context["formset"].forms) == 3
    assert 'name="signatories-2-partner"' in html
    assert 'data-formset-add="signatories"' in html
    assert "Ondertekenaar toevoegen" in html
    assert 'id="signatories-empty-row"' in html and "signatories-__prefix__-partner" in html
    assert "js/formset-rows.js" in html
    assert "<script>" not in html  # the CSP forbids inline scripts


def test_editing_an_agreement_with_two_signatories_still_offers_three_empty_rows(
    client, editor, coalition
):
    agreement = AgreementFactory(coalition=coalition)
    SignatoryFactory(agreement=agreement)
    SignatoryFactory(agreement=agreement)
    client.force_login(editor)
    response = client.get(
        reverse("experiments:agreement_edit", args=[coalition.slug, agreement.pk])
    )
    assert len(response.context["formset"].forms) == 5


def test_editor_saves_an_agreement_with_eight_signatories(client, editor, coalition):
    partners = [CoalitionPartnerFactory(coalition=coalition) for _ in range(8)]
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        post_with_rows(partners),
        follow=True,
    )
    assert "is opgeslagen" in response.content.decode()
    agreement = Agreement.objects.get()
    assert {s.partner for s in agreement.signatories.all()} == set(partners)


def test_empty_extra_rows_are_ignored(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    data = post_with_rows([partner], **{"signatories-TOTAL_FORMS": "4"})
    client.force_login(editor)
    client.post(reverse("experiments:agreement_create", args=[coalition.slug]), data)
    assert Signatory.objects.get().partner == partner


def test_the_same_organisation_twice_is_refused_in_dutch_and_nothing_is_stored(
    client, editor, coalition
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        post_with_rows([partner, partner]),
    )
    assert response.status_code == 200
    assert "dubbele" in str(response.context["formset"].non_form_errors())
    assert not Agreement.objects.exists()
    assert not Signatory.objects.exists()


def test_a_member_cannot_post_signatories(client, member, coalition):
    partners = [CoalitionPartnerFactory(coalition=coalition) for _ in range(3)]
    client.force_login(member)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]), post_with_rows(partners)
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()
