import pytest
from django.core.management import CommandError, call_command

from coalitions.models import Coalition, CoalitionRole, StatusUpdate
from partners.models import CoalitionPartner, ContactPerson, Organisation

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "coalitions": sorted(Coalition.objects.values_list("slug", "phase")),
        "trekkers": sorted(
            CoalitionPartner.objects.trekkers().values_list("coalition__slug", "organisation__name")
        ),
        "updates": StatusUpdate.objects.count(),
        "organisations": sorted(Organisation.objects.values_list("name", "domain", "latitude")),
        "partners": sorted(
            CoalitionPartner.objects.values_list("coalition__slug", "organisation__name", "role")
        ),
        "contacts": sorted(ContactPerson.objects.values_list("name", "email")),
        "roles": sorted(
            CoalitionRole.objects.values_list("user__username", "coalition__slug", "role")
        ),
    }


def test_load_demo_twice_gives_the_same_data(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert len(first["coalitions"]) == 9
    assert {"delft", "regio-alkmaar", "utrecht"} <= {slug for slug, *_ in first["coalitions"]}


def test_demo_has_delfts_eight_signatories_and_all_domains(settings):
    settings.DEBUG = True
    call_command("load_demo")
    delft = Coalition.objects.get(slug="delft")
    names = set(delft.partners.values_list("organisation__name", flat=True))
    for signatory in [
        "Gemeente Delft",
        "Reinier de Graaf ziekenhuis",
        "DSW zorgverzekeraar",
        "Delft voor Elkaar",
        "VSV Reinier",
        "JGZ Zuid-Holland West",
        "Delft Support",
    ]:
        assert signatory in names
    domains = set(Organisation.objects.values_list("domain", flat=True))
    assert domains == {"medisch", "publieke_gezondheid", "sociaal", "informeel", "overig"}


def test_demo_logins_work(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    for username in ["pharos", "adviseur-delft", "lid-delft", "adviseur-utrecht"]:
        assert client.login(username=username, password="kansrijk-demo"), username
        client.logout()


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("load_demo")
    assert not Coalition.objects.exists()


def test_load_demo_dry_run_writes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", "--dry-run")
    assert not Coalition.objects.exists()
