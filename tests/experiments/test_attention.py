"""Open bottlenecks on the workspace's attention list (experiments registers the check)."""

import datetime

import pytest
from django.urls import reverse

from coalitions.models import CoalitionRole
from pijlers.models import Pillar
from tests.factories import (
    AssessmentFactory,
    BottleneckFactory,
    CoalitionRoleFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def row_for(response, coalition):
    [row] = [r for r in response.context["rows"] if r["coalition"] == coalition]
    return row


@pytest.fixture
def up_to_date(coalition, other_coalition):
    """Recent status updates and a full self-assessment, so only bottlenecks need attention."""
    for c in (coalition, other_coalition):
        StatusUpdateFactory(coalition=c, date=datetime.date.today())
        for pillar in Pillar.objects.all():
            AssessmentFactory(coalition=c, pillar=pillar)


def test_workspace_lists_open_bottlenecks_with_a_link_to_the_overview(
    client, editor, coalition, up_to_date
):
    item = WorkItemFactory(coalition=coalition)
    BottleneckFactory.create_batch(2, work_item=item)
    BottleneckFactory(work_item=WorkItemFactory(coalition=coalition))
    client.force_login(editor)
    response = client.get(reverse("coalitions:workspace"))
    overview = reverse("experiments:bottleneck_overview", args=[coalition.slug])
    assert [(i.code, i.message, i.url) for i in row_for(response, coalition)["attention"]] == [
        ("open_bottlenecks", "3 open knelpunten in de werkagenda.", overview)
    ]
    assert f'<a href="{overview}">3 open knelpunten in de werkagenda.</a>' in (
        response.content.decode()
    )


def test_resolved_bottlenecks_and_other_coalitions_do_not_count(
    client, editor, coalition, other_coalition, up_to_date
):
    item = WorkItemFactory(coalition=coalition)
    BottleneckFactory(work_item=item)
    BottleneckFactory(work_item=item, resolved_on=datetime.date(2020, 6, 1), resolution="Geregeld.")
    BottleneckFactory.create_batch(4, work_item=WorkItemFactory(coalition=other_coalition))
    CoalitionRoleFactory(user=editor, coalition=other_coalition, role=CoalitionRole.Role.MEMBER)
    client.force_login(editor)
    response = client.get(reverse("coalitions:workspace"))
    assert [i.message for i in row_for(response, coalition)["attention"]] == [
        "1 open knelpunt in de werkagenda."
    ]
    assert [i.message for i in row_for(response, other_coalition)["attention"]] == [
        "4 open knelpunten in de werkagenda."
    ]


def test_no_open_bottleneck_means_no_attention_item(client, editor, coalition, up_to_date):
    BottleneckFactory(
        work_item=WorkItemFactory(coalition=coalition),
        resolved_on=datetime.date(2020, 6, 1),
        resolution="Geregeld.",
    )
    client.force_login(editor)
    response = client.get(reverse("coalitions:workspace"))
    assert row_for(response, coalition)["attention"] == []
    assert "knelpunt" not in response.content.decode()


def test_workspace_overview_shows_the_open_count_and_links_to_werkagenda_and_agreements(
    client, member, coalition, up_to_date
):
    BottleneckFactory.create_batch(2, work_item=WorkItemFactory(coalition=coalition))
    client.force_login(member)
    body = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug])).content
    body = body.decode()
    assert "2 open knelpunten in de werkagenda." in body
    for url in (
        reverse("experiments:timeline", args=[coalition.slug]),
        reverse("experiments:bottleneck_overview", args=[coalition.slug]),
        reverse("experiments:agreement_list", args=[coalition.slug]),
        reverse("partners:workspace_map", args=[coalition.slug]),
    ):
        assert f'href="{url}"' in body, url
    # The dashboard's knelpunten card carries the same count.
    assert 'Open knelpunten <span class="badge text-bg-warning">2</span>' in body
