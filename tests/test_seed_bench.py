"""seed_bench: invented national-scale data, the same on every run, nothing on a dry run."""

import pytest
from django.core.management import CommandError, call_command

from coalitions.models import Coalition, CoalitionRole, Gemeente, StatusUpdate
from partners.models import CoalitionPartner, ContactPerson, Organisation

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "gemeenten": sorted(Gemeente.objects.values_list("cbs_code", "name")),
        "coalitions": sorted(Coalition.objects.values_list("slug", "phase", "trekker__kvk_number")),
        "updates": StatusUpdate.objects.count(),
        "organisations": Organisation.objects.count(),
        "partners": sorted(
            CoalitionPartner.objects.values_list("coalition__slug", "organisation__kvk_number")
        ),
        "contacts": sorted(ContactPerson.objects.values_list("email", flat=True)),
        "roles": CoalitionRole.objects.count(),
    }


def test_seed_bench_twice_gives_the_same_data_at_the_asked_scale(settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=4)
    first = snapshot()
    call_command("seed_bench", coalitions=4)
    assert snapshot() == first
    assert len([s for s, *_ in first["coalitions"] if s.startswith("bench-")]) == 4
    assert first["updates"] == 4 * 8
    assert first["organisations"] == 4 * 20
    assert len(first["contacts"]) == 3 * 4 * 20
    # Synthetic CBS codes from GM5000 on never clash with real ones (all below GM2000).
    bench_codes = [code for code, _ in first["gemeenten"] if code >= "GM5000"]
    assert bench_codes == [f"GM{5000 + i}" for i in range(round(4 * 1.14))]


def test_each_bench_coalition_has_its_trekker_among_its_partners(settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=3)
    for coalition in Coalition.objects.filter(slug__startswith="bench-"):
        trekker = coalition.partners.get(role="trekker")
        assert coalition.trekker == trekker.organisation
        assert coalition.phase == coalition.status_updates.order_by("-date").first().phase


def test_dry_run_writes_nothing(settings):
    settings.DEBUG = True
    before = snapshot()
    call_command("seed_bench", coalitions=2, dry_run=True)
    assert snapshot() == before


def test_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_bench", coalitions=1)
