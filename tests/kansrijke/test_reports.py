"""The half-year report, the overview figures and the RIVM monitor, from stored history."""

import csv
import datetime
import io

import openpyxl
import pgtrigger
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition, CoalitionKind, Phase, Province, StatusUpdate
from coalitions.services import post_status_update
from kansrijke.pharos import monitor, reports
from partners.models import Category, CoalitionPartner
from pijlers.models import Intervention, Pillar
from tests.factories import (
    AgreementFactory,
    AssessmentFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    GemeenteFactory,
    OfferingFactory,
    PartnerRelationFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
REPORT_DATE = D(2024, 7, 1)


def post(coalition, date, phase, summary="Stand van zaken.", **kwargs):
    return post_status_update(
        coalition=coalition, author=None, date=date, phase=phase, summary=summary, **kwargs
    )


def partner(coalition, category, since, until=None):
    return CoalitionPartnerFactory(
        coalition=coalition, organisation__category=category, since=since, until=until
    )


@pytest.fixture
def history(coalition):
    post(coalition, D(2023, 11, 1), Phase.VERKENNING, "Eerste gesprekken.")
    post(coalition, D(2024, 5, 1), Phase.VORMING, "Partners sluiten aan.", bottlenecks="Geld.")
    partner(coalition, Category.VERLOSKUNDIGEN, D(2023, 1, 1))
    partner(coalition, Category.WIJKTEAM, D(2024, 3, 1))
    partner(coalition, Category.KRAAMZORG, D(2022, 1, 1), until=D(2024, 2, 1))  # ended before
    return coalition


def test_the_report_shows_the_latest_status_on_or_before_the_date(history):
    report = reports.half_year_report(REPORT_DATE)

    [row] = report.rows
    assert (row.status.date, row.status.phase) == (D(2024, 5, 1), Phase.VORMING)
    assert (row.previous_status.date, row.previous_status.phase) == (
        D(2023, 11, 1),
        Phase.VERKENNING,
    )
    assert report.previous == D(2024, 1, 1)
    assert row.phase_change == reports.Change.FORWARD
    assert (row.partners["medisch"], row.partners["sociaal"]) == (1, 1)
    # On 1 January: the verloskundige and the kraamzorg (ended 1 February), no wijkteam yet.
    assert (row.previous_partners["medisch"], row.previous_partners["sociaal"]) == (2, 0)
    assert row.partner_change == 0


def test_the_report_for_a_date_ignores_everything_that_happens_later(history):
    before = reports.half_year_report(REPORT_DATE).dataset().export("csv")

    post(history, D(2024, 9, 1), Phase.AMBITIE_PLAN, "Plan van aanpak vastgesteld.")
    post(history, D(2025, 1, 1), Phase.UITVOERING)
    partner(history, Category.GGD, D(2024, 8, 1))
    ended = history.partners.get(organisation__category=Category.WIJKTEAM)
    ended.until = D(2024, 10, 1)
    ended.save()
    history.name = history.name  # coalition edits that do not touch the report columns
    history.save()
    later = CoalitionFactory(name="Later begonnen")
    post(later, D(2024, 12, 1), Phase.VERKENNING)

    assert history.status_updates.count() == 4
    assert reports.half_year_report(REPORT_DATE).dataset().export("csv") == before
    # ...while today's report does see the changes.
    [now_row] = [r for r in reports.half_year_report(D(2025, 2, 1)).rows if r.coalition == history]
    assert now_row.status.phase == Phase.UITVOERING


def test_a_phase_going_back_is_shown_as_such(coalition):
    post(coalition, D(2024, 1, 1), Phase.UITVOERING)
    post(coalition, D(2024, 6, 1), Phase.VORMING, "Trekker vertrokken; opnieuw vormen.")

    [row] = reports.half_year_report(REPORT_DATE, previous=D(2024, 2, 1)).rows

    assert row.phase_change == reports.Change.BACK


def test_a_coalition_without_status_before_the_previous_date_is_new(coalition):
    post(coalition, D(2024, 3, 1), Phase.VERKENNING)

    [row] = reports.half_year_report(REPORT_DATE).rows

    assert row.phase_change == reports.Change.NEW


# --- the admin page and its exports ---------------------------------------------------------


def test_pharos_sees_the_report_in_the_admin(client, pharos, history):
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01"})

    assert response.status_code == 200
    html = response.content.decode()
    assert history.name in html
    assert "Partners sluiten aan." in html
    assert "Geld." in html
    assert "vooruit" in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_report_downloads_as_xlsx_and_csv(client, pharos, history, fmt):
    AgreementFactory(coalition=history, kind="intentieverklaring", signed_on=D(2024, 3, 1))
    AgreementFactory(coalition=history, kind="convenant", signed_on=D(2024, 9, 1))  # later
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": fmt})

    assert response.status_code == 200
    assert f'filename="voortgangsrapportage-2024-07-01.{fmt}"' in response["Content-Disposition"]
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
    else:
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, data = rows[0], rows[1]
    assert header[0] == "Coalitie"
    assert "Fase op 01-07-2024" in header
    assert data[0] == history.name
    assert data[header.index("Fase op 01-07-2024")] == "Vorming"
    assert data[header.index("Faseverandering")] == "vooruit"
    assert str(data[header.index("Partners medisch")]) == "1"
    # Only what was signed by the reference date: a report for a date never changes later.
    assert data[header.index("Afspraken")] == "Intentieverklaring (01-03-2024)"


def test_a_previous_date_after_the_report_date_is_refused_next_to_the_field(client, pharos):
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "previous": "2024-08-01"})

    assert response.status_code == 200
    assert response.context["report"] is None
    html = response.content.decode()
    assert 'id="id_previous_error"' in html
    assert 'aria-describedby="id_previous_error id_previous_helptext"' in html


@pytest.mark.parametrize("url", ["pharos:overview", "pharos:report", "pharos:rivm", "pharos:stale"])
def test_staff_without_the_report_permission_gets_403(client, url):
    staff = UserFactory(username="medewerker", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_coalition"))
    client.force_login(staff)

    assert client.get(reverse(url)).status_code == 403
    assert client.get(reverse(url), {"on": "2024-07-01", "export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("url", ["pharos:overview", "pharos:report", "pharos:rivm"])
def test_editors_and_anonymous_users_are_sent_to_the_admin_login(client, editor, url):
    assert "/admin/login/" in client.get(reverse(url))["Location"]
    client.force_login(editor)
    assert "/admin/login/" in client.get(reverse(url))["Location"]


def test_the_admin_index_links_to_the_pharos_pages_for_pharos_only(client, pharos):
    client.force_login(pharos)
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("pharos:overview") in html
    assert reverse("pharos:report") in html

    staff = UserFactory(username="medewerker", is_staff=True)
    client.force_login(staff)
    assert reverse("pharos:overview") not in client.get(reverse("admin:index")).content.decode()


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_counts_match_the_data(client, pharos):
    today = datetime.date.today()
    utrecht, utrecht2 = GemeenteFactory.create_batch(2, province=Province.UTRECHT)
    zeeland, zeeland2 = GemeenteFactory.create_batch(2, province=Province.ZEELAND)
    both = CoalitionFactory(phase=Phase.UITVOERING, gemeenten=[utrecht])
    regional = CoalitionFactory(
        phase=Phase.UITVOERING, kind=CoalitionKind.REGIONAAL, gemeenten=[utrecht2, zeeland]
    )
    medical_only = CoalitionFactory(phase=Phase.VERKENNING, gemeenten=[zeeland2])
    partner(both, Category.VERLOSKUNDIGEN, D(2020, 1, 1))
    partner(both, Category.WIJKTEAM, D(2020, 1, 1))
    partner(regional, Category.HUISARTSEN, D(2020, 1, 1))
    partner(regional, Category.WELZIJN, D(2020, 1, 1), until=D(2021, 1, 1))  # ended
    partner(medical_only, Category.ZIEKENHUIS, D(2020, 1, 1))
    partner(medical_only, Category.JGZ, D(2020, 1, 1))  # publieke gezondheid, not social
    StatusUpdateFactory(coalition=both, date=today, phase=Phase.UITVOERING)
    StatusUpdateFactory(coalition=regional, date=today - datetime.timedelta(days=200))

    figures = reports.overview(today)

    assert figures.total == 3
    assert dict(figures.per_phase) == {
        "Verkenning": 1,
        "Vorming": 0,
        "Ambitie en plan": 0,
        "Uitvoering": 2,
        "Borging": 0,
    }
    assert dict(figures.per_kind) == {"Lokaal": 2, "Regionaal": 1}
    per_province = dict(figures.per_province)
    assert (per_province["Utrecht"], per_province["Zeeland"], per_province["Drenthe"]) == (2, 2, 0)
    assert dict(figures.coverage) == {
        "Medisch én sociaal": 1,
        "Alleen medisch": 2,
        "Alleen sociaal": 0,
        "Geen van beide": 0,
    }
    assert figures.both_domains_share == 33
    assert {c.name for c in figures.without_recent_status} == {regional.name, medical_only.name}

    client.force_login(pharos)
    html = client.get(reverse("pharos:overview")).content.decode()
    assert '<tr><th scope="row">Uitvoering</th><td>2</td></tr>' in html
    assert '<tr><th scope="row">Medisch én sociaal</th><td>1</td></tr>' in html
    assert "1 (33%)" in html
    assert 'role="img"' in html and "<script" not in html.split("</header>")[-1]


def test_the_overview_counts_agreements_and_each_coalitions_latest_pillar_level():
    first, second = CoalitionFactory(), CoalitionFactory()
    CoalitionFactory()  # has neither agreements nor assessments
    AgreementFactory(coalition=first)
    AgreementFactory(coalition=first)
    AgreementFactory(coalition=second)
    pillar = Pillar.objects.get(number=1)
    AssessmentFactory(coalition=first, pillar=pillar, date=D(2023, 1, 1), level="verkennend")
    AssessmentFactory(coalition=first, pillar=pillar, date=D(2024, 1, 1), level="ingericht")
    AssessmentFactory(coalition=second, pillar=pillar, date=D(2024, 1, 1), level="ingericht")

    figures = reports.overview(datetime.date.today())

    assert figures.agreements_signed == 2
    levels = dict(dict(figures.pillar_maturity)[f"1. {pillar.name}"])
    # Only the latest assessment of each coalition counts.
    assert levels["Ingericht"] == 2
    assert levels["Verkennend"] == 0


# --- the RIVM monitor -------------------------------------------------------------------------


def test_the_rivm_monitor_answers_per_gemeente(client, pharos):
    with_plan = GemeenteFactory(name="Planstad")
    without_coalition = GemeenteFactory(name="Losdorp")
    coalition = CoalitionFactory(gemeenten=[with_plan])
    post(coalition, D(2024, 1, 1), Phase.AMBITIE_PLAN)
    post(coalition, D(2024, 9, 1), Phase.UITVOERING)
    midwives = partner(coalition, Category.VERLOSKUNDIGEN, D(2020, 1, 1))
    partner(coalition, Category.GYNAECOLOGIE, D(2020, 1, 1))
    late = partner(coalition, Category.VSV, D(2024, 8, 1))  # joins after the reference date
    OfferingFactory(partner=midwives, intervention=Intervention.objects.get(slug="voorzorg"))
    OfferingFactory(partner=late, intervention=Intervention.objects.get(slug="nu-niet-zwanger"))

    rows = {r.gemeente: r for r in monitor.rivm_monitor(REPORT_DATE)}

    assert rows[with_plan].has_coalition and rows[with_plan].has_plan
    assert rows[with_plan].partners == {
        "verloskundige": True,
        "jgz": False,
        "vsv": False,
        "ziekenhuis": True,
        "ervaringsdeskundigen": False,
    }
    assert not rows[without_coalition].has_coalition
    assert not rows[without_coalition].has_plan

    client.force_login(pharos)
    response = client.get(reverse("pharos:rivm"), {"on": "2024-07-01", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = {row[1]: row for row in sheet.iter_rows(values_only=True)}
    header = table["Gemeente"]
    assert table["Planstad"][header.index("Plan van aanpak")] == "ja"
    assert table["Planstad"][header.index("Partner: VSV")] == "nee"
    assert table["Losdorp"][header.index("Coalitie aanwezig")] == "nee"
    assert table["Planstad"][header.index("Aanbod: VoorZorg")] == "ja"
    # Offered only by a partner that joined after the reference date.
    assert table["Planstad"][header.index("Aanbod: Nu Niet Zwanger")] == "nee"
    assert table["Losdorp"][header.index("Aanbod: VoorZorg")] == "nee"


def test_a_plan_phase_reached_only_after_the_date_does_not_count(coalition):
    post(coalition, D(2024, 1, 1), Phase.VORMING)
    post(coalition, D(2024, 9, 1), Phase.AMBITIE_PLAN)
    [gemeente] = coalition.gemeenten.all()

    rows = {r.gemeente: r for r in monitor.rivm_monitor(REPORT_DATE)}

    assert rows[gemeente].has_coalition
    assert not rows[gemeente].has_plan


# --- query counts -----------------------------------------------------------------------------


def make_coalitions(n):
    for i in range(n):
        c = CoalitionFactory()
        StatusUpdateFactory(coalition=c, date=D(2024, 3, 1))
        StatusUpdateFactory(coalition=c, date=D(2023, 10, 1), phase=Phase.VERKENNING)
        CoalitionPartnerFactory(coalition=c)
        if i % 3 == 0:
            CoalitionPartnerFactory(coalition=c, organisation__category=Category.WIJKTEAM)
    # Leave every other coalition untouched for a year, so the stale page lists rows too.
    long_ago = timezone.now() - datetime.timedelta(days=365)
    old = [c.pk for i, c in enumerate(Coalition.objects.order_by("pk")) if i % 2 == 0]
    Coalition.objects.filter(pk__in=old).update(created_at=long_ago)
    CoalitionPartner.objects.filter(coalition__in=old).update(updated_at=long_ago)
    with pgtrigger.ignore("coalitions.StatusUpdate:statusupdate_append_only"):
        StatusUpdate.objects.filter(coalition__in=old).update(created_at=long_ago)


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
        assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("pharos:overview", None),
    ("pharos:report", {"on": "2024-07-01"}),
    ("pharos:report", {"on": "2024-07-01", "export": "xlsx"}),
    ("pharos:rivm", {"on": "2024-07-01"}),
    ("pharos:stale", None),
    ("admin:coalitions_feedback_changelist", None),
    ("admin:partners_organisation_changelist", None),
    ("admin:partners_coalitionpartner_changelist", None),
    ("admin:partners_contactperson_changelist", None),
]


def test_pharos_pages_keep_a_constant_query_count_for_10_and_100_coalitions(client, pharos):
    from tests.factories import ContactPersonFactory, FeedbackFactory

    client.force_login(pharos)
    make_coalitions(10)
    FeedbackFactory.create_batch(10)
    ContactPersonFactory.create_batch(10)
    small = {(url, str(params)): queries(client, reverse(url), params) for url, params in PAGES}
    make_coalitions(90)
    FeedbackFactory.create_batch(90)
    ContactPersonFactory.create_batch(90)
    large = {(url, str(params)): queries(client, reverse(url), params) for url, params in PAGES}

    assert small == large
    assert (
        "coalities met verouderde gegevens" in client.get(reverse("pharos:stale")).content.decode()
    )


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(client, pharos, coalition):
    post(coalition, D(2024, 5, 1), Phase.VORMING, '=HYPERLINK("http://example.org","klik")')
    client.force_login(pharos)

    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Samenvatting") + 1)
    # Text, marked as text, holding exactly what was typed (no apostrophe added).
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://example.org","klik")'


@pytest.mark.parametrize("page", ["pharos:report", "pharos:rivm"])
def test_a_report_date_outside_this_century_is_refused_in_dutch(client, pharos, page):
    """Found by the fuzz tests: 0001-01-01 made "half a year earlier" crash (500)."""
    client.force_login(pharos)
    for on in ["0001-01-01", "9999-12-31"]:
        response = client.get(reverse(page), {"on": on})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kies een datum tussen 1 januari 2000 en 31 december 2099." in html
    assert client.get(reverse(page), {"on": "2024-06-30"}).context["form"].is_valid()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_report_export_keeps_formulae_as_text_and_reads_back_unchanged(client, pharos, fmt):
    from tests.common.roundtrip import FORMULAE, assert_written_as_text, read_back

    for text in FORMULAE:
        post(CoalitionFactory(name=text), D(2024, 5, 1), Phase.VORMING, text)
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": fmt})

    assert_written_as_text(response.content, fmt)
    rows = read_back(response.content, fmt)
    assert {row["coalitie"] for row in rows} >= set(FORMULAE)


def test_the_report_xlsx_has_a_dutch_sheet_name_and_date_and_number_cells(client, pharos, history):
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Voortgang 01-07-2024"
    header = [c.value for c in sheet[1]]
    date = sheet.cell(row=2, column=header.index("Datum statusupdate") + 1)
    assert date.is_date and date.value.date() == D(2024, 5, 1)
    total = sheet.cell(row=2, column=header.index("Partners totaal op 01-07-2024") + 1)
    assert total.data_type == "n" and total.value == 2


def test_the_report_csv_writes_dates_as_dd_mm_jjjj(client, pharos, history):
    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01", "export": "csv"})
    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert row["Datum statusupdate"] == "01-05-2024"


def test_the_report_counts_relations_per_domain_pair_as_they_ran_on_the_report_date(
    client, pharos, coalition
):
    post(coalition, D(2023, 1, 1), Phase.VERKENNING, "Eerste gesprekken.")
    midwife = partner(coalition, Category.VERLOSKUNDIGEN, D(2023, 1, 1))
    team = partner(coalition, Category.WIJKTEAM, D(2023, 1, 1))
    jgz = partner(coalition, Category.JGZ, D(2023, 1, 1))
    PartnerRelationFactory(source=team, target=midwife, since=D(2024, 1, 1))  # runs
    PartnerRelationFactory(source=midwife, target=jgz, since=D(2023, 2, 1), until=D(2024, 2, 1))
    PartnerRelationFactory(source=jgz, target=team, since=D(2024, 8, 1))  # only later

    [row] = reports.half_year_report(REPORT_DATE).rows
    assert row.relation_pairs() == [("medisch–sociaal", 1)]
    assert reports.half_year_report(D(2023, 6, 1)).rows[0].relation_pairs() == [
        ("medisch–publieke gezondheid", 1)
    ]

    client.force_login(pharos)
    response = client.get(reverse("pharos:report"), {"on": "2024-07-01"})
    assert "medisch–sociaal: 1" in response.content.decode()
    overview = client.get(reverse("pharos:overview")).content.decode()
    assert "medisch–sociaal: 1" in overview and "publieke gezondheid–sociaal: 1" in overview
