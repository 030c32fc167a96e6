import tablib

from common.spreadsheets import safe_cell, safe_dataset


def test_text_that_starts_like_a_formula_becomes_text_and_numbers_stay_numbers():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell('+HYPERLINK("http://x")') == '\'+HYPERLINK("http://x")'
    assert safe_cell("-2+3 tekst") == "'-2+3 tekst"
    assert safe_cell("@SUM(1)") == "'@SUM(1)"
    assert safe_cell("-1,5") == "-1,5"
    assert safe_cell(-3) == -3
    assert safe_cell("Kraam\x0bzorg") == "Kraam\N{REPLACEMENT CHARACTER}zorg"
    assert safe_cell("Fryslân – zorg") == "Fryslân – zorg"


def test_a_safe_dataset_keeps_headers_and_can_be_written_as_xlsx():
    dataset = tablib.Dataset(["=1", "Kraam\x01zorg", 4], headers=["a", "b", "c"])
    safe = safe_dataset(dataset)
    assert safe.headers == ["a", "b", "c"]
    assert safe[0] == ("'=1", "Kraam\N{REPLACEMENT CHARACTER}zorg", 4)
    assert safe.export("xlsx")  # openpyxl refuses control characters; nothing left to refuse
