"""Organisations at scale (issue 19): a file of thousands of organisations is looked up once
and written in batches, with every row still checked in full and all or nothing."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.imports import import_problems, problem_sentence
from partners.models import Category, Organisation
from partners.resources import OrganisationResource
from tests.factories import OrganisationFactory
from tests.partners.test_import_export import CSV, HEADERS, as_csv, upload

pytestmark = pytest.mark.django_db


def organisations(numbers):
    """Rows for organisations `numbers`: odd ones with a KvK number, even ones without."""
    return tablib.Dataset(
        *[
            [
                f"Praktijk {i}",
                f"{20000000 + i}" if i % 2 else "",
                "Verloskundigenpraktijk",
                "",
                f"Straat {i}",
                f"{1000 + i} AB",
                "Delft",
            ]
            for i in numbers
        ],
        headers=HEADERS,
    )


def queries_to_import(dataset):
    with CaptureQueriesContext(connection) as captured:
        result = OrganisationResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), import_problems(result)
    return len(captured), result.totals


def test_200_new_organisations_cost_as_many_queries_as_10():
    small, _ = queries_to_import(organisations(range(1, 11)))
    large, totals = queries_to_import(organisations(range(101, 301)))
    assert totals["new"] == 200
    assert large == small
    assert Organisation.objects.count() == 210
    assert Organisation.objects.get(name="Praktijk 101").kvk_number == "20000101"
    assert Organisation.objects.get(name="Praktijk 102").domain == "medisch"  # from the category


def test_updating_200_organisations_found_by_kvk_or_name_costs_as_many_queries_as_10():
    queries_to_import(organisations(range(1, 11)))
    queries_to_import(organisations(range(101, 301)))

    def renamed_places(numbers):
        dataset = organisations(numbers)
        for row in range(len(dataset)):
            dataset[row] = [*dataset[row][:-1], "Den Haag"]
        return dataset

    small, small_totals = queries_to_import(renamed_places(range(1, 11)))
    large, large_totals = queries_to_import(renamed_places(range(101, 301)))

    assert (small_totals["update"], large_totals["update"]) == (10, 200)
    assert large == small
    assert Organisation.objects.count() == 210
    assert set(Organisation.objects.values_list("place", flat=True)) == {"Den Haag"}


def test_a_reimport_of_the_same_file_skips_every_row_and_changes_nothing():
    queries_to_import(organisations(range(1, 21)))
    stamps = dict(Organisation.objects.values_list("pk", "updated_at"))

    _queries, totals = queries_to_import(organisations(range(1, 21)))

    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 20)
    assert dict(Organisation.objects.values_list("pk", "updated_at")) == stamps


def test_an_organisation_twice_in_a_file_is_refused_naming_the_first_line_and_nothing_is_written():
    existing = OrganisationFactory(name="Wijkteam Noord", kvk_number="", postcode="2612 AB")
    dataset = organisations(range(1, 101))
    dataset[40] = [*dataset[4][:2], *dataset[40][2:]]  # line 42: the KvK number of line 6
    dataset[60] = ["wijkteam noord", "", "Wijkteam", "", "", "2612AB", "Delft"]  # line 62
    dataset[80] = ["Wijkteam Noord", "", "Wijkteam", "", "", "2612 AB", "Delft"]  # line 82

    result = OrganisationResource().import_data(dataset, dry_run=False)

    twice = "een organisatie mag één keer in het bestand staan."
    assert [problem_sentence(*p) for p in import_problems(result)] == [
        f"Regel 42, kolom ‘naam’: Deze organisatie staat ook op regel 6; {twice}",
        f"Regel 82, kolom ‘naam’: Deze organisatie staat ook op regel 62; {twice}",
    ]
    assert list(Organisation.objects.all()) == [existing]


def test_every_field_is_still_checked_among_200_rows():
    dataset = organisations(range(1, 201))
    dataset[10] = [*dataset[10][:5], "XYZ", "Delft"]  # line 12: no Dutch postcode
    dataset[20] = ["Praktijk X", "1234", *dataset[20][2:]]  # line 22: KvK number too short
    dataset[30] = ["Praktijk Y", "", "Bakkerij", *dataset[30][3:]]  # line 32: no category

    result = OrganisationResource().import_data(dataset, dry_run=False)

    assert [(line, column) for line, column, _reason in import_problems(result)] == [
        (12, "postcode"),
        (22, "kvk_nummer"),
        (32, "categorie"),
    ]
    assert not Organisation.objects.exists()


def test_the_admin_preview_still_shows_what_changes_per_row(admin_client):
    OrganisationFactory(name="Oude naam", kvk_number="12345678", category=Category.JGZ)
    row = ["Nieuwe naam", "12345678", "JGZ", "", "", "", "Delft"]

    preview = upload(admin_client, "organisation", as_csv([row]), CSV, "o.csv")

    (changed,) = preview.context["result"].valid_rows()
    assert changed.diff is not None
    assert "<ins" in changed.diff[0] and "Nieuw" in changed.diff[0]  # the name column
    assert reverse("admin:partners_organisation_process_import") in preview.content.decode()
