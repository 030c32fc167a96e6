import pytest
from django.urls import reverse

from pijlers.models import CrossCuttingElement, Indicator, Intervention, Measurement, Pillar

pytestmark = pytest.mark.django_db


def test_the_five_pillars_ship_with_their_questions():
    pillars = list(Pillar.objects.with_questions())
    assert [p.name for p in pillars] == [
        "Overkoepelende programmadoelen en gezamenlijke uitkomsten",
        "Monitoring en leren",
        "Community-aanpak",
        "Palet van professionele zorg",
        "Regie op de ketenzorg",
    ]
    assert all(len(p.active_questions) >= 5 for p in pillars)
    assert CrossCuttingElement.objects.count() == 6


def test_indicators_ship_without_any_figures():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"perinatale-sterfte", "vroeggeboorte", "big2", "in-beeld-voor-10-weken"} <= codes
    assert {"rookvrije-zwangerschap", "geboorten-zonder-kraamzorg", "sga"} <= codes
    assert not Measurement.objects.exists()


def test_the_interventions_of_the_rivm_monitor_are_in_the_catalogue():
    slugs = set(Intervention.objects.values_list("slug", flat=True))
    assert {
        "nu-niet-zwanger",
        "centering-zwangerschap",
        "centering-ouderschap",
        "voorzorg",
        "prenataal-huisbezoek",
    } <= slugs


def test_pharos_may_edit_a_pillar_question_in_the_admin(client, pharos):
    from pijlers.apps import sync_pharos_reference_rights

    sync_pharos_reference_rights()
    client.force_login(pharos)
    pillar = Pillar.objects.get(number=3)
    url = reverse("admin:pijlers_pillar_change", args=[pillar.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()


def test_editor_cannot_reach_the_admin(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:pijlers_pillar_changelist"))
    assert response.status_code == 302
