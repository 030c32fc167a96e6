"""Reports that never rewrite the past: the half-year report at a past date stays the same
whatever is changed today, and an established report never changes at all."""

import datetime
import importlib
import io

import openpyxl
import pytest
from django.db import connection, transaction
from django.db.utils import IntegrityError, ProgrammingError
from django.urls import reverse
from django.utils import timezone

from coalitions.models import CoalitionGemeente, Phase
from coalitions.services import post_status_update
from common.spreadsheets import export_bytes
from kansrijke.models import EstablishedReport
from kansrijke.pharos import reports
from partners.models import Category, CoalitionPartner, Domain, Organisation
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    GemeenteFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.migrating import latest, migrate
from tests.partners.test_import_export import CSV, as_csv, upload

pytestmark = pytest.mark.django_db

D = datetime.date
PAST = D(2025, 6, 1)


@pytest.fixture
def delft():
    """A coalition with twelve partners on PAST (like Delft's), a status and one gemeente."""
    delft = CoalitionFactory(name="Delft", slug="delft")
    post_status_update(
        coalition=delft, author=None, date=D(2025, 3, 1), phase=Phase.UITVOERING, summary="Bezig."
    )
    for n in range(12):
        CoalitionPartnerFactory(
            coalition=delft,
            organisation__name=f"Partner {n}",
            organisation__category=Category.VERLOSKUNDIGEN if n < 6 else Category.WIJKTEAM,
            since=D(2024, 1, 1),
        )
    return delft


def report_at(on):
    """The live report as a CSV file: every cell a user downloads."""
    return reports.half_year_report(on).dataset().export("csv")


def test_a_report_for_a_past_date_is_unchanged_by_anything_done_today(delft):
    before = report_at(PAST)
    [row] = reports.half_year_report(PAST).rows
    assert row.partner_total == 12
    gemeente_then = row.gemeenten

    # A partner added today (the form's default start), one ended today, an organisation
    # re-categorised into another domain, and the gemeente moved to another coalition.
    newcomer = OrganisationFactory(name="Nieuwkomer", category=Category.KRAAMZORG)
    CoalitionPartner.objects.create(coalition=delft, organisation=newcomer)
    ended = delft.partners.get(organisation__name="Partner 0")
    ended.until = timezone.localdate()
    ended.save()
    moved = Organisation.objects.get(name="Partner 1")
    moved.category, moved.domain = Category.GGD, Domain.PUBLIEKE_GEZONDHEID
    moved.save()
    link = CoalitionGemeente.objects.get(coalition=delft)
    link.until = timezone.localdate()
    link.save()
    CoalitionGemeente.objects.create(
        coalition=CoalitionFactory(gemeenten=[]), gemeente=link.gemeente, since=link.until
    )
    CoalitionGemeente.objects.create(
        coalition=delft, gemeente=GemeenteFactory(name="Pijnacker"), since=timezone.localdate()
    )

    assert report_at(PAST) == before
    [row] = reports.half_year_report(PAST).rows
    assert (row.partner_total, row.partners["medisch"], row.gemeenten) == (12, 6, gemeente_then)
    # Today's report does show the changes.
    [today] = [
        r for r in reports.half_year_report(timezone.localdate()).rows if r.coalition == delft
    ]
    assert (today.partner_total, today.partners["publieke_gezondheid"]) == (12, 1)
    assert today.gemeenten == "Pijnacker"


def test_the_report_uses_the_category_an_organisation_had_on_the_date(delft):
    """From the organisation's history: recorded in 2023 as a verloskundigenpraktijk,
    re-categorised as GGD on 1 January 2025 (events dated back as if made then)."""
    post_status_update(
        coalition=delft, author=None, date=D(2024, 6, 1), phase=Phase.VORMING, summary="Start."
    )
    organisation = Organisation.objects.get(name="Partner 2")
    organisation.category, organisation.domain = Category.GGD, Domain.PUBLIEKE_GEZONDHEID
    organisation.save()
    events = Organisation.pgh_event_model.objects.filter(pgh_obj_id=organisation.pk)
    tz = timezone.get_current_timezone()
    events.filter(pgh_label="insert").update(
        pgh_created_at=datetime.datetime(2023, 1, 1, 12, tzinfo=tz)
    )
    events.filter(pgh_label="update").update(
        pgh_created_at=datetime.datetime(2025, 1, 1, 9, tzinfo=tz)
    )

    on = {
        o.pk: (o.category_on, o.domain_on)
        for o in Organisation.objects.filter(pk=organisation.pk).as_on(D(2024, 12, 31))
    }
    assert on[organisation.pk] == ("verloskundigen", "medisch")
    [row_2024] = reports.half_year_report(D(2024, 12, 31)).rows
    [row_2025] = reports.half_year_report(D(2025, 1, 1)).rows
    assert (row_2024.partners["medisch"], row_2024.partners["publieke_gezondheid"]) == (6, 0)
    assert (row_2025.partners["medisch"], row_2025.partners["publieke_gezondheid"]) == (5, 1)


def test_the_category_on_a_date_takes_a_fixed_number_of_queries(delft):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        reports.half_year_report(PAST)
    for _n in range(20):
        CoalitionPartnerFactory(coalition=CoalitionFactory(), since=D(2024, 1, 1))
    with CaptureQueriesContext(connection) as many:
        reports.half_year_report(PAST)
    assert len(many) == len(few)


# --- "Partner sinds" is required -------------------------------------------------------------


def test_the_partner_forms_show_today_and_store_today_when_left_empty(client, editor, coalition):
    organisation = OrganisationFactory(name="Kraamzorg Vandaag")
    client.force_login(editor)
    url = reverse("partners:workspace_partner_add", args=[coalition.slug])
    page = client.get(url, {"q": "Vandaag"}).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page

    client.post(
        url, {"q": "Vandaag", "organisation": organisation.pk, "role": "partner", "since": ""}
    )

    assert coalition.partners.get(organisation=organisation).since == timezone.localdate()


def test_the_database_refuses_a_partnership_without_a_start(coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartner.objects.filter(pk=partnership.pk).update(since=None)


def test_an_imported_partnership_without_sinds_is_refused_in_dutch(admin_client, coalition):
    OrganisationFactory(name="Zonder Datum", postcode="2611 HX")
    headers = ["coalitie", "organisatie", "organisatie_kvk", "organisatie_postcode", "rol"]
    headers += ["niveaus", "sinds", "tot"]
    rows = [[coalition.slug, "Zonder Datum", "", "2611 HX", "Partner", "", "", ""]]

    response = upload(admin_client, "coalitionpartner", as_csv(rows, headers), CSV, "p.csv")

    assert "Vul ‘sinds’ in" in response.content.decode()
    assert not CoalitionPartner.objects.filter(organisation__name="Zonder Datum").exists()


# --- The data migration that filled `since` ---------------------------------------------------

fill = importlib.import_module("partners.migrations.0005_fill_partnership_since_from_history")
BEFORE = ("partners", "0004_trekker_is_a_partnership_role")


def test_the_migration_gives_partnerships_without_a_start_the_day_they_were_recorded():
    started = CoalitionFactory(start_date=D(2020, 1, 1))
    unknown_start = CoalitionFactory(start_date=None)
    orgs = [OrganisationFactory() for _ in range(5)]
    leaves = latest()

    old = migrate([BEFORE])
    Partnership = old.get_model("partners", "CoalitionPartner")
    Event = old.get_model("partners", "CoalitionPartnerEvent")

    def make(coalition, org, **fields):
        return Partnership.objects.create(
            coalition_id=coalition.pk, organisation_id=org.pk, levels=[], **fields
        ).pk

    recorded = make(started, orgs[0], since=None)
    Event.objects.filter(pgh_obj_id=recorded).update(
        pgh_created_at=datetime.datetime(2021, 3, 15, 23, 30, tzinfo=datetime.UTC)
    )
    no_history = make(started, orgs[1], since=None)
    nothing_known = make(unknown_start, orgs[2], since=None)
    ended_early = make(started, orgs[3], since=None, until=D(2019, 6, 1))
    dated = make(started, orgs[4], since=D(2018, 5, 5))
    Event.objects.filter(pgh_obj_id__in=[no_history, nothing_known, ended_early]).delete()

    migrate(leaves)
    since = dict(CoalitionPartner.objects.values_list("pk", "since"))
    assert since[recorded] == D(2021, 3, 16)  # 23:30 UTC is the 16th in Amsterdam
    assert since[no_history] == D(2020, 1, 1)  # the coalition's start date
    assert since[nothing_known] == timezone.localdate()  # the migration day
    assert since[ended_early] == D(2019, 6, 1)  # never after the end date
    assert since[dated] == D(2018, 5, 5)  # a known start is kept

    # The reverse makes `since` nullable again and keeps the filled dates.
    old = migrate([BEFORE])
    Partnership = old.get_model("partners", "CoalitionPartner")
    assert Partnership.objects.get(pk=recorded).since == D(2021, 3, 16)
    Partnership.objects.create(
        coalition_id=started.pk, organisation_id=OrganisationFactory().pk, levels=[], since=None
    )
    Partnership.objects.filter(since__isnull=True).delete()
    migrate(leaves)


def test_the_fill_picks_the_first_date_that_is_not_after_the_end():
    today = D(2026, 11, 30)
    assert fill.start_date_for(D(2021, 1, 1), D(2020, 1, 1), None, today) == D(2021, 1, 1)
    assert fill.start_date_for(None, D(2020, 1, 1), None, today) == D(2020, 1, 1)
    assert fill.start_date_for(None, None, None, today) == today
    assert fill.start_date_for(D(2021, 1, 1), D(2020, 1, 1), D(2020, 6, 1), today) == D(2020, 1, 1)
    assert fill.start_date_for(D(2021, 1, 1), None, D(2019, 1, 1), today) == D(2019, 1, 1)


# --- Establishing the report ------------------------------------------------------------------


def establish(client, on, previous=""):
    return client.post(reverse("pharos:establish"), {"on": on, "previous": previous}, follow=True)


def test_pharos_establishes_a_report_that_never_changes(client, pharos, delft):
    client.force_login(pharos)
    response = establish(client, "2025-06-01")

    assert "De voortgangsrapportage op 1 juni 2025 is vastgesteld (versie 1)." in (
        response.content.decode()
    )
    established = EstablishedReport.objects.get()
    assert (established.on, established.established_by) == (PAST, pharos)
    stored = established.dataset().export("csv")
    assert stored == report_at(PAST)
    assert established.snapshot["totals"]["partner_total"] == 12

    # Everything changes today, even history dated back: the established report does not.
    CoalitionPartnerFactory(coalition=delft, since=D(2024, 6, 1))
    Organisation.objects.update(category=Category.WELZIJN, domain=Domain.SOCIAAL)
    established.refresh_from_db()
    assert report_at(PAST) != stored
    assert established.dataset().export("csv") == stored

    # It is listed on the report page and downloads as XLSX and CSV.
    page = client.get(reverse("pharos:report"), {"on": "2025-06-01"}).content.decode()
    assert reverse("pharos:established", args=[established.pk]) in page
    url = reverse("pharos:established", args=[established.pk])
    csv = client.get(url, {"export": "csv"}).content
    # The one exporter's CSV: semicolons, dd-mm-jjjj, from the stored snapshot.
    assert csv == export_bytes(established.dataset(), "csv")
    assert ";01-03-2025;" in csv.decode("utf-8-sig")
    xlsx = openpyxl.load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    sheet = xlsx.active
    assert sheet.title == established.snapshot["title"]
    assert sheet.cell(2, 1).value == "Delft"
    assert sheet.cell(2, 5).is_date and sheet.cell(2, 5).number_format == "DD-MM-YYYY"
    assert sheet.cell(2, 5).value.date() == D(2025, 3, 1)  # a real date cell


def test_the_database_refuses_to_change_or_remove_an_established_report(pharos, delft):
    established = EstablishedReport.objects.establish(reports.half_year_report(PAST), pharos)
    with pytest.raises(ProgrammingError), transaction.atomic():
        EstablishedReport.objects.filter(pk=established.pk).update(snapshot={})
    with pytest.raises(ProgrammingError), transaction.atomic():
        EstablishedReport.objects.filter(pk=established.pk).delete()
    assert EstablishedReport.objects.get().snapshot == established.snapshot


def test_establishing_the_same_date_again_makes_a_new_version_and_shows_the_difference(
    client, pharos, delft
):
    client.force_login(pharos)
    establish(client, "2025-06-01")
    CoalitionPartnerFactory(
        coalition=delft, organisation__category=Category.KRAAMZORG, since=D(2025, 5, 1)
    )  # a partnership recorded late, dated back

    response = establish(client, "2025-06-01")

    first, second = EstablishedReport.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.snapshot["totals"]["partner_total"] == 12
    assert second.snapshot["totals"]["partner_total"] == 13
    assert second.previous_established() == first
    html = response.content.decode()
    assert "versie 2" in html
    assert {"coalition": "Delft", "what": "Partners medisch", "before": 6, "after": 7} in (
        second.diff(first)
    )
    assert "Partners medisch" in html


def test_the_diff_is_against_the_previous_established_date(pharos, delft):
    december = EstablishedReport.objects.establish(reports.half_year_report(D(2024, 12, 1)), pharos)
    june = EstablishedReport.objects.establish(reports.half_year_report(PAST), pharos)
    assert june.previous_established() == december
    assert december.previous_established() is None


def test_only_pharos_may_establish_a_report(client, editor, delft):
    client.force_login(editor)  # no staff: the admin's login page
    assert client.post(reverse("pharos:establish"), {"on": "2025-06-01"}).status_code == 302
    client.force_login(UserFactory(username="medewerker", is_staff=True))  # staff, no Pharos
    assert client.post(reverse("pharos:establish"), {"on": "2025-06-01"}).status_code == 403
    assert not EstablishedReport.objects.exists()


def test_a_bad_date_establishes_nothing_and_says_so_in_dutch(client, pharos):
    client.force_login(pharos)
    response = establish(client, "1-13-2025")
    assert "Kies een geldige peildatum" in response.content.decode()
    assert not EstablishedReport.objects.exists()
