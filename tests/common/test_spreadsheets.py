"""The one exporter: text that starts like a formula stays text, and reads back unchanged."""

import tablib
from hypothesis import given
from hypothesis import strategies as st

from common.imports import read_table
from common.spreadsheets import CONTROL, cell_from_file, export_bytes, safe_cell
from tests.common.roundtrip import FORMULAE, assert_written_as_text


def test_text_that_starts_like_a_formula_becomes_text_and_numbers_stay_numbers():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell('+HYPERLINK("http://x")') == '\'+HYPERLINK("http://x")'
    assert safe_cell("-2+3 tekst") == "'-2+3 tekst"
    assert safe_cell("@SUM(1)") == "'@SUM(1)"
    assert safe_cell("-1,5") == "-1,5"
    assert safe_cell(-3) == -3
    assert safe_cell("Kraam\x0bzorg") == "Kraam\N{REPLACEMENT CHARACTER}zorg"
    assert safe_cell("Fryslân – zorg") == "Fryslân – zorg"


def test_a_phone_number_with_a_plus_stays_text_instead_of_becoming_a_number():
    assert safe_cell("+31") == "'+31"
    assert safe_cell("+31 15 123 4567") == "'+31 15 123 4567"


def test_dutch_names_with_an_apostrophe_are_written_as_they_are():
    assert safe_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert safe_cell("'t Gooi") == "'t Gooi"
    assert cell_from_file("'s-Hertogenbosch") == "'s-Hertogenbosch"


def test_text_that_already_starts_with_an_apostrophe_before_a_formula_keeps_it():
    assert safe_cell("'=1+1") == "''=1+1"
    assert cell_from_file("''=1+1") == "'=1+1"


def test_reading_back_removes_only_the_apostrophe_the_exporter_added():
    assert cell_from_file("'=1+1") == "=1+1"
    assert cell_from_file("'0612345678") == "'0612345678"  # typed by a person: kept
    assert cell_from_file("'-1,5") == "'-1,5"  # a number needs no apostrophe: not ours
    assert cell_from_file(7) == 7


@given(st.text().filter(lambda text: not CONTROL.search(text)))
def test_any_text_reads_back_exactly_as_it_was_exported(text):
    assert cell_from_file(safe_cell(text)) == text


def test_both_formats_write_formulae_as_text_and_read_back_the_original():
    dataset = tablib.Dataset(*[[value, "gewoon"] for value in FORMULAE], headers=["a", "b"])
    for fmt in ("csv", "xlsx"):
        content = export_bytes(dataset, fmt)
        assert_written_as_text(content, fmt)
        assert [row["a"] for row in read_table(content, fmt).dict] == FORMULAE


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_the_accents():
    content = export_bytes(tablib.Dataset(["Fryslân"], headers=["provincie"]), "csv")
    assert content.startswith("\ufeff".encode())
    assert read_table(content, "csv")[0] == ("Fryslân",)
