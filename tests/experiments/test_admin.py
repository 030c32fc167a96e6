import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from experiments.models import Agreement
from tests.experiments.conftest import stored_files
from tests.factories import BottleneckFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def test_admin_refuses_a_fake_pdf_too_and_stores_nothing(
    client, superuser, coalition, private_media
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:experiments_agreement_add"),
        {
            "coalition": coalition.pk,
            "kind": "convenant",
            "title": "Convenant",
            "signed_on": "2021-01-15",
            "place": "Delft",
            "pdf": SimpleUploadedFile("convenant.pdf", b"GIF89a not a pdf"),
            "signatories-TOTAL_FORMS": "0",
            "signatories-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "geen pdf" in response.content.decode()
    assert not Agreement.objects.exists()
    assert stored_files(private_media) == []


def test_pharos_reads_agreements_with_signatories_and_bottlenecks_with_escalations_in_admin(
    client, pharos, coalition
):
    signatory = SignatoryFactory(agreement__coalition=coalition)
    bottleneck = BottleneckFactory(work_item__coalition=coalition)
    client.force_login(pharos)
    agreement_page = client.get(
        reverse("admin:experiments_agreement_change", args=[signatory.agreement.pk])
    )
    assert signatory.signer_name in agreement_page.content.decode()
    assert (
        client.get(reverse("admin:experiments_bottleneck_change", args=[bottleneck.pk])).status_code
        == 200
    )
    # Pharos reads but does not change a coalition's own data.
    response = client.post(
        reverse("admin:experiments_agreement_change", args=[signatory.agreement.pk]),
        {"title": "Gewijzigd"},
    )
    assert response.status_code == 403
