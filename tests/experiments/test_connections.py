import pytest

from experiments.models import WorkItem
from tests.factories import CoalitionPartnerFactory, SignatoryFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def test_partners_sharing_items_or_agreements_are_connected_per_coalition(
    coalition, other_coalition
):
    a, b, c, d = CoalitionPartnerFactory.create_batch(4, coalition=coalition)
    WorkItemFactory(coalition=coalition, lead_partner=a, partners=[b])
    WorkItemFactory(coalition=coalition, partners=[a, b])
    signatory = SignatoryFactory(agreement__coalition=coalition, partner=a)
    SignatoryFactory(agreement=signatory.agreement, partner=c)
    WorkItemFactory(coalition=coalition, partners=[d])  # alone: no connection
    x, y = CoalitionPartnerFactory.create_batch(2, coalition=other_coalition)
    WorkItemFactory(coalition=other_coalition, partners=[x, y])

    result = WorkItem.objects.partner_connections()
    pairs = {
        (cn.organisation_a_id, cn.organisation_b_id): (cn.work_items, cn.agreements)
        for cn in result[coalition.pk]
    }
    org = {p: p.organisation_id for p in (a, b, c)}
    assert pairs == {
        tuple(sorted((org[a], org[b]))): (2, 0),
        tuple(sorted((org[a], org[c]))): (0, 1),
    }
    assert len(result[other_coalition.pk]) == 1
    assert set(WorkItem.objects.partner_connections(coalition=other_coalition)) == {
        other_coalition.pk
    }


def test_partner_connections_take_two_queries_whatever_the_size(
    coalition, django_assert_num_queries
):
    partners = CoalitionPartnerFactory.create_batch(5, coalition=coalition)
    for i in range(10):
        WorkItemFactory(coalition=coalition, partners=partners[: i % 5 + 1])
    with django_assert_num_queries(2):
        WorkItem.objects.partner_connections(coalition=coalition)
