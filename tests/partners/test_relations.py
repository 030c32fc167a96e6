"""Typed relations between partners: the rules the model and the database keep."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import CoalitionPartner, PartnerRelation, RelationKind
from tests.factories import (
    AgreementFactory,
    CoalitionPartnerFactory,
    PartnerRelationFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def pair(coalition):
    return (
        CoalitionPartnerFactory(coalition=coalition, organisation__name="Verloskundigen"),
        CoalitionPartnerFactory(coalition=coalition, organisation__name="Wijkteam"),
    )


def relation(pair, **kwargs):
    source, target = pair
    kwargs = {
        "kind": RelationKind.VERWIJST,
        "since": D(2021, 1, 1),
        "source": source,
        "target": target,
        **kwargs,
    }
    return PartnerRelation(coalition=source.coalition, **kwargs)


def messages(error):
    return [m for ms in error.value.message_dict.values() for m in ms]


def test_a_partner_of_another_coalition_is_refused_by_clean_and_by_the_database(
    pair, other_coalition
):
    stranger = CoalitionPartnerFactory(coalition=other_coalition)
    rel = relation(pair, target=stranger)
    with pytest.raises(ValidationError) as error:
        rel.full_clean()
    assert "Beide partners moeten partner van deze coalitie zijn." in messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        rel.save()
    assert not PartnerRelation.objects.exists()


def test_a_partner_cannot_relate_to_itself(pair):
    rel = relation(pair, target=pair[0])
    with pytest.raises(ValidationError) as error:
        rel.full_clean()
    assert "Een relatie verbindt twee verschillende partners." in messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        rel.save()


def test_the_end_date_may_not_lie_before_the_start(pair):
    rel = relation(pair, until=D(2020, 12, 31))
    with pytest.raises(ValidationError) as error:
        rel.full_clean()
    assert "De einddatum ligt vóór de begindatum." in messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        rel.save()


def test_a_relation_cannot_start_before_a_partnership_or_after_it_ended(pair):
    source, target = pair
    CoalitionPartner.objects.filter(pk=target.pk).update(until=D(2022, 1, 1))
    target.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        relation(pair, since=D(2019, 6, 1)).full_clean()
    assert any("vóór het partnerschap van Verloskundigen" in m for m in messages(error))
    with pytest.raises(ValidationError) as error:
        relation(pair, since=D(2022, 1, 1)).full_clean()
    assert any("Wijkteam is dan al beëindigd" in m for m in messages(error))


def test_a_directed_relation_runs_one_way_so_the_way_back_is_a_second_relation(pair):
    source, target = pair
    PartnerRelationFactory(source=source, target=target, kind=RelationKind.VERWIJST)
    back = relation((target, source), kind=RelationKind.VERWIJST)
    back.full_clean()
    back.save()
    again = relation(pair, kind=RelationKind.VERWIJST)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "Deze relatie tussen deze twee partners loopt al." in messages(error)


def test_a_mutual_relation_is_one_relation_whichever_end_comes_first(pair):
    source, target = pair
    PartnerRelationFactory(source=source, target=target, kind=RelationKind.CASUSOVERLEG)
    back = relation((target, source), kind=RelationKind.CASUSOVERLEG)
    with pytest.raises(ValidationError) as error:
        back.full_clean()
    assert "Deze relatie tussen deze twee partners loopt al." in messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        back.save()


def test_an_ended_relation_may_start_again(pair):
    PartnerRelationFactory(source=pair[0], target=pair[1], until=D(2022, 1, 1))
    relation(pair, since=D(2023, 1, 1)).full_clean()


def test_a_relation_runs_within_its_own_period_and_both_partnerships(pair):
    rel = PartnerRelationFactory(source=pair[0], target=pair[1], until=D(2024, 1, 1))
    running = PartnerRelation.objects.running
    assert list(running(D(2021, 1, 1))) == [rel]
    assert not running(D(2020, 12, 31)).exists()
    assert not running(D(2024, 1, 1)).exists()  # ended that day
    CoalitionPartner.objects.filter(pk=pair[1].pk).update(until=D(2022, 1, 1))
    assert not running(D(2022, 6, 1)).exists()
    rel.refresh_from_db()
    assert not rel.is_running(D(2022, 6, 1)) and rel.is_running(D(2021, 6, 1))


def test_a_relation_may_rest_on_an_agreement_of_its_own_coalition_only(pair, other_coalition):
    from django.contrib.contenttypes.models import ContentType

    own = AgreementFactory(coalition=pair[0].coalition)
    foreign = AgreementFactory(coalition=other_coalition)
    agreement_type = ContentType.objects.get_for_model(own)
    relation(pair, basis_type=agreement_type, basis_id=own.pk).full_clean()
    with pytest.raises(ValidationError) as error:
        relation(pair, basis_type=agreement_type, basis_id=foreign.pk).full_clean()
    assert "De afspraak of het werkagenda-onderdeel hoort bij een andere coalitie." in messages(
        error
    )
    with pytest.raises(ValidationError) as error:
        relation(
            pair, basis_type=ContentType.objects.get_for_model(CoalitionPartner), basis_id=1
        ).full_clean()
    assert "Een relatie rust op een afspraak of werkagenda-onderdeel." in messages(error)


def test_every_change_of_a_relation_is_in_the_history(pair):
    rel = PartnerRelationFactory(source=pair[0], target=pair[1])
    rel.until = D(2023, 1, 1)
    rel.save()
    assert [e.pgh_label for e in rel.events.order_by("pgh_id")] == ["insert", "update"]


# --- The admin obeys the same rules ---


def test_the_admin_refuses_a_partner_of_another_coalition_with_the_same_message(
    client, superuser, pair, other_coalition
):
    stranger = CoalitionPartnerFactory(coalition=other_coalition)
    client.force_login(superuser)
    response = client.post(
        "/admin/partners/partnerrelation/add/",
        {
            "coalition": pair[0].coalition.pk,
            "source": pair[0].pk,
            "kind": RelationKind.VERWIJST,
            "target": stranger.pk,
            "since": "2021-01-01",
        },
    )
    assert response.status_code == 200
    assert "Beide partners moeten partner van deze coalitie zijn." in response.content.decode()
    assert not PartnerRelation.objects.exists()


def test_pharos_reads_relations_in_the_admin_but_does_not_change_them(client, pharos, pair):
    rel = PartnerRelationFactory(source=pair[0], target=pair[1])
    client.force_login(pharos)
    assert client.get("/admin/partners/partnerrelation/").status_code == 200
    assert client.get("/admin/partners/partnerrelation/add/").status_code == 403
    url = f"/admin/partners/partnerrelation/{rel.pk}/change/"
    data = {"coalition": rel.coalition_id, "source": rel.source_id, "kind": rel.kind}
    client.post(url, {**data, "target": rel.target_id, "since": "2022-01-01"})
    rel.refresh_from_db()
    assert rel.since == D(2021, 1, 1)
