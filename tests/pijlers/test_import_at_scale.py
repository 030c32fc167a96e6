"""Figures at scale (issue 19): a file of thousands of rows costs as many queries as a small
one, also when it updates stored figures, and every row is still checked in full."""

from decimal import Decimal

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.imports import import_problems, problem_sentence
from pijlers.models import Indicator, Measurement
from pijlers.resources import MeasurementResource
from tests.factories import GemeenteFactory

pytestmark = pytest.mark.django_db

HEADER = ["gemeente", "indicator", "periode", "waarde", "bron"]


def figures(gemeenten, years, value="7,5"):
    return tablib.Dataset(
        *[
            [g.cbs_code, code, str(year), value, "bron"]
            for g in gemeenten
            for code in ("vroeggeboorte", "big2")
            for year in years
        ],
        headers=HEADER,
    )


def queries_to_import(dataset, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        result = MeasurementResource(**kwargs).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    return len(captured), result.totals


def test_updating_200_stored_figures_costs_as_many_queries_as_updating_20():
    gemeenten = GemeenteFactory.create_batch(5)
    small_years, large_years = range(2000, 2002), range(2010, 2030)
    queries_to_import(figures(gemeenten, small_years))
    queries_to_import(figures(gemeenten, large_years))

    small, small_totals = queries_to_import(figures(gemeenten, small_years, value="8"))
    large, large_totals = queries_to_import(figures(gemeenten, large_years, value="8"))

    assert (small_totals["update"], large_totals["update"]) == (20, 200)
    assert large == small
    assert set(Measurement.objects.values_list("value", flat=True)) == {Decimal("8")}


def test_an_unchanged_figure_is_skipped_and_keeps_its_stamp():
    gemeenten = GemeenteFactory.create_batch(2)
    queries_to_import(figures(gemeenten, range(2000, 2005)))
    stamps = dict(Measurement.objects.values_list("pk", "updated_at"))

    _queries, totals = queries_to_import(figures(gemeenten, range(2000, 2005)))

    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 20)
    assert dict(Measurement.objects.values_list("pk", "updated_at")) == stamps


def test_among_200_rows_an_implausible_figure_and_a_gemeente_of_another_coalition_are_named(
    coalition,
):
    own = coalition.gemeenten.get()
    elsewhere = GemeenteFactory()
    dataset = figures([own], range(1930, 2030))  # 200 rows
    dataset[56] = [own.cbs_code, "vroeggeboorte", "1986", "140", "bron"]  # line 58: a percentage
    dataset[120] = [elsewhere.cbs_code, "big2", "1950", "7", "bron"]  # line 122
    vroeggeboorte = Indicator.objects.get(code="vroeggeboorte")

    result = MeasurementResource(allowed_gemeenten={own.cbs_code}).import_data(
        dataset, dry_run=False
    )

    assert [problem_sentence(*p) for p in import_problems(result)] == [
        f"Regel 58, kolom ‘waarde’: {vroeggeboorte.range_error(Decimal('140'))}",
        f"Regel 122, kolom ‘gemeente’: {elsewhere.name} ({elsewhere.cbs_code}) hoort niet bij "
        "deze coalitie; cijfers van andere gemeenten voert Pharos in.",
    ]
    assert not Measurement.objects.exists()


def test_an_import_leaves_the_foreign_key_checks_deferred_for_the_rest_of_the_transaction():
    """The import checks its table's foreign keys per batch (fast) and restores them: later
    writes in the same transaction are checked at commit again, as Django expects."""
    from django.db import IntegrityError, transaction

    queries_to_import(figures(GemeenteFactory.create_batch(1), range(2000, 2002)))
    indicator = Indicator.objects.get(code="big2")
    with transaction.atomic():
        # A gemeente that does not exist (yet): refused only when the transaction commits.
        Measurement.objects.create(gemeente_id=10**9, indicator=indicator, period="2020", value=1)
        with pytest.raises(IntegrityError), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)
