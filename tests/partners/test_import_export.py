"""Import and export of organisations, partnerships and contact people through the admin."""

import io

import openpyxl
import pghistory.models
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.urls import reverse
from import_export.tmp_storages import MediaStorage

from partners.models import Category, CoalitionPartner, ContactPerson, Organisation
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # index of the format in the admin's import/export forms
HEADERS = ["naam", "kvk_nummer", "categorie", "domein", "adres", "postcode", "plaats"]
BAD_ROW = 137  # 1-based among the data rows, as the admin reports it


def organisation_rows(n=200, bad_row=None):
    rows = []
    for i in range(1, n + 1):
        postcode = f"{1000 + i} AB"
        if i == bad_row:
            postcode = "XYZ"  # not a Dutch postcode
        rows.append(
            [
                f"Praktijk {i}",
                f"{10000000 + i}" if i % 2 else "",
                "Verloskundigenpraktijk" if i % 3 else "wijkteam",
                "",
                f"Straat {i}",
                postcode,
                "Delft",
            ]
        )
    return rows


def as_csv(rows, headers=HEADERS):
    return tablib.Dataset(*rows, headers=headers).export("csv").encode("utf-8")


def as_xlsx(rows, headers=HEADERS):
    # Written with openpyxl itself, as a spreadsheet program would: numbers as numbers.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([int(c) if isinstance(c, str) and c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, model, content, fmt, name):
    url = reverse(f"admin:partners_{model}_import")
    f = io.BytesIO(content)
    f.name = name
    return client.post(url, {"import_file": f, "format": fmt, "resource": "0"})


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(reverse(f"admin:partners_{model}_process_import"), form.initial)


def import_file(client, model, content, fmt, name):
    preview = upload(client, model, content, fmt, name)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, preview.context["result"].row_errors()
    return confirm(client, model, preview)


def events():
    return pghistory.models.Events.objects.count()


@pytest.mark.parametrize(
    "fmt,name,encode", [(CSV, "organisaties.csv", as_csv), (XLSX, "organisaties.xlsx", as_xlsx)]
)
def test_import_with_one_bad_row_out_of_200_writes_nothing_and_names_the_row(
    admin_client, fmt, name, encode
):
    response = upload(
        admin_client, "organisation", encode(organisation_rows(bad_row=BAD_ROW)), fmt, name
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [BAD_ROW]
    assert list(result.invalid_rows[0].field_specific_errors) == ["postcode"]
    assert response.context.get("confirm_form") is None  # no button to commit it
    html = response.content.decode()
    # The line as the spreadsheet shows it: the header is line 1.
    assert f"Regel {BAD_ROW + 1}, kolom ‘postcode’: Vul een Nederlandse postcode in" in html
    assert Organisation.objects.count() == 0


def test_the_confirm_step_cannot_commit_a_file_with_a_bad_row(admin_client):
    # A crafted confirm request for a stored file with errors: the library alone would commit
    # the 199 valid rows. Staged where the admin stages uploads: the private storage.
    storage = MediaStorage()
    storage.save(as_csv(organisation_rows(bad_row=BAD_ROW)))
    response = admin_client.post(
        reverse("admin:partners_organisation_process_import"),
        {
            "import_file_name": storage.name,
            "original_file_name": "organisaties.csv",
            "format": CSV,
            "resource": "0",
        },
        follow=True,
    )

    assert Organisation.objects.count() == 0
    assert f"Er is niets geïmporteerd: het bestand bevat fouten in regel {BAD_ROW + 1}" in (
        response.content.decode()
    )


def test_a_confirm_step_for_a_file_that_is_gone_asks_for_a_new_upload(admin_client):
    response = admin_client.post(
        reverse("admin:partners_organisation_process_import"),
        {
            "import_file_name": "bestaat-niet",
            "original_file_name": "organisaties.csv",
            "format": CSV,
            "resource": "0",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "Het bestand is niet meer beschikbaar; upload het opnieuw." in response.content.decode()


@pytest.mark.parametrize(
    "fmt,name,encode", [(CSV, "organisaties.csv", as_csv), (XLSX, "organisaties.xlsx", as_xlsx)]
)
def test_a_valid_file_is_imported_after_the_preview_and_reimporting_it_changes_nothing(
    admin_client, fmt, name, encode
):
    content = encode(organisation_rows())
    import_file(admin_client, "organisation", content, fmt, name)
    assert Organisation.objects.count() == 200
    wijkteam = Organisation.objects.get(name="Praktijk 3")
    assert (wijkteam.category, wijkteam.domain) == (Category.WIJKTEAM, "sociaal")
    assert Organisation.objects.get(name="Praktijk 1").kvk_number == "10000001"
    before = (events(), list(Organisation.objects.values_list("pk", "updated_at")))

    response = import_file(admin_client, "organisation", content, fmt, name)

    assert response.status_code == 302
    assert (events(), list(Organisation.objects.values_list("pk", "updated_at"))) == before


def test_reimport_matches_organisations_by_kvk_number_else_by_name_and_postcode(admin_client):
    by_kvk = OrganisationFactory(name="Oude naam", kvk_number="12345678", postcode="2611 HX")
    by_name = OrganisationFactory(name="Wijkteam Noord", postcode="2612 AB")
    rows = [
        ["Nieuwe naam", "12345678", "Verloskundigenpraktijk", "", "", "2611 HX", "Delft"],
        ["wijkteam noord", "", "Wijkteam", "", "Markt 1", "2612ab", "Delft"],
    ]
    import_file(admin_client, "organisation", as_csv(rows), CSV, "o.csv")

    assert Organisation.objects.count() == 2
    by_kvk.refresh_from_db()
    by_name.refresh_from_db()
    assert by_kvk.name == "Nieuwe naam"
    assert by_name.address == "Markt 1"


def test_an_exported_organisation_file_reimports_without_changes(admin_client):
    OrganisationFactory.create_batch(3, kvk_number="")
    OrganisationFactory(name="Met KvK", kvk_number="87654321", category=Category.JGZ)
    exported = export(admin_client, "organisation", CSV)
    before = (events(), list(Organisation.objects.values_list("pk", "updated_at")))

    import_file(admin_client, "organisation", exported, CSV, "export.csv")

    assert (events(), list(Organisation.objects.values_list("pk", "updated_at"))) == before


def test_coalition_partners_import_links_organisations_by_key_and_reimport_changes_nothing(
    admin_client, coalition
):
    OrganisationFactory(name="VSV Reinier", kvk_number="11112222", postcode="2625 AD")
    rows = [
        [
            coalition.slug,
            "VSV Reinier",
            "11112222",
            "",
            "Kernpartner",
            "Uitvoering, Management / beleid",
            "2019-10-01",
            "",
        ],
    ]
    headers = [
        "coalitie",
        "organisatie",
        "organisatie_kvk",
        "organisatie_postcode",
        "rol",
        "niveaus",
        "sinds",
        "tot",
    ]
    content = as_csv(rows, headers)
    import_file(admin_client, "coalitionpartner", content, CSV, "p.csv")
    partner = CoalitionPartner.objects.get()
    assert (partner.coalition, partner.role, partner.levels) == (
        coalition,
        "kernpartner",
        ["uitvoering", "management"],
    )
    before = events()

    import_file(admin_client, "coalitionpartner", content, CSV, "p.csv")

    assert CoalitionPartner.objects.count() == 1
    assert events() == before


def test_coalition_partner_row_with_unknown_organisation_is_reported(admin_client, coalition):
    headers = [
        "coalitie",
        "organisatie",
        "organisatie_kvk",
        "organisatie_postcode",
        "rol",
        "niveaus",
        "sinds",
        "tot",
    ]
    rows = [[coalition.slug, "Bestaat niet", "", "", "Partner", "", "2020-01-01", ""]]
    response = upload(admin_client, "coalitionpartner", as_csv(rows, headers), CSV, "p.csv")

    [invalid] = response.context["result"].invalid_rows
    assert list(invalid.field_specific_errors) == ["organisatie"]
    assert "Geen organisatie ‘Bestaat niet’" in response.content.decode()
    assert CoalitionPartner.objects.count() == 0


# --- contact people: personal data ------------------------------------------------------------


def export(client, model, fmt):
    url = reverse(f"admin:partners_{model}_export")
    form = client.get(url).context["form"]
    data = {"format": fmt, "resource": "0"}
    skip = {*data, "export_items"}
    data.update({name: "on" for name in form.fields if name not in skip})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    return response.content


def test_pharos_without_the_export_permission_cannot_export_contact_people(client, pharos):
    ContactPersonFactory(name="Anouk Testpersoon")
    client.force_login(pharos)
    url = reverse("admin:partners_contactperson_export")

    for response in (client.get(url), client.post(url, {"format": CSV, "resource": "0"})):
        assert response.status_code == 403
        assert b"Anouk Testpersoon" not in response.content
    changelist = client.get(reverse("admin:partners_contactperson_changelist"))
    assert changelist.status_code == 200  # reading is allowed
    assert "export_admin_action" not in changelist.content.decode()
    assert url not in changelist.content.decode()


def test_the_export_action_is_refused_without_the_export_permission(client, pharos):
    person = ContactPersonFactory(name="Anouk Testpersoon")
    client.force_login(pharos)
    response = client.post(
        reverse("admin:partners_contactperson_changelist"),
        {"action": "export_admin_action", "_selected_action": [person.pk]},
    )
    assert "Content-Disposition" not in response
    assert "admin/import_export/export.html" not in [t.name for t in response.templates]


def test_staff_with_the_export_permission_exports_contact_people(client, pharos):
    ContactPersonFactory(name="Anouk Testpersoon", email="anouk@example.org")
    pharos.user_permissions.add(Permission.objects.get(codename="export_contactperson"))
    client.force_login(pharos)

    content = export(client, "contactperson", CSV).decode("utf-8")

    assert "Anouk Testpersoon" in content
    assert "anouk@example.org" in content


def test_contact_people_import_updates_the_person_of_the_same_partnership_and_name(
    admin_client,
):
    person = ContactPersonFactory(name="Sanne Voorbeeld", partnership__organisation__kvk_number="")
    org = person.partnership.organisation
    headers = [
        "coalitie",
        "organisatie",
        "organisatie_kvk",
        "organisatie_postcode",
        "naam",
        "functie",
        "email",
        "telefoon",
    ]
    rows = [
        [
            person.partnership.coalition.slug,
            org.name,
            "",
            org.postcode,
            "Sanne Voorbeeld",
            "Coördinator",
            "sanne@example.org",
            "015 123 4567",
        ]
    ]

    import_file(admin_client, "contactperson", as_csv(rows, headers), CSV, "c.csv")

    person.refresh_from_db()
    assert ContactPerson.objects.count() == 1
    assert (person.function, person.email) == ("Coördinator", "sanne@example.org")


# --- who may import ---------------------------------------------------------------------------


def test_pharos_may_import_organisations_but_not_partnerships_or_contact_people(client, pharos):
    client.force_login(pharos)
    assert client.get(reverse("admin:partners_organisation_import")).status_code == 200
    assert client.get(reverse("admin:coalitions_gemeente_import")).status_code == 200
    assert client.get(reverse("admin:partners_coalitionpartner_import")).status_code == 403
    assert client.get(reverse("admin:partners_contactperson_import")).status_code == 403
    CoalitionPartnerFactory()
    assert client.get(reverse("admin:partners_coalitionpartner_import")).status_code == 403


def test_bad_coordinates_and_nul_characters_are_row_errors_in_dutch_not_crashes(admin_client):
    """Found by the fuzz tests: "abc" as a latitude raised InvalidOperation and a NUL
    character reached PostgreSQL, which refuses it; both stopped the whole import."""
    from partners.resources import OrganisationResource

    headers = ["naam", "categorie", "breedtegraad", "lengtegraad"]
    dataset = tablib.Dataset(headers=headers)
    dataset.append(["Kraamzorg Noord", "Kraamzorg", "abc", "NaN"])
    dataset.append(["Kraam\x00zorg Zuid", "Kraamzorg", "52,0116", "4.3571"])
    result = OrganisationResource().import_data(dataset, dry_run=True)
    assert not result.has_errors()
    messages = [str(m) for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]
    assert "‘abc’ is geen getal; schrijf bijvoorbeeld 52,0116." in messages
    assert any("bevat een ongeldig teken" in m for m in messages)


def test_an_organisation_file_with_one_bad_row_writes_nothing_also_outside_the_admin():
    from partners.resources import OrganisationResource

    dataset = tablib.Dataset(*organisation_rows(n=5, bad_row=3), headers=HEADERS)
    result = OrganisationResource().import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Organisation.objects.filter(name__startswith="Praktijk").exists()


# --- Formula-like text survives an export and a re-import (common.spreadsheets) ---


def formula_organisations():
    from tests.common.roundtrip import FORMULAE

    return [
        OrganisationFactory(
            name=text, address=text, place=text, postcode=f"{2611 + n} HX", kvk_number=""
        )
        for n, text in enumerate(FORMULAE)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_organisation_export_keeps_formulae_as_text_and_reads_back_unchanged(admin_client, fmt):
    from partners.resources import OrganisationResource
    from tests.common.roundtrip import FORMULAE, admin_export, admin_import, assert_written_as_text

    formula_organisations()
    content = admin_export(admin_client, "partners_organisation", OrganisationResource, fmt)
    assert_written_as_text(content, fmt)
    Organisation.objects.all().delete()

    admin_import(admin_client, "partners_organisation", content, fmt)

    assert sorted(Organisation.objects.values_list("name", "address", "place")) == sorted(
        (t, t, t) for t in FORMULAE
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_partnership_export_keeps_formulae_as_text_and_reads_back_unchanged(
    admin_client, coalition, fmt
):
    from partners.resources import CoalitionPartnerResource
    from tests.common.roundtrip import admin_export, admin_import, assert_written_as_text

    for organisation in formula_organisations():
        CoalitionPartnerFactory(coalition=coalition, organisation=organisation)
    before = sorted(CoalitionPartner.objects.values_list("organisation__name", "since", "levels"))
    content = admin_export(admin_client, "partners_coalitionpartner", CoalitionPartnerResource, fmt)
    assert_written_as_text(content, fmt)
    CoalitionPartner.objects.all().delete()

    admin_import(admin_client, "partners_coalitionpartner", content, fmt)

    after = sorted(CoalitionPartner.objects.values_list("organisation__name", "since", "levels"))
    assert after == before and len(after) == 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_contact_export_keeps_formulae_as_text_and_reads_back_unchanged(admin_client, fmt):
    from partners.resources import ContactPersonResource
    from tests.common.roundtrip import FORMULAE, admin_export, admin_import, assert_written_as_text

    coalition = CoalitionFactory()
    for organisation, text in zip(formula_organisations(), FORMULAE, strict=True):
        # A phone number must be one; "+31 ..." is the one that Excel would turn into a number.
        ContactPersonFactory(
            partnership=CoalitionPartnerFactory(coalition=coalition, organisation=organisation),
            name=text,
            function=text,
            phone="+31 15 123 4567",
        )
    content = admin_export(admin_client, "partners_contactperson", ContactPersonResource, fmt)
    assert_written_as_text(content, fmt)
    ContactPerson.objects.all().delete()

    admin_import(admin_client, "partners_contactperson", content, fmt)

    assert sorted(
        ContactPerson.objects.values_list(
            "partnership__organisation__name", "name", "function", "phone"
        )
    ) == sorted((t, t, t, "+31 15 123 4567") for t in FORMULAE)
