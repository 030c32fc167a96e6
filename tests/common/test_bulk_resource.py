"""BulkResource: large imports run a fixed number of queries and still refuse bad rows."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalitions.models import Gemeente
from common.imports import BulkResource

pytestmark = pytest.mark.django_db


class BulkGemeenteResource(BulkResource):
    class Meta:
        model = Gemeente
        fields = ("cbs_code", "name", "province")
        import_id_fields = ("cbs_code",)


def dataset(n, start=7000):
    data = tablib.Dataset(headers=["cbs_code", "name", "province"])
    for i in range(n):
        data.append([f"GM{start + i}", f"Importgemeente {i}", "ZH"])
    return data


def queries_to_import(data) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = BulkGemeenteResource().import_data(data)
    assert not result.has_errors() and not result.has_validation_errors()
    return len(queries)


def test_ten_times_the_rows_take_the_same_number_of_queries():
    small = queries_to_import(dataset(20, start=7000))
    large = queries_to_import(dataset(200, start=8000))
    assert large == small
    assert Gemeente.objects.filter(cbs_code__gte="GM7000").count() == 220


def test_existing_rows_are_updated_not_duplicated():
    queries_to_import(dataset(5))
    data = dataset(5)
    data[0] = ["GM7000", "Nieuwe naam", "ZH"]
    queries_to_import(data)
    assert Gemeente.objects.filter(cbs_code__gte="GM7000").count() == 5
    assert Gemeente.objects.get(cbs_code="GM7000").name == "Nieuwe naam"


def test_a_bad_row_gets_its_own_error_and_nothing_is_written():
    data = dataset(10)
    data[3] = ["X12", "Foutgemeente", "XX"]
    result = BulkGemeenteResource().import_data(data, rollback_on_validation_errors=True)
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 4
    assert set(invalid.error_dict) == {"cbs_code", "province"}
    assert not Gemeente.objects.filter(cbs_code__gte="GM7000").exists()
