import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.quarters import quarter_index, quarter_label
from experiments.models import ItemKind, ItemStatus, WorkItem
from experiments.timeline import build_timeline, touches_year, years_with_items
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


def test_timeline_page_shows_the_quarters_of_the_asked_year_as_column_headers(
    client, member, coalition
):
    WorkItemFactory(
        coalition=coalition, title="Hechting", start_quarter=q(2019, 4), end_quarter=q(2020, 1)
    )
    WorkItemFactory(coalition=coalition, start_quarter=q(2019, 1), end_quarter=q(2020, 4))
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    response = client.get(url, {"jaar": "2019"})
    html = response.content.decode()
    assert response.status_code == 200
    headers = [f'<th scope="col" class="tl-q">Q{n} 2019</th>' for n in range(1, 5)]
    assert all(h in html for h in headers)
    assert 'class="tl-q">Q1 2020' not in html
    row = html[html.index("Hechting") : html.index("</tr>", html.index("Hechting"))]
    assert row.count('class="tl-cell"') == 3  # Q1-Q3 2019 stay empty
    assert row.count("tl-on") == 1
    assert "loopt door" in row  # into 2020: marked as running on
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
            # 2020: every item of build_items runs in it.
            response = client.get(reverse(name, args=[c.slug]), {"jaar": 2020})
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


# --- One year at a time ------------------------------------------------------------------------

THIS_YEAR = timezone.localdate().year


def shown(client, url, **params):
    # The grid's own logic, read from the context: a cached body (common/page_cache.py,
    # tested there) would leave the context without it on a repeated address.
    cache.clear()
    response = client.get(url, params)
    assert response.status_code == 200
    return response, {i.title for i in response.context["items"]}


def test_werkagenda_opens_on_this_year_with_only_its_items_and_four_quarters(
    client, member, coalition
):
    WorkItemFactory(
        coalition=coalition,
        title="Dit jaar",
        start_quarter=q(THIS_YEAR, 2),
        end_quarter=q(THIS_YEAR, 3),
    )
    WorkItemFactory(
        coalition=coalition,
        title="Vorig jaar",
        start_quarter=q(THIS_YEAR - 1, 1),
        end_quarter=q(THIS_YEAR - 1, 4),
    )
    client.force_login(member)
    response, titles = shown(client, reverse("experiments:timeline", args=[coalition.slug]))
    assert titles == {"Dit jaar"}
    assert [label for _, label in response.context["timeline"].quarters] == [
        f"Q{n} {THIS_YEAR}" for n in range(1, 5)
    ]
    assert f"Werkagenda {THIS_YEAR}" in response.content.decode()


def test_without_items_this_year_the_werkagenda_opens_on_the_nearest_year_with_items(
    client, member, coalition
):
    WorkItemFactory(coalition=coalition, title="Oud", start_quarter=q(2016, 1), end_quarter=None)
    WorkItemFactory(
        coalition=coalition,
        title="Gepland",
        start_quarter=q(THIS_YEAR + 2, 1),
        end_quarter=q(THIS_YEAR + 2, 2),
    )
    WorkItemFactory(
        coalition=coalition,
        title="Afgelopen",
        start_quarter=q(THIS_YEAR - 3, 1),
        end_quarter=q(THIS_YEAR - 3, 4),
    )
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    # The open-ended item runs on, so this year has work after all.
    assert shown(client, url)[1] == {"Oud"}
    WorkItem.objects.filter(title="Oud").delete()
    response, titles = shown(client, url)
    assert titles == {"Gepland"}  # two years ahead is nearer than three years back
    assert response.context["year_window"].year == THIS_YEAR + 2


def test_an_item_spanning_years_shows_in_each_year_it_touches(client, member, coalition):
    WorkItemFactory(
        coalition=coalition, title="Lang", start_quarter=q(2019, 3), end_quarter=q(2021, 1)
    )
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    for year, active in [(2019, 2), (2020, 4), (2021, 1)]:
        response, titles = shown(client, url, jaar=year)
        assert titles == {"Lang"}, year
        (row,) = response.context["timeline"].groups[0].rows
        assert sum(c.active for c in row.cells) == active, year
    assert shown(client, url, jaar=2022)[1] == set()
    (row,) = shown(client, url, jaar=2020)[0].context["timeline"].groups[0].rows
    assert row.cells[0].from_before and row.cells[-1].open_end  # begun before, runs on


def test_year_navigation_links_to_the_years_with_items_and_keeps_the_filters(
    client, member, coalition
):
    for year in (2018, 2019, 2023):
        WorkItemFactory(
            coalition=coalition,
            kind=ItemKind.VERKENNING,
            start_quarter=q(year, 1),
            end_quarter=q(year, 2),
        )
    WorkItemFactory(coalition=coalition, start_quarter=q(2021, 1), end_quarter=q(2021, 1))
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    response, _ = shown(client, url, jaar=2019, kind="verkenning")
    window = response.context["year_window"]
    # 2021 has only an experiment: the filter leaves it out of the years to go to.
    assert [link.year for link in window.links] == [2018, 2019, 2023]
    assert (window.previous.year, window.next.year) == (2018, 2023)
    html = response.content.decode()
    assert 'href="?kind=verkenning&amp;jaar=2023" rel="next"' in html
    assert 'href="?kind=verkenning&amp;jaar=2019" aria-current="page"' in html
    assert '<input type="hidden" name="jaar" value="2019">' in html  # filtering keeps the year
    # Plain links: the next year is one GET away, no JavaScript.
    assert shown(client, url, jaar=2023, kind="verkenning")[0].context["year_window"].next is None


def test_a_year_that_is_no_year_gets_a_dutch_message_and_the_default_year(
    client, member, coalition
):
    WorkItemFactory(coalition=coalition, start_quarter=q(2020, 1), end_quarter=q(2020, 4))
    client.force_login(member)
    url = reverse("experiments:timeline", args=[coalition.slug])
    for bad in ["twintig", "1900", "-1", "2025; DROP"]:
        response, titles = shown(client, url, jaar=bad)
        assert "is geen jaar van de werkagenda" in response.content.decode(), bad
        assert response.context["year_window"].year == 2020


def test_after_a_save_the_werkagenda_opens_on_a_year_of_the_saved_item(client, editor, coalition):
    WorkItemFactory(coalition=coalition, start_quarter=q(THIS_YEAR, 1), end_quarter=None)
    saved = WorkItemFactory(
        coalition=coalition, title="Net opgeslagen", start_quarter=q(2017, 2), end_quarter=None
    )
    old = WorkItemFactory(
        coalition=coalition, title="Oud en af", start_quarter=q(2016, 2), end_quarter=q(2016, 3)
    )
    client.force_login(editor)
    url = reverse("experiments:timeline", args=[coalition.slug])
    # Open-ended, so it runs this year too: the werkagenda stays on this year.
    response, titles = shown(client, url, opgeslagen=saved.pk)
    assert "Net opgeslagen" in titles and response.context["saved_item"] == saved
    response, titles = shown(client, url, opgeslagen=old.pk)
    assert titles == {"Oud en af"} and response.context["saved_item"] == old
    assert f'id="opgeslagen-{old.pk}"' in response.content.decode()
    # The year links do not carry the highlight along.
    assert "opgeslagen=" not in "".join(
        link.query for link in response.context["year_window"].links
    )


def test_public_werkagenda_shows_one_year_of_published_items_with_year_links(client, coalition):
    WorkItemFactory(
        coalition=coalition, title="Openbaar", start_quarter=q(2020, 1), end_quarter=q(2021, 2)
    )
    WorkItemFactory(
        coalition=coalition,
        title="Verborgen",
        published=False,
        start_quarter=q(2024, 1),
        end_quarter=q(2024, 2),
    )
    url = reverse("experiments:public_werkagenda", args=[coalition.slug])
    response, titles = shown(client, url)
    assert titles == {"Openbaar"}
    window = response.context["year_window"]
    assert window.year == 2021  # the nearest year with public items
    assert [link.year for link in window.links] == [2020, 2021]  # 2024 only has hidden work
    html = response.content.decode()
    assert "De onderdelen in 2021" in html and "Verborgen" not in html
    assert shown(client, url, jaar=2024)[1] == set()


def test_coalition_page_lists_one_year_of_the_werkagenda_and_links_to_the_others(client, coalition):
    WorkItemFactory(
        coalition=coalition, title="Nu", start_quarter=q(THIS_YEAR, 1), end_quarter=None
    )
    WorkItemFactory(
        coalition=coalition, title="Vroeger", start_quarter=q(2016, 1), end_quarter=q(2016, 4)
    )
    html = client.get(coalition.get_absolute_url()).content.decode()
    assert "Nu" in html and "Vroeger" not in html
    public = reverse("experiments:public_werkagenda", args=[coalition.slug])
    assert f'href="{public}?jaar=2016"' in html


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (q(2019, 3), q(2021, 1)),
        (q(2020, 1), q(2020, 1)),
        (q(2019, 4), None),
        (q(2022, 2), None),
        (q(2018, 1), q(2019, 4)),
    ],
)
def test_the_year_rule_is_the_same_in_the_database_and_for_loaded_rows(coalition, start, end):
    item = WorkItemFactory(coalition=coalition, start_quarter=start, end_quarter=end)
    in_db = {
        y for y in range(2017, 2025) if WorkItem.objects.in_year(y).filter(pk=item.pk).exists()
    }
    assert in_db == {y for y in range(2017, 2025) if touches_year(start, end, y)}
    listed = set(years_with_items([(start, end)], this_year=2024))
    assert listed == in_db & set(range(start // 4, 2025))
