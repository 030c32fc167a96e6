import pytest
from django.urls import reverse

from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    ThemeFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def public(client, coalition, **params):
    return client.get(reverse("experiments:public_werkagenda", args=[coalition.slug]), params)


def test_unpublished_items_never_appear_publicly(client, coalition):
    theme = ThemeFactory(coalition=coalition, name="Beginnend ouderschap")
    WorkItemFactory(coalition=coalition, title="Erbij blijven", themes=[theme])
    WorkItemFactory(coalition=coalition, title="Geheim concept", themes=[theme], published=False)
    response = public(client, coalition)
    html = response.content.decode()
    assert "Erbij blijven" in html
    assert "Geheim concept" not in html
    # Not through the filters either.
    for params in [{"theme": theme.pk}, {"status": "lopend"}, {"kind": "experiment"}]:
        assert "Geheim concept" not in public(client, coalition, **params).content.decode()


def test_unpublished_items_do_not_appear_publicly_even_for_logged_in_editors(
    client, editor, coalition
):
    WorkItemFactory(coalition=coalition, title="Geheim concept", published=False)
    client.force_login(editor)
    assert "Geheim concept" not in public(client, coalition).content.decode()


def test_public_werkagenda_shows_no_bottlenecks_and_no_people(client, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    ContactPersonFactory(partnership=partner, name="Petra Geheim")
    item = WorkItemFactory(coalition=coalition, lead_partner=partner, partners=[partner])
    BottleneckFactory(work_item=item, description="Interne discussie over geld")
    html = public(client, coalition).content.decode()
    assert partner.organisation.name in html
    assert "Petra Geheim" not in html
    assert "Interne discussie" not in html
    assert "knelpunt" not in html.lower()


def test_public_werkagenda_of_unknown_coalition_is_404(client):
    assert client.get("/coalities/bestaat-niet/werkagenda/").status_code == 404


def test_public_agreement_facts_never_load_signers_or_the_pdf(client, coalition):
    """Defence in depth: what is not loaded cannot end up in a public template."""
    from experiments.models import Agreement
    from tests.factories import SignatoryFactory

    SignatoryFactory(agreement__coalition=coalition, signer_name="Olga Ondertekenaar")
    [agreement] = Agreement.objects.public_facts()
    assert "pdf" in agreement.get_deferred_fields()
    [signatory] = agreement.signatories.all()
    assert {"signer_name", "signer_function"} <= signatory.get_deferred_fields()
    assert signatory.partner.organisation.name
    body = public(client, coalition).content.decode()
    assert "Olga Ondertekenaar" not in body
    assert signatory.partner.organisation.name in body
