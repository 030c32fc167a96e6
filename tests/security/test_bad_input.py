"""Bad input at every form and import on this branch: never a 500, Dutch errors, escaped HTML.

New forms: one test each calling `tests.fuzz.fuzz_form` (see its docstring).
"""

import io

import pytest
import tablib
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from coalitions.models import Coalition, Gemeente
from coalitions.resources import GemeenteResource
from partners.models import ContactPerson, Organisation
from tests.factories import CoalitionPartnerFactory, GemeenteFactory, OrganisationFactory
from tests.fuzz import FUZZ_SETTINGS, SCRIPT, admin_form_data, any_text, any_value, fuzz_form
from tests.security.test_audit_log import change_events_url

pytestmark = pytest.mark.django_db


def test_login_form_survives_bad_input(client):
    fuzz_form(client, reverse("login"), {}, ["username", "password"])


def test_password_change_form_survives_bad_input(client, editor):
    client.force_login(editor)
    fuzz_form(
        client,
        reverse("password_change"),
        {"old_password": "correct-horse-battery"},
        ["new_password1", "new_password2"],
        max_examples=20,
    )


def test_coalition_admin_form_survives_bad_input(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:coalitions_coalition_add")
    valid = admin_form_data(client, url) | {
        "name": "Coalitie Test",
        "slug": "coalitie-test",
        "kind": "lokaal",
        "phase": "verkenning",
    }

    def saved(response, sent):
        assert Coalition.objects.filter(slug=sent["slug"].strip()).exists()

    fuzz_form(
        client, url, valid, ["name", "slug", "ambition", "boegbeeld", "start_date"],
        on_saved=saved,
    )  # fmt: skip


def test_coalition_admin_change_form_survives_bad_input_and_keeps_the_old_data(
    client, superuser, coalition
):
    client.force_login(superuser)
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    valid = admin_form_data(client, url)

    def saved(response, sent):
        coalition.refresh_from_db()
        assert coalition.slug == sent["slug"].strip()

    fuzz_form(client, url, valid, ["name", "slug", "ambition", "start_date"], on_saved=saved)


def test_organisation_admin_form_survives_bad_input(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:partners_organisation_add")
    valid = admin_form_data(client, url) | {"name": "Kraamzorg Test", "category": "kraamzorg"}
    fields = ["name", "kvk_number", "postcode", "place", "latitude", "longitude", "website"]
    fuzz_form(client, url, valid, fields)


def test_contact_person_admin_form_survives_bad_input(client, superuser):
    partnership = CoalitionPartnerFactory()
    client.force_login(superuser)
    url = reverse("admin:partners_contactperson_add")
    valid = admin_form_data(client, url) | {"partnership": partnership.pk, "name": "Ans"}

    def saved(response, sent):
        assert ContactPerson.objects.filter(name=sent["name"].strip()).exists()

    fuzz_form(client, url, valid, ["name", "function", "email", "phone"], on_saved=saved)


HEADERS = ["gemeentecode", "gemeentenaam", "provincie", "ggd_regio", "actief"]


@FUZZ_SETTINGS
@example([dict.fromkeys(HEADERS, "x") | {"gemeentecode": "²"}])  # isdigit() but not int()
@example([dict.fromkeys(HEADERS, "x") | {"gemeentecode": "\x00"}])  # PostgreSQL refuses NUL
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "gemeentecode": st.one_of(any_value, st.sampled_from(["GM0503", "503", "0363"])),
                "gemeentenaam": any_text,
                "provincie": st.one_of(any_text, st.sampled_from(["Zuid-Holland", "ZH", "fr"])),
                "ggd_regio": any_text,
                "actief": st.one_of(any_text, st.sampled_from(["ja", "nee", "", "1"])),
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_gemeente_import_reports_bad_rows_and_writes_nothing_from_a_bad_file(rows):
    before = set(Gemeente.objects.values_list("cbs_code", "name", "province", "active"))
    dataset = tablib.Dataset(headers=HEADERS)
    for row in rows:
        dataset.append([row[h] for h in HEADERS])
    result = GemeenteResource().import_data(dataset, dry_run=False, raise_errors=False)
    # Crashes show up as row errors with a traceback; bad data as validation errors.
    assert not result.has_errors(), [e.error for _, errs in result.row_errors() for e in errs]
    if result.has_validation_errors():
        assert set(Gemeente.objects.values_list("cbs_code", "name", "province", "active")) == (
            before
        )
        for invalid in result.invalid_rows:
            for messages in invalid.error_dict.values():
                for message in messages:
                    assert not any(word in str(message) for word in ["This field", "Enter a"])


def test_gemeente_import_upload_in_the_admin_shows_errors_in_dutch(client, superuser):
    client.force_login(superuser)
    csv = f"{','.join(HEADERS)}\nGM05,{SCRIPT},Atlantis,,misschien\n"
    response = client.post(
        reverse("admin:coalitions_gemeente_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": io.BytesIO(csv.encode()),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert "Onbekende provincie" in html or "CBS-code" in html
    assert not Gemeente.objects.filter(name=SCRIPT).exists()


# --- HTML typed into a field is shown escaped everywhere -------------------------------------


@pytest.fixture
def scripted(coalition):
    coalition.name = SCRIPT
    coalition.ambition = f"Ambitie {SCRIPT}"
    coalition.save()
    OrganisationFactory(name=f'=HYPERLINK("http://x") {SCRIPT}')
    return coalition


@pytest.mark.parametrize("who", ["anonymous", "editor", "superuser"])
def test_markup_in_names_is_escaped_on_every_page(client, scripted, editor, superuser, who):
    if who != "anonymous":
        client.force_login({"editor": editor, "superuser": superuser}[who])
    urls = [reverse("coalitions:public_list"), scripted.get_absolute_url()]
    if who == "editor":
        urls.append(reverse("coalitions:workspace"))
    if who == "superuser":
        urls += [
            reverse("admin:coalitions_coalition_changelist"),
            reverse("admin:coalitions_coalition_change", args=[scripted.pk]),
            reverse("admin:partners_organisation_changelist"),
            change_events_url(),
        ]
    for url in urls:
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
    if who == "anonymous":
        assert "&lt;script&gt;" in client.get(reverse("coalitions:public_list")).content.decode()


def test_exports_do_not_hand_spreadsheets_a_formula(client, scripted, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_organisation_export"),
        {"format": "0", "resource": "0", "organisationresource_name": "on"},
    )
    assert response.status_code == 200
    rows = response.content.decode("utf-8-sig").splitlines()
    assert not any(r.split(",")[0].lstrip('"').startswith("=") for r in rows[1:]), rows
    assert Organisation.objects.filter(name__startswith="=HYPERLINK").exists()


def test_a_file_with_one_bad_row_writes_nothing_at_all():
    """Found by the fuzz test: import-export commits the good rows of a bad file by default."""
    GemeenteFactory(cbs_code="GM9001", name="Oud")
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.append(["GM9001", "Nieuw", "Zuid-Holland", "", "ja"])
    dataset.append(["GM9002", "Kapot", "Atlantis", "", "ja"])
    result = GemeenteResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_validation_errors()
    assert Gemeente.objects.get(cbs_code="GM9001").name == "Oud"
    assert not Gemeente.objects.filter(cbs_code="GM9002").exists()
