"""An editor types markup into the text fields of a work item, an organisation, a goal, a
status update and a pillar assessment, through the forms. The raw tags must never come back
unescaped: not on the public pages, the workspace, the admin, nor in CSV/XLSX exports, and no
spreadsheet cell may become a formula."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from coalitions.models import Goal, StatusUpdate
from experiments.models import WorkItem
from partners.models import Organisation
from pijlers.models import Assessment
from tests.factories import CoalitionPartnerFactory, ensure_pijlers_reference_data
from tests.fuzz import SCRIPT, page_form_data

pytestmark = pytest.mark.django_db

IMG = '"><img src=x onerror=alert(1)>'
RAW = [SCRIPT, "<img src=x", "<script>"]
# Typed text that a spreadsheet would run as a formula if it landed in a cell as such.
FORMULAE = ["=1+2", '+HYPERLINK("http://x")', "-2+3", "@SUM(1)"]


def post_form(client, url, **overrides):
    response = client.post(url, page_form_data(client, url) | overrides)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


@pytest.fixture
def marked_up(client, editor, coalition):
    """Everything saved by the editor through the workspace forms, as a user would."""
    ensure_pijlers_reference_data()
    partner = CoalitionPartnerFactory(coalition=coalition, organisation__place="Delft")
    client.force_login(editor)
    slug = coalition.slug
    post_form(
        client,
        reverse("partners:workspace_organisation_edit", args=[slug, partner.organisation.pk]),
        # A vertical tab (pasted from Word) made the XLSX writer refuse the whole file.
        name=f"{FORMULAE[1]} {SCRIPT}\x0bKraamzorg",
        address=IMG,
        latitude="52.0116",
        longitude="4.3571",
    )
    post_form(
        client,
        reverse("coalitions:workspace_goal_create", args=[slug]),
        description=f"{FORMULAE[0]} {SCRIPT}",
        evaluation=IMG,
        owner=partner.pk,
    )
    post_form(
        client,
        reverse("coalitions:workspace_status", args=[slug]),
        summary=f"{FORMULAE[2]} {SCRIPT}",
        next_steps=IMG,
        bottlenecks=SCRIPT,
        phase="uitvoering",
    )
    post_form(
        client,
        reverse("pijlers:assess", args=[slug, 1]),
        level="verkennend",
        notes=f"{FORMULAE[3]} {SCRIPT}",
        next_actions=IMG,
    )
    post_form(
        client,
        reverse("experiments:item_create", args=[slug]),
        kind="experiment",
        title=f"{FORMULAE[0]} {SCRIPT}",
        description=IMG,
        goal=SCRIPT,
        lead_partner=partner.pk,
        published="on",
    )
    client.logout()
    # The saves really happened, with the text as typed.
    assert Organisation.objects.filter(name__contains=SCRIPT).exists()
    assert Goal.objects.filter(coalition=coalition, description__contains=SCRIPT).exists()
    assert StatusUpdate.objects.filter(coalition=coalition, summary__contains=SCRIPT).exists()
    assert Assessment.objects.filter(coalition=coalition, notes__contains=SCRIPT).exists()
    item = WorkItem.objects.get(coalition=coalition, title__contains=SCRIPT)
    assert item.published
    return item


def assert_escaped(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, (url, raw)


def test_markup_is_escaped_on_the_public_pages(client, coalition, marked_up):
    slug = coalition.slug
    urls = [
        reverse("coalitions:public_list"),
        reverse("coalitions:public_detail", args=[slug]),
        reverse("experiments:public_werkagenda", args=[slug]),
        reverse("partners:map", args=[slug]),
    ]
    assert_escaped(client, urls)
    werkagenda = client.get(urls[2]).content.decode()
    assert "&lt;script&gt;" in werkagenda  # the published item is there, escaped


def test_markup_is_escaped_on_the_workspace_pages(client, editor, coalition, marked_up):
    client.force_login(editor)
    slug = coalition.slug
    assert_escaped(
        client,
        [
            reverse("coalitions:workspace"),
            reverse("coalitions:workspace_detail", args=[slug]),
            reverse("coalitions:workspace_goals", args=[slug]),
            reverse("coalitions:workspace_status", args=[slug]),
            reverse("coalitions:workspace_history", args=[slug]),
            reverse("partners:workspace_partners", args=[slug]),
            reverse("partners:map", args=[slug]),
            reverse("pijlers:overview", args=[slug]),
            reverse("pijlers:pillar", args=[slug, 1]),
            reverse("pijlers:assess", args=[slug, 1]),
            reverse("experiments:timeline", args=[slug]),
            reverse("experiments:item_detail", args=[slug, marked_up.pk]),
            reverse("experiments:item_edit", args=[slug, marked_up.pk]),
        ],
    )


def test_markup_is_escaped_in_the_admin(client, superuser, coalition, marked_up):
    client.force_login(superuser)
    objects = {
        "experiments_workitem": marked_up,
        "partners_organisation": Organisation.objects.get(name__contains=SCRIPT),
        "coalitions_goal": Goal.objects.get(description__contains=SCRIPT),
        "coalitions_statusupdate": StatusUpdate.objects.get(summary__contains=SCRIPT),
        "pijlers_assessment": Assessment.objects.get(notes__contains=SCRIPT),
        "coalitions_coalition": coalition,
    }
    urls = [reverse("pharos:report"), reverse("pharos:overview")]
    for name, obj in objects.items():
        urls.append(reverse(f"admin:{name}_changelist"))
        urls.append(reverse(f"admin:{name}_change", args=[obj.pk]))
        urls.append(reverse(f"admin:{name}_history", args=[obj.pk]))
    assert_escaped(client, urls)


def xlsx_cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(content):
    """No formula; text that starts like one is a text cell marked as text (quotePrefix)."""
    cells = xlsx_cells(content)
    formulae = [c.value for c in cells if c.data_type == "f"]
    assert not formulae, formulae
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")):
            assert c.data_type == "s" and c.quotePrefix, c.value
    return [str(c.value) for c in cells if c.value is not None]


def assert_csv_starts_no_formula(text):
    """No cell starts like a formula, unless it is just a number ("-1,5")."""
    text = text.lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    for cell in cells:
        if cell.startswith(("=", "+", "-", "@")):
            assert cell.lstrip("+-").replace(",", "").replace(".", "").isdigit(), cell
    return cells


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_partner_map_exports_keep_markup_as_text_and_make_no_formulae(
    client, editor, coalition, marked_up, who
):
    if who == "editor":
        client.force_login(editor)
    xlsx = client.get(reverse("partners:map_export", args=[coalition.slug, "xlsx"]))
    assert xlsx.status_code == 200
    values = assert_no_formula(xlsx.content)
    assert any(SCRIPT in v for v in values)  # the organisation is in the file, as plain text
    text = client.get(reverse("partners:map_export", args=[coalition.slug, "csv"])).content
    cells = assert_csv_starts_no_formula(text.decode("utf-8-sig"))
    assert any(cell.startswith(f"'{FORMULAE[1]}") for cell in cells), cells  # kept, as text


def test_half_year_report_exports_make_no_formulae(client, pharos, coalition, marked_up):
    client.force_login(pharos)
    url = reverse("pharos:report")
    xlsx = client.get(url, {"on": "2099-12-31", "export": "xlsx"})
    assert xlsx.status_code == 200
    values = assert_no_formula(xlsx.content)
    assert any(SCRIPT in v for v in values), values  # the status summary is in the file
    text = client.get(url, {"on": "2099-12-31", "export": "csv"}).content.decode("utf-8")
    cells = assert_csv_starts_no_formula(text)
    assert any(cell.startswith(f"'{FORMULAE[2]}") for cell in cells), cells  # kept, as text


@pytest.mark.parametrize("fmt", ["0", "1"], ids=["csv", "xlsx"])
def test_admin_exports_make_no_formulae_of_plus_minus_or_at_either(
    client, superuser, coalition, marked_up, fmt
):
    """import-export's own escaping drops a leading "=" only."""
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_organisation_export"),
        {"format": fmt, "resource": "0", "organisationresource_name": "on"},
    )
    assert response.status_code == 200
    if fmt == "1":
        values = assert_no_formula(response.content)
    else:
        values = assert_csv_starts_no_formula(response.content.decode("utf-8-sig"))
    # CSV: behind an apostrophe; XLSX: the typed text itself, in a cell marked as text.
    quote = "'" if fmt == "0" else ""
    assert f"{quote}{FORMULAE[1]} {SCRIPT}\N{REPLACEMENT CHARACTER}Kraamzorg" in values, values
