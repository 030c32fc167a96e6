import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from experiments.models import Agreement, Signatory
from tests.experiments.conftest import make_pdf_bytes, stored_files
from tests.factories import AgreementFactory, CoalitionPartnerFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def agreement_post(partner, pdf=None, **overrides):
    data = {
        "kind": "samenwerkingsovereenkomst",
        "title": "Samenwerkingsovereenkomst Kansrijke Start",
        "signed_on": "2019-10-02",
        "place": "Delft",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "1000",
        "signatories-0-partner": str(partner.pk),
        "signatories-0-signer_name": "Verzonnen Bestuurder",
        "signatories-0-signer_function": "Wethouder",
        **overrides,
    }
    if pdf is not None:
        data["pdf"] = pdf
    return data


@pytest.fixture
def agreement_with_pdf(coalition):
    agreement = AgreementFactory(coalition=coalition)
    agreement.pdf.save("x.pdf", ContentFile(make_pdf_bytes()))
    SignatoryFactory(agreement=agreement, signer_name="Hanna Verzonnen")
    return agreement


def test_editor_adds_an_agreement_with_a_real_pdf_and_signatories(
    client, editor, coalition, pdf_upload, private_media
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, pdf_upload),
        follow=True,
    )
    assert "is opgeslagen" in response.content.decode()
    agreement = Agreement.objects.get()
    assert agreement.signatories.get().partner == partner
    (stored,) = stored_files(private_media)
    assert stored.read_bytes().startswith(b"%PDF-")
    # A random folder per upload (no path to guess, no collision); the file keeps the name
    # the uploader gave it, which the history shows.
    assert re.fullmatch(r"[0-9a-f]{32}", stored.parent.name)
    assert stored.name == "overeenkomst.pdf"
    assert "static" not in str(stored)


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 this is an executable renamed to .pdf",
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n but nothing after the signature is a real PDF",
    ],
    ids=["executable", "html", "signature-only"],
)
def test_fake_pdf_with_the_right_extension_is_refused_and_nothing_is_stored(
    client, editor, coalition, private_media, content
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    fake = SimpleUploadedFile("overeenkomst.pdf", content, content_type="application/pdf")
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, fake),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["pdf"]
    assert any("geen pdf" in e or "beschadigd" in e for e in errors), errors
    assert "is-invalid" in response.content.decode()  # shown next to the field
    assert not Agreement.objects.exists()
    assert not Signatory.objects.exists()
    assert stored_files(private_media) == []


def test_oversized_pdf_is_refused_with_a_dutch_message_and_nothing_is_stored(
    client, editor, coalition, private_media, settings, pdf_upload
):
    settings.AGREEMENT_PDF_MAX_BYTES = 200
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(partner, pdf_upload),
    )
    (error,) = response.context["form"].errors["pdf"]
    assert "te groot" in error and "200" in error
    assert not Agreement.objects.exists()
    assert stored_files(private_media) == []


def test_a_bad_signatory_row_stores_neither_agreement_nor_pdf(
    client, editor, coalition, other_coalition, private_media, pdf_upload
):
    foreign = CoalitionPartnerFactory(coalition=other_coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]),
        agreement_post(foreign, pdf_upload),
    )
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["partner"]
    assert not Agreement.objects.exists()
    assert stored_files(private_media) == []


def test_replacing_the_pdf_removes_the_old_file(
    client, editor, coalition, private_media, agreement_with_pdf, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    partner = agreement_with_pdf.signatories.get().partner
    data = agreement_post(
        partner,
        SimpleUploadedFile("nieuw.pdf", make_pdf_bytes()),
        **{"signatories-0-signer_name": "Hanna Verzonnen"},
    )
    data.update(
        {
            "signatories-INITIAL_FORMS": "1",
            "signatories-0-id": str(agreement_with_pdf.signatories.get().pk),
            "loaded_version": agreement_with_pdf.updated_at.isoformat(),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("experiments:agreement_edit", args=[coalition.slug, agreement_with_pdf.pk]),
            data,
        )
    agreement_with_pdf.refresh_from_db()
    assert [p.name for p in stored_files(private_media)] == [
        agreement_with_pdf.pdf.name.split("/")[-1]
    ]


@pytest.mark.parametrize("who", ["member", "editor", "pharos"])
def test_members_editors_and_pharos_download_the_pdf(
    client, request, coalition, agreement_with_pdf, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(
        reverse("experiments:agreement_pdf", args=[coalition.slug, agreement_with_pdf.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_anonymous_visitor_cannot_fetch_an_agreement_pdf_by_url(
    client, coalition, agreement_with_pdf
):
    url = reverse("experiments:agreement_pdf", args=[coalition.slug, agreement_with_pdf.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("who", ["other_editor", "outsider"])
def test_editor_of_another_coalition_and_outsiders_get_a_404_for_the_pdf(
    client, request, coalition, agreement_with_pdf, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(
        reverse("experiments:agreement_pdf", args=[coalition.slug, agreement_with_pdf.pk])
    )
    assert response.status_code == 404


def test_pdf_of_one_coalition_cannot_be_fetched_through_another_coalitions_url(
    client, other_editor, other_coalition, agreement_with_pdf
):
    client.force_login(other_editor)
    response = client.get(
        reverse("experiments:agreement_pdf", args=[other_coalition.slug, agreement_with_pdf.pk])
    )
    assert response.status_code == 404


def test_stored_pdf_has_no_public_url(agreement_with_pdf):
    with pytest.raises(ValueError):
        agreement_with_pdf.pdf.storage.url(agreement_with_pdf.pdf.name)
    # The field's url is the permission-checked view, never a file path.
    assert agreement_with_pdf.pdf.url == reverse(
        "experiments:agreement_pdf",
        args=[agreement_with_pdf.coalition.slug, agreement_with_pdf.pk],
    )


def test_member_sees_signers_names_in_the_workspace(client, member, coalition, agreement_with_pdf):
    client.force_login(member)
    response = client.get(
        reverse("experiments:agreement_detail", args=[coalition.slug, agreement_with_pdf.pk])
    )
    assert "Hanna Verzonnen" in response.content.decode()


def test_public_page_shows_agreement_facts_but_no_signer_names_and_no_pdf(
    client, coalition, agreement_with_pdf
):
    response = client.get(reverse("experiments:public_werkagenda", args=[coalition.slug]))
    html = response.content.decode()
    signatory = agreement_with_pdf.signatories.get()
    assert agreement_with_pdf.title in html
    assert signatory.partner.organisation.name in html
    assert "Hanna Verzonnen" not in html
    assert "Bestuurder" not in html
    assert ".pdf" not in html and "document.pdf" not in html


def test_database_refuses_a_signatory_from_another_coalition(coalition, other_coalition):
    from django.db import DatabaseError, transaction

    agreement = AgreementFactory(coalition=coalition)
    foreign = CoalitionPartnerFactory(coalition=other_coalition)
    with pytest.raises(DatabaseError), transaction.atomic():
        Signatory.objects.create(agreement=agreement, partner=foreign, signer_name="x")


def test_agreements_per_coalition_for_the_half_year_report(coalition, other_coalition):
    old = AgreementFactory(coalition=coalition, signed_on=datetime.date(2019, 10, 2))
    new = AgreementFactory(coalition=coalition, signed_on=datetime.date(2021, 3, 1))
    SignatoryFactory(agreement=old)
    AgreementFactory(coalition=other_coalition)
    result = Agreement.objects.per_coalition(coalitions=[coalition.pk])
    assert list(result) == [coalition.pk]
    assert result[coalition.pk] == [new, old]


def test_deleting_an_agreement_removes_its_pdf(
    agreement_with_pdf, private_media, django_capture_on_commit_callbacks
):
    assert len(stored_files(private_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        agreement_with_pdf.delete()
    assert stored_files(private_media) == []
