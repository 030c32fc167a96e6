import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from pijlers.demo import VOORBEELD_SOURCE
from pijlers.models import Assessment, Measurement, NeededExpertise, Offering, Pillar

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False


def snapshot():
    return (
        sorted(
            Assessment.objects.values_list("coalition__slug", "pillar__number", "date", "level")
        ),
        sorted(NeededExpertise.objects.values_list("coalition__slug", "name", "covered_by")),
        sorted(Offering.objects.values_list("partner__organisation__name", "intervention__slug")),
    )


def figures():
    rows = Measurement.objects.values_list("gemeente", "indicator", "period", "value", "source")
    return sorted(map(str, rows))


def test_demo_denkraam_loads_twice_to_the_same_data_with_only_labelled_example_figures(
    settings, demo
):
    first = snapshot(), figures()
    settings.DEBUG = True
    call_command("load_demo")
    assert (snapshot(), figures()) == first
    assert Measurement.objects.exists()
    assert not Measurement.objects.exclude(source=VOORBEELD_SOURCE).exists()


def test_a_real_figure_is_never_overwritten_by_the_demo(settings, demo):
    real = Measurement.objects.filter(gemeente__cbs_code="GM0503", period="2021").first()
    real.source, real.value = "Perined", real.value + 1
    real.save()
    settings.DEBUG = True
    call_command("load_demo")
    kept = Measurement.objects.get(pk=real.pk)
    assert (kept.source, kept.value) == ("Perined", real.value)


def test_demo_shows_heerlens_expertise_profile_with_one_uncovered_area(demo):
    heerlen = NeededExpertise.objects.filter(coalition__slug="heerlen")
    assert list(heerlen.order_by("order").values_list("name", flat=True)) == [
        "Het jonge kind",
        "Opvoedondersteuning",
        "GGZ",
        "Licht verstandelijke beperking",
        "Multiproblematiek",
    ]
    assert list(heerlen.uncovered().values_list("name", flat=True)) == [
        "Licht verstandelijke beperking"
    ]


def test_demo_delft_shows_progress_and_the_breastfeeding_overlap(demo):
    from coalitions.models import Coalition

    delft = Coalition.objects.get(slug="delft")
    states = Pillar.objects.overview_for(delft)
    assert (states[0].previous.level, states[0].current.level) == ("verkennend", "ingericht")
    overlapping = Offering.objects.for_coalition(delft).overlaps()
    assert set(overlapping.values_list("intervention__slug", flat=True)) >= {
        "borstvoedingsvoorlichting"
    }


def test_pharos_opens_the_measurement_import_in_the_admin(demo, client):
    client.force_login(get_user_model().objects.get(username="pharos"))
    assert client.get(reverse("admin:pijlers_measurement_import")).status_code == 200
    assert client.get(reverse("admin:pijlers_assessment_changelist")).status_code == 200


def test_pharos_imports_national_figures_in_the_admin_in_two_steps(client, pharos):
    from decimal import Decimal

    from django.contrib import admin
    from django.core.files.uploadedfile import SimpleUploadedFile
    from import_export.formats.base_formats import CSV

    from pijlers.apps import sync_pharos_reference_rights

    sync_pharos_reference_rights()
    client.force_login(pharos)
    model_admin = admin.site._registry[Measurement]
    csv_index = next(
        i for i, f in enumerate(model_admin.get_import_formats()) if issubclass(f, CSV)
    )
    upload = SimpleUploadedFile(
        "nl.csv", b"gemeente,indicator,periode,waarde,bron\nNL,vroeggeboorte,2020,7.0,Perined\n"
    )
    preview = client.post(
        reverse("admin:pijlers_measurement_import"),
        {"resource": "0", "format": str(csv_index), "import_file": upload},
    )
    assert not Measurement.objects.exists()
    confirm = preview.context["confirm_form"]
    response = client.post(reverse("admin:pijlers_measurement_process_import"), confirm.initial)
    assert response.status_code == 302
    national = Measurement.objects.national().get()
    assert (national.value, national.period) == (Decimal("7.0"), "2020")
