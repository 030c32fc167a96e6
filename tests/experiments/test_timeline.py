import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.quarters import quarter_index, quarter_label
from experiments.models import ItemKind, ItemStatus, WorkItem
from experiments.timeline import build_timeline
from tests.factories import CoalitionPartnerFactory, ThemeFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def q(year, quarter):
    return quarter_index(year, quarter)


def active_labels(row):
    return [quarter_label(c.quarter) for c in row.cells if c.active]


def timeline_for(coalition):
    items = WorkItem.objects.filter(coalition=coalition).for_timeline()
    return build_timeline(items, list(coalition.themes.order_by("order")))


def test_quarters_are_consecutive_integers_across_a_year_boundary():
    assert q(2020, 1) == q(2019, 4) + 1
    assert quarter_label(q(2019, 4)) == "Q4 2019"


def test_timeline_places_an_item_spanning_a_year_boundary_in_its_quarters(coalition):
    theme = ThemeFactory(coalition=coalition)
    WorkItemFactory(
        coalition=coalition, themes=[theme], start_quarter=q(2019, 3), end_quarter=q(2020, 2)
    )
    timeline = timeline_for(coalition)
    assert [label for _, label in timeline.quarters] == ["Q3 2019", "Q4 2019", "Q1 2020", "Q2 2020"]
    (row,) = timeline.groups[0].rows
    assert active_labels(row) == ["Q3 2019", "Q4 2019", "Q1 2020", "Q2 2020"]
    assert row.cells[0].first and row.cells[-1].last


def test_timeline_leaves_quarters_outside_an_item_empty(coalition):
    theme = ThemeFactory(coalition=coalition)
    WorkItemFactory(
        coalition=coalition, themes=[theme], start_quarter=q(2019, 4), end_quarter=q(2021, 4)
    )
    WorkItemFactory(
        coalition=coalition,
        themes=[theme],
        title="Kort",
        start_quarter=q(2020, 2),
        end_quarter=q(2020, 3),
    )
    rows = {r.item.title: r for r in timeline_for(coalition).groups[0].rows}
    assert active_labels(rows["Kort"]) == ["Q2 2020", "Q3 2020"]
    assert len(rows["Kort"].cells) == 9  # Q4 2019 .. Q4 2021


def test_open_ended_item_runs_to_the_last_column_and_is_marked_as_running_on(coalition):
    theme = ThemeFactory(coalition=coalition)
    WorkItemFactory(
        coalition=coalition, themes=[theme], start_quarter=q(2020, 1), end_quarter=q(2021, 2)
    )
    WorkItemFactory(
        coalition=coalition,
        themes=[theme],
        title="Open",
        start_quarter=q(2020, 3),
        end_quarter=None,
    )
    rows = {r.item.title: r for r in timeline_for(coalition).groups[0].rows}
    assert active_labels(rows["Open"]) == ["Q3 2020", "Q4 2020", "Q1 2021", "Q2 2021"]
    assert rows["Open"].cells[-1].open_end
    assert not any(c.open_end for r in rows.values() if r.item.title != "Open" for c in r.cells)


def test_a_lone_open_ended_item_still_gets_a_year_of_columns(coalition):
    WorkItemFactory(coalition=coalition, start_quarter=q(2020, 4), end_quarter=None)
    timeline = timeline_for(coalition)
    assert [label for _, label in timeline.quarters] == ["Q4 2020", "Q1 2021", "Q2 2021", "Q3 2021"]


def test_timeline_groups_by_theme_in_the_themes_order_and_items_without_theme_last(coalition):
    second = ThemeFactory(coalition=coalition, name="Tweede", order=2)
    first = ThemeFactory(coalition=coalition, name="Eerste", order=1)
    WorkItemFactory(coalition=coalition, title="A", themes=[second])
    WorkItemFactory(coalition=coalition, title="B", themes=[first, second])
    WorkItemFactory(coalition=coalition, title="C")
    groups = timeline_for(coalition).groups
    assert [(g.label, [r.item.title for r in g.rows]) for g in groups] == [
        ("Eerste", ["B"]),
        ("Tweede", ["A", "B"]),
        ("Zonder thema", ["C"]),
    ]


def test_timeline_page_shows_the_quarters_as_column_headers(client, member, coalition):
    WorkItemFactory(
        coalition=coalition, title="Hechting", start_quarter=q(2019, 4), end_quarter=q(2020, 1)
    )
    WorkItemFactory(coalition=coalition, start_quarter=q(2019, 1), end_quarter=q(2020, 4))
    client.force_login(member)
    response = client.get(reverse("experiments:timeline", args=[coalition.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col" class="tl-q">Q4 2019</th>' in html
    assert '<th scope="col" class="tl-q">Q1 2020</th>' in html
    assert "Hechting" in html
    row = html[html.index("Hechting") : html.index("</tr>", html.index("Hechting"))]
    assert row.count('class="tl-cell"') == 6  # Q1-Q3 2019 and Q2-Q4 2020 stay empty
    assert row.count("tl-on") == 2
    assert "<script>" not in html  # readable without JavaScript, allowed by the CSP


def test_timeline_filters_by_kind_status_theme_and_partner(client, member, coalition):
    theme = ThemeFactory(coalition=coalition, name="Stress en perspectief")
    partner = CoalitionPartnerFactory(coalition=coalition)
    WorkItemFactory(coalition=coalition, title="Kinderopvang", kind=ItemKind.VERKENNING)
    WorkItemFactory(coalition=coalition, title="NNZ", kind=ItemKind.VRAAGSTUK, themes=[theme])
    WorkItemFactory(coalition=coalition, title="Gestopt", status=ItemStatus.GESTOPT)
    WorkItemFactory(coalition=coalition, title="Met partner", partners=[partner])
    WorkItemFactory(coalition=coalition, title="Getrokken", lead_partner=partner)
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])

    def titles(**params):
        response = client.get(url, params)
        return {i.title for i in response.context["items"]}

    assert titles(kind="verkenning") == {"Kinderopvang"}
    assert titles(theme=theme.pk) == {"NNZ"}
    assert titles(status="gestopt") == {"Gestopt"}
    assert titles(partner=partner.pk) == {"Met partner", "Getrokken"}
    assert len(titles()) == 5


def build_items(coalition, n):
    themes = [ThemeFactory(coalition=coalition) for _ in range(3)]
    partners = [CoalitionPartnerFactory(coalition=coalition) for _ in range(3)]
    for i in range(n):
        WorkItemFactory(
            coalition=coalition,
            themes=themes[: i % 3 + 1],
            partners=partners[: i % 3 + 1],
            lead_partner=partners[i % 3],
            start_quarter=q(2019, 4) + i % 5,
            end_quarter=None if i % 4 == 0 else q(2021, 4),
        )


@pytest.mark.parametrize("public", [False, True])
def test_timeline_query_count_does_not_grow_from_5_to_60_items(
    client, member, coalition, other_coalition, public
):
    build_items(coalition, 5)
    build_items(other_coalition, 60)
    client.force_login(member)
    other_member_view = public

    def count(c):
        name = "experiments:public_werkagenda" if public else "experiments:timeline"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name, args=[c.slug]))
        assert response.status_code in (200, 404)
        return len(ctx), response

    small, response = count(coalition)
    assert len(response.context["items"]) == 5
    if other_member_view:
        large, response = count(other_coalition)
        assert len(response.context["items"]) == 60
    else:
        # Same coalition, grown to 60 items: the member must still see it.
        build_items(coalition, 55)
        large, response = count(coalition)
        assert len(response.context["items"]) == 60
    assert small == large


def test_open_bottleneck_count_on_the_timeline_is_not_multiplied_by_filters(
    client, member, coalition
):
    from tests.factories import BottleneckFactory

    themes = [ThemeFactory(coalition=coalition) for _ in range(2)]
    partners = [CoalitionPartnerFactory(coalition=coalition) for _ in range(2)]
    item = WorkItemFactory(coalition=coalition, themes=themes, partners=partners)
    BottleneckFactory.create_batch(2, work_item=item)
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    for params in [{}, {"theme": themes[1].pk}, {"partner": partners[1].pk}]:
        (shown,) = client.get(url, params).context["items"]
        assert shown.open_bottleneck_count == 2, params
