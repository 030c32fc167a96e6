"""The workspace overview as a dashboard: phase progress, attention, Pharos' feedback that
editors mark read, partners per domain and pillar levels as charts, this quarter's werkagenda
and the open knelpunten."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Feedback, Phase
from common.quarters import quarter_index, quarter_of
from pijlers.models import MaturityLevel, Pillar
from tests.factories import (
    AssessmentFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    FeedbackFactory,
    GoalFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def overview(client, user, coalition) -> str:
    client.force_login(user)
    response = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def mark_read(client, user, feedback):
    client.force_login(user)
    return client.post(
        reverse("coalitions:workspace_feedback_read", args=[feedback.coalition.slug, feedback.pk])
    )


# --- Pharos' feedback, marked read ---------------------------------------------------------


def test_editor_marks_feedback_read_and_the_overview_says_who_and_when(
    client, editor, coalition, pharos
):
    editor.first_name, editor.last_name = "Eva", "Editor"
    editor.save()
    feedback = FeedbackFactory(coalition=coalition, author=pharos, text="Betrek het wijkteam.")
    assert "Markeren als gelezen" in overview(client, editor, coalition)

    response = mark_read(client, editor, feedback)

    assert response.status_code == 302
    assert response.url.endswith(f"#feedback-{feedback.pk}")
    feedback.refresh_from_db()
    assert feedback.read_by == editor
    assert feedback.read_at is not None
    html = overview(client, editor, coalition)
    today = timezone.localdate()
    assert f"Gelezen door Eva Editor op {today.day} " in html
    assert "Markeren als gelezen" not in html


def test_marking_feedback_read_is_in_the_history_with_the_editor(client, editor, coalition):
    feedback = FeedbackFactory(coalition=coalition)
    mark_read(client, editor, feedback)
    event = Feedback.pgh_event_model.objects.filter(pgh_obj=feedback, pgh_label="update").get()
    assert event.read_by_id == editor.pk
    assert event.pgh_context.metadata["user"] == editor.pk


def test_marking_it_again_keeps_the_first_reader(client, editor, colleague, coalition):
    feedback = FeedbackFactory(coalition=coalition)
    mark_read(client, editor, feedback)
    first = Feedback.objects.get(pk=feedback.pk).read_at
    mark_read(client, colleague, feedback)
    feedback.refresh_from_db()
    assert (feedback.read_by, feedback.read_at) == (editor, first)


def test_member_cannot_mark_feedback_read(client, member, coalition):
    feedback = FeedbackFactory(coalition=coalition)
    assert mark_read(client, member, feedback).status_code == 403
    feedback.refresh_from_db()
    assert feedback.read_at is None and feedback.read_by is None


def test_editor_of_another_coalition_cannot_mark_feedback_read(
    client, other_editor, coalition, other_coalition
):
    feedback = FeedbackFactory(coalition=coalition)
    assert mark_read(client, other_editor, feedback).status_code == 404
    # Not through their own coalition's address either.
    client.post(
        reverse("coalitions:workspace_feedback_read", args=[other_coalition.slug, feedback.pk])
    )
    feedback.refresh_from_db()
    assert feedback.read_at is None and feedback.read_by is None


def test_pharos_reads_the_feedback_but_does_not_mark_it(client, pharos, coalition):
    feedback = FeedbackFactory(coalition=coalition, text="Betrek het wijkteam.")
    html = overview(client, pharos, coalition)
    assert "Betrek het wijkteam." in html
    assert "Markeren als gelezen" not in html
    assert mark_read(client, pharos, feedback).status_code == 403
    feedback.refresh_from_db()
    assert feedback.read_at is None


def test_marking_read_needs_a_post(client, editor, coalition):
    feedback = FeedbackFactory(coalition=coalition)
    client.force_login(editor)
    url = reverse("coalitions:workspace_feedback_read", args=[coalition.slug, feedback.pk])
    assert client.get(url).status_code == 405
    feedback.refresh_from_db()
    assert feedback.read_at is None


def test_member_sees_no_feedback_and_no_button(client, member, coalition):
    FeedbackFactory(coalition=coalition, text="Betrek het wijkteam.")
    html = overview(client, member, coalition)
    assert "Betrek het wijkteam." not in html
    assert "Markeren als gelezen" not in html


# --- This quarter's werkagenda and open knelpunten -----------------------------------------


def test_the_overview_shows_this_quarters_items_and_not_next_years(client, member, coalition):
    today = timezone.localdate()
    now = quarter_of(today)
    WorkItemFactory(coalition=coalition, title="Loopt nu", start_quarter=now - 1, end_quarter=now)
    WorkItemFactory(
        coalition=coalition, title="Open einde", start_quarter=now - 5, end_quarter=None
    )
    WorkItemFactory(
        coalition=coalition,
        title="Volgend jaar",
        start_quarter=quarter_index(today.year + 1, 1),
        end_quarter=quarter_index(today.year + 1, 2),
    )
    WorkItemFactory(
        coalition=coalition, title="Vorig kwartaal", start_quarter=now - 2, end_quarter=now - 1
    )

    html = overview(client, member, coalition)

    label = f"Q{(today.month - 1) // 3 + 1} {today.year}"
    assert f"Werkagenda dit kwartaal ({label})" in html
    assert "Loopt nu" in html and "Open einde" in html
    assert "Volgend jaar" not in html
    assert "Vorig kwartaal" not in html


def test_the_overview_lists_open_knelpunten_not_resolved_ones(client, member, coalition):
    item = WorkItemFactory(coalition=coalition)
    BottleneckFactory(work_item=item, description="Geen ruimte voor het moedercafé.")
    BottleneckFactory(
        work_item=item,
        description="Financiering rond.",
        resolved_on=datetime.date(2020, 4, 1),
        resolution="Gemeente betaalt.",
    )
    html = overview(client, member, coalition)
    assert "Geen ruimte voor het moedercafé." in html
    assert "Financiering rond." not in html
    assert re.search(r"Open knelpunten <span[^>]*>1</span>", html)


# --- Phase progress and the charts ----------------------------------------------------------


def test_phase_progress_marks_the_current_phase_in_words(client, member, coalition):
    # The coalition's phase is its newest update's (kept by post_status_update).
    StatusUpdateFactory(coalition=coalition, phase=Phase.UITVOERING, summary="Aan de slag.")
    type(coalition).objects.filter(pk=coalition.pk).update(phase=Phase.UITVOERING)
    html = overview(client, member, coalition)
    assert "De coalitie is in de fase <strong>Uitvoering</strong>." in html
    current = re.findall(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html)
    assert len(current) == 1
    assert "Uitvoering" in current[0] and "(huidige fase)" in current[0]
    assert html.count("(afgerond)") == 3  # verkenning, vorming, ambitie en plan


def svg_figures(html, chart_id):
    """(label, text) pairs written in the chart's SVG, and those in the list beside it."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-svg-title".*?</svg>', html).group()
    in_svg = re.findall(
        r'text-anchor="end">([^<]*)</text>.*?data-value="[^"]*">([^<]*)</text>', svg
    )
    figure = html[html.index(svg) :]
    figure = figure[: figure.index("</figure>")]
    beside = re.findall(r"<dt[^>]*>([^<]*)</dt><dd[^>]*>([^<]*)</dd>", figure)
    return in_svg, beside


def test_partner_chart_carries_the_same_numbers_as_the_text(client, member, coalition):
    for category in ("verloskundigen", "kraamzorg", "wijkteam"):
        CoalitionPartnerFactory(coalition=coalition, organisation__category=category)
    html = overview(client, member, coalition)
    in_svg, beside = svg_figures(html, "partners-per-domein")
    assert in_svg == beside
    assert ("Medisch", "2") in in_svg and ("Sociaal", "1") in in_svg
    assert "3 actieve partners: medisch 2, publieke gezondheid 0, sociaal 1," in html


def test_pillar_chart_carries_the_levels_as_text(client, member, coalition):
    pillar = Pillar.objects.get(number=1)
    AssessmentFactory(coalition=coalition, pillar=pillar, level=MaturityLevel.INGERICHT)
    html = overview(client, member, coalition)
    in_svg, beside = svg_figures(html, "pijlers-niveau")
    assert in_svg == beside
    name = pillar.short_name or pillar.name
    assert (name, "Ingericht") in in_svg
    assert sum(1 for _label, text in in_svg if text == "Nog niet beoordeeld") == 4


def test_the_history_page_tells_who_marked_feedback_read(client, editor, coalition):
    editor.first_name, editor.last_name = "Eva", "Editor"
    editor.save()
    feedback = FeedbackFactory(coalition=coalition)
    mark_read(client, editor, feedback)
    response = client.get(reverse("coalitions:workspace_history", args=[coalition.slug]))
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert (
        '<dt class="col-sm-3">Gelezen door</dt> <dd class="col-sm-9"><del>–</del> → Eva Editor'
        in html
    )
    # The moment as pages show it, not the stored ISO text.
    read_at = timezone.localtime(Feedback.objects.get(pk=feedback.pk).read_at)
    assert f"→ {read_at.day} " in html and f"{read_at:%H:%M}</dd>" in html


# --- Cached fragments (common/page_cache.py) ------------------------------------------------


def cached_overview(client, user, coalition) -> str:
    """The overview after making sure its fragments are in the cache (a second request hits)."""
    overview(client, user, coalition)
    response = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug]))
    assert all(f.hit for f in response.context["fragments"].values())
    return " ".join(response.content.decode().split())


def test_a_repeat_visit_is_served_from_the_cache_with_fewer_queries(client, editor, coalition):
    url = reverse("coalitions:workspace_detail", args=[coalition.slug])
    client.force_login(editor)
    client.get(url)  # one-off work (content types, templates)
    cache.clear()
    with CaptureQueriesContext(connection) as miss:
        first = client.get(url)
    with CaptureQueriesContext(connection) as hit:
        second = client.get(url)

    def shown(response):  # the form token is masked anew on every response
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

    assert shown(first) == shown(second)
    # The session, the user, the coalition with its versions, the viewer's roles (two), the
    # latest update and the feedback: what is never cached.
    assert len(hit) <= 7 < len(miss), [q["sql"] for q in hit]


def _goal(coalition):
    GoalFactory(coalition=coalition, year=timezone.localdate().year, description="Doel Zeeuws")
    return "Doel Zeeuws"


def _bottleneck(coalition):
    BottleneckFactory(work_item=WorkItemFactory(coalition=coalition), description="Knelpunt Zeeuws")
    return "Knelpunt Zeeuws"


def _assessment(coalition):
    AssessmentFactory(
        coalition=coalition, pillar=Pillar.objects.get(number=1), level=MaturityLevel.GEBORGD
    )
    return ">Geborgd<"


def _partner(coalition):
    CoalitionPartnerFactory(coalition=coalition, organisation__category="kraamzorg")
    return "1 actieve partner:"


def _basics(coalition):
    # QuerySet.update(): no save(), no signal; the database's trigger bumps the version.
    type(coalition).objects.filter(pk=coalition.pk).update(boegbeeld="Wethouder Zeeuws")
    return "Wethouder Zeeuws"


def _status(coalition):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 3, 14))
    return "Laatste statusupdate: 14 maart 2025."  # the phase card's sentence


@pytest.mark.parametrize(
    "write",
    [_goal, _bottleneck, _assessment, _partner, _basics, _status],
    ids=["goal", "knelpunt", "assessment", "partner", "basics", "status_update"],
)
def test_a_write_shows_on_the_cached_overview_at_once(client, editor, coalition, write):
    before = cached_overview(client, editor, coalition)
    shown = write(coalition)
    assert shown not in before
    assert shown in overview(client, editor, coalition)


def test_no_role_gets_another_roles_cached_overview(client, editor, member, pharos, coalition):
    edit_link = reverse("coalitions:workspace_basics", args=[coalition.slug])
    assert edit_link in cached_overview(client, editor, coalition)
    assert edit_link not in cached_overview(client, member, coalition)
    assert edit_link not in cached_overview(client, pharos, coalition)
    assert edit_link in overview(client, editor, coalition)
    # And the other way round: a member's cached overview is not served to the editor.
    cache.clear()
    assert edit_link not in cached_overview(client, member, coalition)
    assert edit_link in overview(client, editor, coalition)


def test_the_latest_updates_author_renamed_shows_at_once(client, member, editor, coalition):
    # A user's name has no version: the latest update is rendered on every request.
    StatusUpdateFactory(coalition=coalition, author=editor)
    editor.first_name, editor.last_name = "Eva", "Editor"
    editor.save()
    assert "Eva Editor" in cached_overview(client, member, coalition)
    editor.first_name = "Evi"
    editor.save()
    assert "Evi Editor" in overview(client, member, coalition)


def test_feedback_marked_read_shows_on_the_cached_overview_at_once(
    client, editor, pharos, coalition
):
    feedback = FeedbackFactory(coalition=coalition, author=pharos)
    assert "Markeren als gelezen" in cached_overview(client, editor, coalition)
    mark_read(client, editor, feedback)
    html = overview(client, editor, coalition)
    assert "Markeren als gelezen" not in html and "Gelezen door" in html
