"""Workspace lists cost the same number of queries with little or much data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiments.services import escalate_bottleneck
from tests.factories import AgreementFactory, BottleneckFactory, SignatoryFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def add_data(coalition, n):
    item = WorkItemFactory(coalition=coalition)
    for i in range(n):
        bottleneck = BottleneckFactory(work_item=item)
        if i % 2:
            escalate_bottleneck(
                bottleneck=bottleneck,
                to_level="ambtelijk",
                date=bottleneck.raised_on,
                escalated_by="Werkgroep",
                reason="Geen mandaat.",
            )
        agreement = AgreementFactory(coalition=coalition)
        SignatoryFactory.create_batch(2, agreement=agreement)
    return item


@pytest.mark.parametrize("page", ["bottleneck_overview", "agreement_list", "item_detail"])
def test_workspace_pages_do_not_grow_with_bottlenecks_and_agreements(
    client, member, coalition, page
):
    client.force_login(member)

    def count(item):
        args = [coalition.slug, item.pk] if page == "item_detail" else [coalition.slug]
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"experiments:{page}", args=args)).status_code == 200
        return len(ctx)

    small = count(add_data(coalition, 2))
    large = count(add_data(coalition, 20))
    assert small == large
