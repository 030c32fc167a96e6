"""seed_bench: invented national-scale data, the same on every run, nothing on a dry run."""

import pytest
from django.core.management import CommandError, call_command

from coalitions.models import Coalition, CoalitionRole, Gemeente, Goal, StatusUpdate
from experiments.models import Agreement, Bottleneck, Result, Signatory, WorkItem
from partners.models import CoalitionPartner, ContactPerson, Organisation, PartnerRelation
from pijlers.models import Assessment, AssessmentAnswer, Measurement, Offering

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "gemeenten": sorted(Gemeente.objects.values_list("cbs_code", "name")),
        "coalitions": sorted(Coalition.objects.values_list("slug", "phase")),
        "trekkers": sorted(
            CoalitionPartner.objects.trekkers().values_list(
                "coalition__slug", "organisation__kvk_number"
            )
        ),
        "updates": StatusUpdate.objects.count(),
        "organisations": Organisation.objects.count(),
        "partners": sorted(
            CoalitionPartner.objects.values_list("coalition__slug", "organisation__kvk_number")
        ),
        "contacts": sorted(ContactPerson.objects.values_list("email", flat=True)),
        "roles": CoalitionRole.objects.count(),
        "assessments": sorted(
            Assessment.objects.values_list("coalition__slug", "pillar__number", "date", "level")
        ),
        "answers": AssessmentAnswer.objects.count(),
        "measurements": sorted(
            Measurement.objects.values_list(
                "gemeente__cbs_code", "indicator__code", "period", "value", "small_numbers"
            )
        ),
        "offerings": sorted(
            Offering.objects.values_list("partner__organisation__kvk_number", "intervention__slug")
        ),
        "items": sorted(
            WorkItem.objects.values_list(
                "coalition__slug", "title", "start_quarter", "end_quarter", "status"
            )
        ),
        "item_themes": WorkItem.themes.through.objects.count(),
        "item_partners": WorkItem.partners.through.objects.count(),
        "bottlenecks": Bottleneck.objects.count(),
        "agreements": sorted(Agreement.objects.values_list("coalition__slug", "kind", "signed_on")),
        "signatories": sorted(
            Signatory.objects.values_list("agreement__coalition__slug", "partner__organisation_id")
        ),
        "relations": sorted(
            PartnerRelation.objects.values_list(
                "coalition__slug", "source__organisation_id", "target__organisation_id", "kind"
            )
        ),
        "results": sorted(Result.objects.values_list("work_item__title", "date", "figure")),
        "goals": sorted(Goal.objects.values_list("coalition__slug", "year", "description")),
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
    assert len(first["contacts"]) == 3 * len(first["partners"])  # three per partnership
    # Synthetic CBS codes from GM5000 on never clash with real ones (all below GM2000).
    bench_codes = [code for code, _ in first["gemeenten"] if code >= "GM5000"]
    assert bench_codes == [f"GM{5000 + i}" for i in range(round(4 * 1.14))]
    # The merged apps: 5 pillars assessed on 2 dates, 10 years x 10 indicators per gemeente,
    # 30 werkagenda items and 2 agreements per coalition.
    assert len(first["assessments"]) == 4 * 5 * 2
    assert len(first["measurements"]) == len(bench_codes) * 10 * 10
    assert len([i for i in first["items"] if i[0].startswith("bench-")]) == 4 * 30
    assert len(first["agreements"]) == 4 * 2
    assert first["answers"] and first["offerings"] and first["signatories"]
    assert first["item_themes"] and first["item_partners"] and first["bottlenecks"]
    # What the network, /leren/ and the dashboard show: relations, results, this year's goals.
    assert len(first["relations"]) == 4 * 25
    assert first["results"]
    assert len(first["goals"]) == 4 * 4 * 3


def test_bench_relations_obey_the_same_rules_as_the_app(settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=3)
    relations = PartnerRelation.objects.select_related(
        "source__organisation", "target__organisation"
    )
    assert relations
    for relation in relations:
        relation.full_clean()  # the model's own rules: partners of this coalition, dates
    for result in Result.objects.all():
        result.full_clean()  # never dated in the future


def test_werkagenda_partners_and_signatories_belong_to_their_own_coalition(settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=3)
    for item in WorkItem.objects.prefetch_related("partners", "themes"):
        assert {p.coalition_id for p in item.partners.all()} <= {item.coalition_id}
        assert {t.coalition_id for t in item.themes.all()} <= {item.coalition_id}
        assert item.lead_partner is None or item.lead_partner.coalition_id == item.coalition_id
    for signatory in Signatory.objects.select_related("agreement", "partner"):
        assert signatory.partner.coalition_id == signatory.agreement.coalition_id


def test_each_bench_coalition_has_its_trekker_among_its_partners(settings):
    settings.DEBUG = True
    call_command("seed_bench", coalitions=3)
    for coalition in Coalition.objects.filter(slug__startswith="bench-"):
        trekker = coalition.partners.get(role="trekker")
        assert coalition.trekker_partnership == trekker
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
