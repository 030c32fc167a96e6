"""Numbers and dates the Dutch way, in every form, the admin and the imports (common.forms,
common.numbers): "7,1" is 7.1, implausible figures and coordinates get a Dutch message, date
inputs carry ISO values so their defaults show."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from pijlers.forms import MeasurementForm
from pijlers.models import Indicator, Measurement
from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db

PERCENT_MESSAGE = (
    "171 kan niet bij ‘Vroeggeboorte (vóór 37 weken)’: de waarde ligt tussen 0 en 100 "
    "(% van de geboorten)."
)


def post_figure(client, coalition, value, code="vroeggeboorte"):
    return client.post(
        reverse("pijlers:measurement_add", args=[coalition.slug]),
        {
            "gemeente": coalition.gemeenten.get().pk,
            "indicator": Indicator.objects.get(code=code).pk,
            "period": "2021",
            "value": value,
            "source": "Perined",
        },
    )


# --- numbers in the workspace forms ----------------------------------------------------------


@pytest.mark.parametrize("typed", ["7,1", "7.1", " 7,10 "])
def test_a_figure_typed_with_a_comma_or_a_point_is_stored_as_seven_point_one(
    client, editor, coalition, typed
):
    client.force_login(editor)
    assert post_figure(client, coalition, typed).status_code == 302
    assert Measurement.objects.get().value == Decimal("7.1")


def test_the_figure_form_offers_a_decimal_keyboard_not_a_number_input(client, editor, coalition):
    client.force_login(editor)
    page = client.get(reverse("pijlers:measurement_add", args=[coalition.slug])).content.decode()
    assert 'inputmode="decimal"' in page
    assert 'type="number"' not in page


@pytest.mark.parametrize("typed", ["1.234,5", "7,1,2"])
def test_an_ambiguous_number_is_refused_in_dutch_and_nothing_is_stored(
    client, editor, coalition, typed
):
    client.force_login(editor)
    response = post_figure(client, coalition, typed)
    assert response.status_code == 200
    assert "is geen eenduidig getal" in response.context["form"].errors["value"][0]
    assert not Measurement.objects.exists()


def test_a_percentage_above_100_is_refused_with_the_indicators_range(client, editor, coalition):
    client.force_login(editor)
    response = post_figure(client, coalition, "171")
    assert response.context["form"].errors["value"] == [PERCENT_MESSAGE]
    assert not Measurement.objects.exists()


def test_a_report_mark_must_lie_between_1_and_10(client, editor, coalition):
    client.force_login(editor)
    response = post_figure(client, coalition, "0,5", code="tevredenheid-ouders")
    assert "de waarde ligt tussen 1 en 10" in response.context["form"].errors["value"][0]
    assert post_figure(client, coalition, "7,5", code="tevredenheid-ouders").status_code == 302


def organisation_data(org, **changes):
    data = {
        "name": org.name,
        "category": org.category,
        "postcode": "",
        "place": "Delft",
        "latitude": "",
        "longitude": "",
        "loaded_version": org.updated_at.isoformat(),
    }
    return data | changes


def test_coordinates_typed_with_a_comma_are_stored_and_shown_with_a_comma(
    client, editor, coalition
):
    org = CoalitionPartnerFactory(coalition=coalition).organisation
    client.force_login(editor)
    url = reverse("partners:workspace_organisation_edit", args=[coalition.slug, org.pk])
    response = client.post(url, organisation_data(org, latitude="52,0116", longitude="4,3571"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.latitude, org.longitude) == (Decimal("52.0116"), Decimal("4.3571"))
    page = client.get(url).content.decode()
    assert 'value="52,0116"' in page and 'value="4,3571"' in page


def test_coordinates_outside_the_netherlands_are_refused_in_dutch(client, editor, coalition):
    org = CoalitionPartnerFactory(coalition=coalition).organisation
    client.force_login(editor)
    url = reverse("partners:workspace_organisation_edit", args=[coalition.slug, org.pk])
    # "52,0090" typed without its comma: once a misleading message about digits.
    response = client.post(url, organisation_data(org, latitude="520090", longitude="4,36"))
    assert response.status_code == 200
    assert response.context["form"].errors["latitude"] == [
        "De breedtegraad 520090 ligt niet in Nederland: vul een getal tussen 50,7 en 53,6 in, "
        "bijvoorbeeld 52,0116."
    ]
    response = client.post(url, organisation_data(org, latitude="48,8566", longitude="2,3522"))
    assert (
        "De lengtegraad 2,3522 ligt niet in Nederland"
        in (response.context["form"].errors["longitude"][0])
    )
    org.refresh_from_db()
    assert org.latitude == Decimal("52.0116")  # the factory's, unchanged


# --- the admin and the import refuse with the same message -----------------------------------


def test_the_admin_reads_a_comma_and_refuses_an_implausible_figure(client, superuser, coalition):
    client.force_login(superuser)
    url = reverse("admin:pijlers_measurement_add")
    assert 'inputmode="decimal"' in client.get(url).content.decode()
    data = {
        "gemeente": coalition.gemeenten.get().pk,
        "indicator": Indicator.objects.get(code="vroeggeboorte").pk,
        "period": "2021",
        "source": "",
    }
    response = client.post(url, data | {"value": "171"})
    assert response.status_code == 200
    assert PERCENT_MESSAGE in response.content.decode()
    assert client.post(url, data | {"value": "7,1"}).status_code == 302
    assert Measurement.objects.get().value == Decimal("7.1")


def test_the_admin_refuses_coordinates_outside_the_netherlands(client, superuser):
    client.force_login(superuser)
    data = {
        "name": "Buitenlandse organisatie",
        "kvk_number": "",
        "category": "welzijn",
        "domain": "",
        "website": "",
        "address": "",
        "postcode": "",
        "place": "Parijs",
        "latitude": "48,8566",
        "longitude": "2,3522",
        "partnerships-TOTAL_FORMS": "0",
        "partnerships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:partners_organisation_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De breedtegraad 48,8566 ligt niet in Nederland" in page
    assert not Organisation.objects.filter(name="Buitenlandse organisatie").exists()
    good = data | {"name": "Delftse organisatie", "latitude": "52,0116", "longitude": "4,3571"}
    assert client.post(reverse("admin:partners_organisation_add"), good).status_code == 302
    assert Organisation.objects.get(name="Delftse organisatie").latitude == Decimal("52.0116")


def test_an_import_row_with_an_implausible_figure_is_refused_with_the_same_message(
    client, editor, coalition
):
    code = coalition.gemeenten.get().cbs_code
    content = (
        "gemeente;indicator;periode;waarde;bron\r\n"
        f"{code};vroeggeboorte;2020;7,1;Perined\r\n"
        f"{code};vroeggeboorte;2021;171;Perined\r\n"
    ).encode()
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:measurement_import", args=[coalition.slug]),
        {"step": "preview", "file": SimpleUploadedFile("cijfers.csv", content)},
    )
    assert response.context["problems"] == [f"Regel 3, kolom ‘waarde’: {PERCENT_MESSAGE}"]
    assert not Measurement.objects.exists()


def test_an_organisation_file_with_a_position_outside_the_netherlands_names_the_row():
    import tablib

    from common.imports import import_problems
    from partners.resources import OrganisationResource

    dataset = tablib.Dataset(headers=["naam", "categorie", "breedtegraad", "lengtegraad"])
    dataset.append(["Kraamzorg Delft", "Kraamzorg", "52,0116", "4,3571"])
    dataset.append(["Kraamzorg Parijs", "Kraamzorg", "48,8566", "2,3522"])
    result = OrganisationResource().import_data(dataset, dry_run=False)
    problems = import_problems(result)
    assert (
        3,
        "breedtegraad",
        "De breedtegraad 48,8566 ligt niet in Nederland: vul een getal "
        "tussen 50,7 en 53,6 in, bijvoorbeeld 52,0116.",
    ) in problems
    assert not Organisation.objects.filter(name__startswith="Kraamzorg").exists()


def test_a_stored_figure_reads_back_with_a_comma_in_its_form(editor, coalition):
    figure = MeasurementFactory(value=Decimal("7.1000"))
    form = MeasurementForm(instance=figure, coalition=coalition, user=editor)
    assert 'value="7,1"' in str(form["value"])


# --- dates ------------------------------------------------------------------------------------


def test_date_inputs_carry_iso_values_so_todays_default_shows(client, editor, coalition):
    today = timezone.localdate().isoformat()
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    client.force_login(editor)
    pages = [
        reverse("pijlers:assess", args=[coalition.slug, 1]),
        reverse("experiments:bottleneck_escalate", args=[coalition.slug, bottleneck.pk]),
        reverse("coalitions:workspace_status", args=[coalition.slug]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert f'type="date" name="date" value="{today}"' in page, url


def test_a_stored_partnership_date_shows_in_its_date_input(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2026, 3, 9))
    client.force_login(editor)
    url = reverse("partners:workspace_partner_edit", args=[coalition.slug, partnership.pk])
    assert 'value="2026-03-09"' in client.get(url).content.decode()


# --- the house rule: every form uses the one mechanism ---------------------------------------

FORM_MODULES = [
    "coalitions.forms",
    "partners.forms",
    "pijlers.forms",
    "experiments.forms",
    "kansrijke.pharos.views",
]


def project_forms():
    import importlib
    import inspect

    from django import forms

    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_decimal_and_date_field_of_every_form_is_read_the_dutch_way():
    from django import forms

    from common import forms as dutch

    wrong = []
    for form in project_forms():
        for name, field in form.base_fields.items():
            where = f"{form.__module__}.{form.__name__}.{name}"
            if isinstance(field, forms.DecimalField | forms.FloatField):
                if not isinstance(field, dutch.DecimalField):
                    wrong.append(f"{where}: not common.forms.DecimalField")
            elif isinstance(field, forms.DateField):
                widget = field.widget
                if widget.input_type != "date" or widget.format != "%Y-%m-%d":
                    wrong.append(f"{where}: not an ISO <input type=date>")
    assert not wrong, "\n".join(wrong)


def test_every_decimal_column_of_the_project_gets_the_dutch_form_field():
    from django.apps import apps
    from django.db import models

    from common.fields import DecimalField

    project = {"coalitions", "partners", "pijlers", "experiments", "common", "kansrijke"}
    wrong = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in project and not model._meta.label.endswith("Event")
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField) and not isinstance(field, DecimalField)
    ]
    assert not wrong, wrong
