"""What needs attention: the six-month rule and the registry other apps extend."""

import datetime

import pytest
from django.urls import reverse

from coalitions import attention
from coalitions.extensions import attention_checks
from coalitions.models import Coalition, months_before
from tests.factories import StatusUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 8, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 8, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2025, 3, 15), datetime.date(2024, 9, 15)),
        (datetime.date(2025, 12, 31), datetime.date(2025, 6, 30)),
    ],
)
def test_six_months_before_clips_to_the_end_of_the_month(day, expected):
    assert months_before(day, 6) == expected


def items(coalition, today, codes=("stale_status",)):
    """The codes of the coalition's attention items, limited to the checks under test."""
    c = Coalition.objects.for_workspace(today=today).get(pk=coalition.pk)
    return [item.code for item in c.attention_items if item.code in codes]


def test_update_exactly_six_months_old_is_still_fine_one_day_more_is_not(coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 1, 15))
    assert items(coalition, datetime.date(2025, 7, 15)) == []
    assert items(coalition, datetime.date(2025, 7, 16)) == ["stale_status"]


def test_newest_update_counts_not_the_oldest(coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2020, 1, 1))
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 6, 1))
    assert items(coalition, datetime.date(2025, 7, 1)) == []


class AlwaysCheck(attention.AttentionCheck):
    """Stands in for a check another app (pijlers, experiments) registers."""

    code = "test_open_bottleneck"

    def annotate(self, queryset, *, today):
        from django.db.models import Value

        return queryset.annotate(test_open_bottlenecks=Value(2))

    def items(self, coalition, *, today):
        n = coalition.test_open_bottlenecks
        return [attention.AttentionItem(self.code, f"{n} open knelpunten")]


@pytest.fixture
def extra_check():
    check = attention_checks.register(AlwaysCheck())
    yield check
    attention_checks.unregister(check)


def test_other_apps_add_attention_items_through_the_registry(
    client, editor, coalition, extra_check
):
    client.force_login(editor)
    html = client.get(reverse("coalitions:workspace")).content.decode()
    assert "2 open knelpunten" in html
    detail = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug]))
    assert "2 open knelpunten" in detail.content.decode()
