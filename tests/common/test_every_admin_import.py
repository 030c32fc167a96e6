"""Every import in the admin, found on the admin site (a new importer is covered automatically):
a Dutch Excel file (cp1252, semicolons, Dutch headers, accents) previews in Dutch, and a file
with one bad row writes nothing and names the row as the spreadsheet numbers it ("Regel 3")."""

import io

import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ImportMixin

from common.import_admin import AllOrNothingImportExportMixin
from partners.models import Organisation
from tests.factories import CoalitionPartnerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# English that import-export shows where its own Dutch translation is missing, and that an
# exception would show: none of it may reach an import page.
ENGLISH = [
    "Preview",
    "Confirm import",
    "Line number",
    "Errors",
    "Some rows failed",
    "This importer will import",
    "Submit",
    "Traceback",
    ">New<",
    ">Skipped<",
    ">Update<",
    "encountered while trying to read file",
    "None",
]


def import_admins():
    return sorted(
        (
            (f"{model._meta.app_label}_{model._meta.model_name}", model_admin)
            for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, ImportMixin)
        ),
        key=lambda item: item[0],
    )


ADMIN_IMPORTS = [name for name, _admin in import_admins()]


# One good row (with an accented name) and one bad row per import, as Dutch column names.
# A new import in the admin fails `test_every_admin_import_has_a_sample` until it has its rows.
def _gemeente(world):
    good = {
        "gemeentecode": "GM1900",
        "gemeentenaam": "Gemeente Súdwest-Fryslân",
        "provincie": "Friesland",
        "ggd_regio": "GGD Fryslân",
        "actief": "ja",
    }
    return good, {**good, "gemeentecode": "GM1901", "provincie": "Atlantis"}, "provincie"


def _organisation(world):
    good = {"naam": "Café Zuid", "categorie": "Verloskundigenpraktijk", "postcode": "2611 HX"}
    return good, {**good, "naam": "Coöperatie Noord", "postcode": "XYZ"}, "postcode"


def _partnership(world):
    good = {
        "coalitie": world["coalition"].slug,
        "organisatie": world["organisation"].name,
        "organisatie_postcode": world["organisation"].postcode,
        "rol": "Partner",
        "niveaus": "Uitvoering",
        "sinds": "01-06-2024",
    }
    other = world["second"]
    bad = {**good, "organisatie": other.name, "organisatie_postcode": other.postcode}
    return good, {**bad, "sinds": "juni"}, "sinds"


def _contact(world):
    good = {
        "coalitie": world["coalition"].slug,
        "organisatie": world["partnership"].organisation.name,
        "organisatie_postcode": world["partnership"].organisation.postcode,
        "naam": "Anaïs de Vries-Çelik",
        "functie": "Coördinator",
        "email": "anais@example.org",
    }
    return good, {**good, "naam": "Zoë Smit", "email": "geen e-mail"}, "email"


def _measurement(world):
    code = world["coalition"].gemeenten.get().cbs_code
    good = {
        "gemeente": code,
        "indicator": "vroeggeboorte",
        "periode": "2019",
        "waarde": "7,1",
        "bron": "Perined – één bron",
    }
    return good, {**good, "periode": "2020", "waarde": "veel"}, "waarde"


SAMPLES = {
    "coalitions_gemeente": _gemeente,
    "partners_organisation": _organisation,
    "partners_coalitionpartner": _partnership,
    "partners_contactperson": _contact,
    "pijlers_measurement": _measurement,
}


@pytest.fixture
def world(coalition):
    partnership = CoalitionPartnerFactory(
        coalition=coalition, organisation=OrganisationFactory(name="Jeugdgezondheidszorg Zuid")
    )
    return {
        "coalition": coalition,
        # An accented organisation the partnership import points at.
        "organisation": OrganisationFactory(name="Kraamzorg Fryslân", postcode="8911 AB"),
        "second": OrganisationFactory(name="Huisartsen Súd", postcode="8601 AA"),
        "partnership": partnership,
    }


def excel_csv(rows: list[dict]) -> bytes:
    """What Dutch Excel saves as "CSV (gescheidingsteken: puntkomma)": cp1252 and `;`."""
    headers = list(rows[0])
    lines = [";".join(headers), *(";".join(row.get(h, "") for h in headers) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def upload(client, name, content, filename="bestand.csv", fmt="0"):
    f = io.BytesIO(content)
    f.name = filename
    return client.post(
        reverse(f"admin:{name}_import"), {"import_file": f, "format": fmt, "resource": "0"}
    )


def assert_dutch(html):
    for english in ENGLISH:
        assert english not in html, english


def test_the_admin_has_imports_and_each_goes_through_the_one_pipeline():
    assert len(ADMIN_IMPORTS) >= 5
    for name, model_admin in import_admins():
        assert isinstance(model_admin, AllOrNothingImportExportMixin), name


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_every_admin_import_has_a_sample(name):
    assert name in SAMPLES, f"add a good and a bad row for the admin import {name} to SAMPLES"


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_a_dutch_excel_csv_previews_in_dutch_and_imports_the_accented_name(
    admin_client, world, name
):
    good, _bad, _column = SAMPLES[name](world)
    model = admin.site._registry[dict(import_admins())[name].model].model
    before = model.objects.count()

    preview = upload(admin_client, name, excel_csv([good]))

    html = preview.content.decode()
    assert preview.context.get("confirm_form") is not None, preview.context.get("problems")
    accented = next(v for v in good.values() if any(ord(c) > 127 for c in v))
    assert accented in html
    assert "Voorbeeld" in html and "Nieuw" in html and "Import bevestigen" in html
    assert_dutch(html)
    assert model.objects.count() == before  # the preview writes nothing

    done = admin_client.post(
        reverse(f"admin:{name}_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )
    assert "Import voltooid: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd." in done.content.decode()
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_one_bad_row_writes_nothing_and_is_named_by_its_spreadsheet_line(admin_client, world, name):
    good, bad, column = SAMPLES[name](world)
    model = admin.site._registry[dict(import_admins())[name].model].model
    before = model.objects.count()

    # Line 1 is the header, line 2 the good row, line 3 the bad one.
    response = upload(admin_client, name, excel_csv([good, bad]))

    html = response.content.decode()
    assert response.context.get("confirm_form") is None
    assert response.context["problems"][0].startswith(f"Regel 3, kolom ‘{column}’: ")
    assert f"Regel 3, kolom ‘{column}’: " in html
    assert "Het bestand bevat 1 fout; er is niets opgeslagen." in html
    assert_dutch(html)
    assert model.objects.count() == before


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
@pytest.mark.parametrize(
    "content,filename,fmt,message",
    [
        (b"", "leeg.csv", "0", "bestand is leeg."),
        (b"\r\n;;\r\n", "leeg.csv", "0", "Het bestand is leeg."),
        (b"kolom;andere\r\n1;2\r\n", "fout.csv", "0", "Deze kolommen ontbreken: "),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "plaatje.xlsx", "1", "kan niet worden gelezen"),
        (b"PK\x03\x04 geen zip", "kapot.xlsx", "1", "kan niet worden gelezen"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_a_dutch_reason_and_no_traceback(
    admin_client, name, content, filename, fmt, message
):
    response = upload(admin_client, name, content, filename, fmt)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert_dutch(html)


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_a_huge_value_is_a_dutch_row_error_not_a_crash(admin_client, world, name):
    good, _bad, _column = SAMPLES[name](world)
    huge = {
        key: ("x" * 5000 if key not in ("coalitie", "gemeente") else v) for key, v in good.items()
    }
    response = upload(admin_client, name, excel_csv([good, huge]))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context.get("confirm_form") is None
    assert "Regel 3" in html
    assert_dutch(html)


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_a_utf8_comma_csv_with_or_without_byte_order_mark_previews_too(
    admin_client, world, name, encoding
):
    good, _bad, _column = SAMPLES[name](world)
    headers = list(good)
    text = ",".join(headers) + "\r\n" + ",".join(f'"{good[h]}"' for h in headers) + "\r\n"
    preview = upload(admin_client, name, text.encode(encoding))
    assert preview.context.get("confirm_form") is not None, preview.context.get("problems")


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_the_import_page_lists_the_columns_and_offers_a_template_with_dutch_headers(
    admin_client, name
):
    import openpyxl

    page = admin_client.get(reverse(f"admin:{name}_import"))
    html = page.content.decode()
    assert "Welke kolommen en codes?" in html
    template_url = reverse(f"admin:{name}_import_template")
    assert template_url in html
    assert_dutch(html)
    response = admin_client.get(template_url)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    model_admin = dict(import_admins())[name]
    resource = model_admin.get_import_resource_classes(None)[0]
    assert [c.value for c in sheet[1]] == resource.import_columns()
    assert sheet.title == str(model_admin.opts.verbose_name_plural).capitalize()


def test_cancelling_a_previewed_admin_import_removes_its_staged_file(admin_client, world):
    from django.core.files.storage import storages

    good, _bad, _column = SAMPLES["partners_organisation"](world)
    preview = upload(admin_client, "partners_organisation", excel_csv([good]))
    form = preview.context["confirm_form"].initial
    staged = f"django-import-export/{form['import_file_name']}"
    assert storages["import_export"].exists(staged)

    response = admin_client.post(
        reverse("admin:partners_organisation_import_cancel"), form, follow=True
    )

    assert "De import is geannuleerd; er is niets opgeslagen." in response.content.decode()
    assert not storages["import_export"].exists(staged)
    assert not Organisation.objects.filter(name="Café Zuid").exists()


def test_the_admin_history_of_an_imported_object_says_so_in_dutch(admin_client, world):
    from django.contrib.admin.models import LogEntry

    good, _bad, _column = SAMPLES["partners_organisation"](world)
    preview = upload(admin_client, "partners_organisation", excel_csv([good]))
    admin_client.post(
        reverse("admin:partners_organisation_process_import"),
        preview.context["confirm_form"].initial,
    )
    entry = LogEntry.objects.get(object_repr__contains="Café Zuid")
    assert entry.get_change_message() == "Toegevoegd via een import"
