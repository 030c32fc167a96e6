"""The half-year report page reads an established peildatum from its stored version (never
computing it again), the live report equals what establishing it stores, and the relations per
domain pair are part of new established versions and of every download."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.models import CoalitionRole, Phase
from coalitions.services import post_status_update
from common.spreadsheets import export_bytes
from kansrijke.models import EstablishedReport
from kansrijke.pharos import reports
from partners.models import Category
from tests.factories import (
    AgreementFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    PartnerRelationFactory,
)
from tests.test_query_counts import grow

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2025, 6, 1)


@pytest.fixture
def leiden():
    """A coalition on ON: a status, a midwife, a wijkteam and a JGZ, two running relations."""
    leiden = CoalitionFactory(name="Leiden", slug="leiden")
    post_status_update(
        coalition=leiden, author=None, date=D(2025, 3, 1), phase=Phase.VORMING, summary="Start."
    )
    since = D(2024, 1, 1)
    midwife, team, jgz = (
        CoalitionPartnerFactory(coalition=leiden, organisation__category=category, since=since)
        for category in (Category.VERLOSKUNDIGEN, Category.WIJKTEAM, Category.JGZ)
    )
    PartnerRelationFactory(source=team, target=midwife, since=since)
    PartnerRelationFactory(source=midwife, target=jgz, since=since)
    return leiden


def open_report(client, **params):
    return client.get(reverse("pharos:report"), {"on": ON.isoformat(), **params})


def test_the_live_report_equals_a_snapshot_established_on_the_same_data(
    coalition, editor, member, pharos
):
    """Statuses, partners in every domain, agreements, results, relations and gemeenten of 21
    coalitions: what the page computes is exactly what establishing it stored."""
    grow(coalition, [(editor, CoalitionRole.Role.EDITOR), (member, CoalitionRole.Role.MEMBER)], 20)
    AgreementFactory(coalition=coalition, kind="convenant", signed_on=D(2023, 5, 1))
    on = timezone.localdate()  # the grown partnerships and relations start today

    established = EstablishedReport.objects.establish(reports.half_year_report(on), pharos)
    live = reports.half_year_report(on)

    assert live.snapshot() == established.snapshot
    assert export_bytes(live.dataset(), "csv") == export_bytes(established.dataset(), "csv")
    assert live.totals()["relations"]  # the grown data has relations, so they were compared


def test_an_established_peildatum_shows_its_stored_version_without_computing_again(
    client, pharos, leiden
):
    client.force_login(pharos)
    EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)
    # Recorded late and dated back: the live report changes, the established one does not.
    CoalitionPartnerFactory(
        coalition=leiden, organisation__category=Category.KRAAMZORG, since=D(2025, 1, 1)
    )

    with CaptureQueriesContext(connection) as queries:
        response = open_report(client)

    html = response.content.decode()
    assert response.context["report"] is None
    assert "Vastgesteld op" in html and "(versie 1)" in html
    assert "hij wordt niet opnieuw berekend" in html
    table = response.context["table"]
    assert table[0][table.headers.index("Partners totaal op 01-06-2025")] == 3
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "partners_coalitionpartner" not in sql and "coalitions_statusupdate" not in sql

    live = open_report(client, live="1")
    assert live.context["report"].rows[0].partner_total == 4
    live_html = live.content.decode()
    assert "Actuele berekening, niet vastgesteld." in live_html
    assert "Terug naar de vastgestelde versie" in live_html
    assert "vaststellen" in live_html  # a corrected version can still be established from here


def test_the_download_of_an_established_peildatum_is_its_stored_version(client, pharos, leiden):
    client.force_login(pharos)
    established = EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)
    CoalitionPartnerFactory(coalition=leiden, since=D(2025, 1, 1))

    response = open_report(client, export="csv")

    assert "vastgesteld-v1" in response["Content-Disposition"]
    assert response.content == export_bytes(established.dataset(), "csv")
    live = open_report(client, export="csv", live="1")
    assert live.content != response.content


def test_another_comparison_date_than_the_established_one_is_computed_live(client, pharos, leiden):
    client.force_login(pharos)
    EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)

    response = open_report(client, previous="2025-03-01")

    assert response.context["report"] is not None
    assert response.context["stored"] is None
    assert "niet opnieuw berekend" not in response.content.decode()


def test_a_new_established_version_records_the_relations_per_domain_pair_as_numbers(
    client, pharos, leiden
):
    client.force_login(pharos)
    established = EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)
    assert established.snapshot["relation_pairs"] == [
        "medisch–publieke gezondheid",
        "medisch–sociaal",
    ]
    assert established.snapshot["figures"][0]["relations"] == {
        "medisch–publieke gezondheid": 1,
        "medisch–sociaal": 1,
    }
    # A relation added later, dated back, does not change the established version.
    PartnerRelationFactory(
        source=leiden.partners.get(organisation__category=Category.WIJKTEAM),
        target=leiden.partners.get(organisation__category=Category.JGZ),
        since=D(2024, 1, 1),
    )

    url = reverse("pharos:established", args=[established.pk])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    header = [c.value for c in sheet[1]]
    total = sheet.cell(2, header.index("Relaties totaal op 01-06-2025") + 1)
    pair = sheet.cell(2, header.index("Relaties medisch–sociaal") + 1)
    assert (total.data_type, total.value) == ("n", 2)
    assert (pair.data_type, pair.value) == ("n", 1)
    assert "Relaties publieke gezondheid–sociaal" not in header
    [row] = csv.DictReader(
        io.StringIO(client.get(url, {"export": "csv"}).content.decode("utf-8-sig")), delimiter=";"
    )
    assert row["Relaties medisch–publieke gezondheid"] == "1"
    assert "niet vastgelegd" not in client.get(url).content.decode()

    # The live download has them too, with today's third relation.
    live = open_report(client, export="xlsx", live="1")
    live_sheet = openpyxl.load_workbook(io.BytesIO(live.content)).active
    live_header = [c.value for c in live_sheet[1]]
    assert live_sheet.cell(2, live_header.index("Relaties totaal op 01-06-2025") + 1).value == 3


def test_a_version_established_before_relations_were_recorded_says_so_and_is_not_filled_in(
    client, pharos, leiden
):
    """Such a version's snapshot has no relation figures: the page and both downloads say
    they were not recorded, and nothing is computed from today's data."""
    snapshot = reports.half_year_report(ON).snapshot()
    keep = len(snapshot["headers"]) - 1 - len(snapshot["relation_pairs"])  # up to "Resultaten"
    old = {
        **{k: v for k, v in snapshot.items() if k != "relation_pairs"},
        "headers": snapshot["headers"][:keep],
        "rows": [row[:keep] for row in snapshot["rows"]],
        "figures": [{k: v for k, v in f.items() if k != "relations"} for f in snapshot["figures"]],
        "totals": {k: v for k, v in snapshot["totals"].items() if k != "relations"},
    }
    established = EstablishedReport.objects.create(
        on=ON,
        previous=D(2024, 12, 1),
        snapshot=old,
        established_by=pharos,
        established_by_name="Pharos",
    )
    client.force_login(pharos)

    for page in (
        open_report(client),
        client.get(reverse("pharos:established", args=[established.pk])),
    ):
        html = page.content.decode()
        assert "Relaties per domeinpaar: niet vastgelegd in deze versie" in html
        assert "medisch–sociaal" not in html
    response = open_report(client, export="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[-1] == "Relaties per domeinpaar"
    assert sheet.cell(2, len(header)).value == "niet vastgelegd in deze versie"
    assert not any(str(h).startswith("Relaties medisch") for h in header)
    assert established.snapshot == old  # and the stored version itself is untouched
    # A newer version does record them, and its diff does not invent a "before" for them.
    newer = EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)
    assert newer.records_relations
    assert not any(str(c["what"]).startswith("Relaties") for c in newer.diff(established))


def test_a_new_version_lists_the_changed_relations_per_domain_pair(pharos, leiden):
    first = EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)
    PartnerRelationFactory(
        source=leiden.partners.get(organisation__category=Category.WIJKTEAM),
        target=leiden.partners.get(organisation__category=Category.JGZ),
        since=D(2024, 1, 1),
    )  # recorded late, dated back
    second = EstablishedReport.objects.establish(reports.half_year_report(ON), pharos)

    changes = second.diff(first)

    assert {
        "coalition": "Leiden",
        "what": "Relaties publieke gezondheid–sociaal",
        "before": 0,
        "after": 1,
    } in changes
    assert not any(c["what"] == "Relaties medisch–sociaal" for c in changes)
