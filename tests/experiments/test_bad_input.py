"""Bad input at the werkagenda forms (work items, themes, bottlenecks, agreements):
never a 500, Dutch errors, escaped HTML."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from experiments.models import Bottleneck
from tests.experiments.conftest import make_pdf_bytes
from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    ThemeFactory,
    WorkItemFactory,
)
from tests.fuzz import FUZZ_SETTINGS, any_value, check_response, current, fuzz_form, page_form_data

pytestmark = pytest.mark.django_db

ITEM_FIELDS = [
    "kind", "title", "description", "goal", "themes", "lead_partner", "partners", "status",
    "start_quarter", "end_quarter", "levels",
]  # fmt: skip


def test_work_item_create_form_survives_bad_input(client, editor, coalition):
    ThemeFactory(coalition=coalition)
    CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("experiments:item_create", args=[coalition.slug])
    fuzz_form(client, url, current(client, url, title="Experiment", kind="experiment"), ITEM_FIELDS)


def test_work_item_edit_form_survives_bad_input(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("experiments:item_edit", args=[coalition.slug, item.pk])
    fuzz_form(client, url, current(client, url), ITEM_FIELDS)


def test_theme_forms_survive_bad_input(client, editor, coalition):
    client.force_login(editor)
    add = reverse("experiments:theme_create", args=[coalition.slug])
    fields = ["name", "description", "order"]
    fuzz_form(client, add, current(client, add, name="Zorgpad"), fields, max_examples=20)
    theme = ThemeFactory(coalition=coalition)
    edit = reverse("experiments:theme_edit", args=[coalition.slug, theme.pk])
    fuzz_form(client, edit, current(client, edit), fields, max_examples=20)


def test_bottleneck_create_form_survives_bad_input(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("experiments:bottleneck_create", args=[coalition.slug, item.pk])
    valid = current(client, url, description="Regels knellen")
    fuzz_form(client, url, valid, ["description", "raised_on"])


def test_bottleneck_escalate_form_survives_bad_input(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)

    def escalate_url():
        # Escalations are history that is never deleted: each example gets a new bottleneck.
        bottleneck = BottleneckFactory(work_item=item)
        return reverse("experiments:bottleneck_escalate", args=[coalition.slug, bottleneck.pk])

    valid = {"escalated_by": "Werkgroep", "reason": "Geld"}
    url = escalate_url()
    assert client.post(url, page_form_data(client, url) | valid).status_code == 302

    @FUZZ_SETTINGS
    @given(
        st.fixed_dictionaries(
            dict.fromkeys(["to_level", "date", "escalated_by", "reason"], any_value)
        )
    )
    def run(bad):
        url = escalate_url()
        sent = page_form_data(client, url) | valid | bad
        check_response(client.post(url, sent), sent)

    run()


def test_bottleneck_resolve_form_survives_bad_input(client, editor, coalition):
    bottleneck = BottleneckFactory(work_item=WorkItemFactory(coalition=coalition))
    client.force_login(editor)
    url = reverse("experiments:bottleneck_resolve", args=[coalition.slug, bottleneck.pk])

    def fresh():
        Bottleneck.objects.filter(pk=bottleneck.pk).update(resolved_on=None, resolution="")
        return page_form_data(client, url) | {"resolved_on": "2024-05-01", "resolution": "Opgelost"}

    assert client.post(url, fresh()).status_code == 302
    fuzz_form(client, url, fresh, ["resolved_on", "resolution"])


AGREEMENT_FIELDS = [
    "kind", "title", "signed_on", "place",
    "signatories-0-partner", "signatories-0-signer_name", "signatories-0-signer_function",
]  # fmt: skip


@pytest.mark.parametrize("with_pdf", [False, True], ids=["without-pdf", "with-pdf"])
def test_agreement_form_survives_bad_input(client, editor, coalition, with_pdf):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("experiments:agreement_create", args=[coalition.slug])

    def fresh():
        data = page_form_data(client, url) | {
            "kind": "samenwerkingsovereenkomst",
            "title": "Samenwerkingsovereenkomst",
            "signed_on": "2024-03-01",
            "place": "Delft",
            "signatories-0-partner": partner.pk,
            "signatories-0-signer_name": "Ans Verzonnen",
        }
        if with_pdf:
            data["pdf"] = SimpleUploadedFile("a.pdf", make_pdf_bytes(), "application/pdf")
        return data

    assert client.post(url, fresh()).status_code == 302
    fuzz_form(client, url, fresh, AGREEMENT_FIELDS, max_examples=20)


RESULT_FIELDS = [
    "date", "outcome", "worked", "did_not_work", "lessons", "figure", "figure_label", "indicator",
]  # fmt: skip


def test_result_forms_survive_bad_input(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    add = reverse("experiments:result_create", args=[coalition.slug, item.pk])
    fuzz_form(client, add, current(client, add, outcome="Meer bereik"), RESULT_FIELDS)
    result = item.results.first()
    edit = reverse("experiments:result_edit", args=[coalition.slug, result.pk])
    fuzz_form(client, edit, current(client, edit), RESULT_FIELDS, max_examples=20)


def test_leren_van_elkaar_survives_any_query(client, coalition):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.fuzz import FUZZ_SETTINGS

    WorkItemFactory(coalition=coalition, title="Kraamzorg")
    url = reverse("experiments:learning")
    fields = ["q", "theme", "intervention", "phase", "province", "pagina"]

    @settings(FUZZ_SETTINGS, max_examples=30)
    @given(st.fixed_dictionaries(dict.fromkeys(fields, any_value)))
    def run(params):
        response = client.get(url, params)
        assert response.status_code == 200

    run()
