import pytest
from django.core.management import call_command
from django.urls import reverse

from experiments.models import (
    Agreement,
    Bottleneck,
    Escalation,
    Result,
    Signatory,
    Theme,
    WorkItem,
)

pytestmark = pytest.mark.django_db

DELFT_SIGNATORIES = {
    "Gemeente Delft",
    "Reinier de Graaf ziekenhuis",
    "DSW zorgverzekeraar",
    "Delft voor Elkaar",
    "ZEL Delft",
    "VSV Reinier",
    "JGZ Zuid-Holland West",
    "Delft Support",
}


def snapshot():
    return {
        "themes": sorted(Theme.objects.values_list("coalition__slug", "name", "order")),
        "items": sorted(
            WorkItem.objects.values_list("title", "status", "start_quarter", "end_quarter")
        ),
        "bottlenecks": sorted(Bottleneck.objects.values_list("description", "level")),
        "escalations": Escalation.objects.count(),
        "signatories": sorted(Signatory.objects.values_list("signer_name", flat=True)),
        "results": sorted(Result.objects.values_list("work_item__title", "date", "outcome")),
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_werkagenda_loads_twice_without_changes(demo):
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_demo_has_utrechts_six_themes_in_order_and_its_items(demo):
    themes = list(Theme.objects.filter(coalition__slug="utrecht").order_by("order"))
    assert [t.name for t in themes] == [
        "Vanuit trots en kracht, samen met ouders",
        "Kind centraal, een goede band opbouwen",
        "Beginnend ouderschap",
        "Ontmoeting aanstaande en jonge ouders",
        "Stress en perspectief",
        "Samenwerken, samen leren in netwerken 1e 1000 dagen",
    ]
    items = WorkItem.objects.filter(coalition__slug="utrecht")
    assert items.count() == 12
    assert set(items.values_list("kind", flat=True)) == {"experiment", "verkenning", "vraagstuk"}
    assert all(item.themes.exists() for item in items)
    assert Escalation.objects.filter(to_level="ministerie").exists()


def test_demo_has_delfts_october_2019_agreement_with_eight_signatories(demo):
    agreement = Agreement.objects.get(coalition__slug="delft")
    assert agreement.kind == "samenwerkingsovereenkomst"
    assert (agreement.signed_on.year, agreement.signed_on.month) == (2019, 10)
    names = set(agreement.signatories.values_list("partner__organisation__name", flat=True))
    assert names == DELFT_SIGNATORIES
    assert all(agreement.signatories.values_list("signer_name", flat=True))


def test_leren_van_elkaar_finds_utrechts_item_about_kraamzorg_hours_on_the_demo(demo, client):
    assert Result.objects.filter(work_item__coalition__slug="utrecht").count() >= 3

    html = client.get(reverse("experiments:learning"), {"q": "kraamzorg"}).content.decode()

    assert "Een doorlopende lijn rond de kraamperiode" in html
    assert "Utrecht" in html
