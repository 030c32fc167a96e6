"""The coalition's history shows a file by its name, never by where it is stored, and lists
the denkraam, bottlenecks and werkagenda links too, with a number of queries that does not
grow with the number of events."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experiments.services import escalate_bottleneck
from pijlers.models import Indicator, Pillar
from pijlers.services import record_assessment
from tests.experiments.conftest import make_pdf_bytes
from tests.experiments.test_agreements import agreement_post
from tests.factories import (
    AgreementFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    InterventionFactory,
    MeasurementFactory,
    NeededExpertiseFactory,
    OfferingFactory,
    SignatoryFactory,
    ThemeFactory,
    WorkItemFactory,
    ensure_pijlers_reference_data,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def history(client, coalition) -> str:
    url = reverse("coalitions:workspace_history", args=[coalition.slug])
    return client.get(url).content.decode()


def test_the_history_names_an_uploaded_pdf_by_its_file_name_not_its_storage_path(
    client, editor, pharos, coalition
):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    pdf = SimpleUploadedFile("convenant-delft.pdf", make_pdf_bytes(), "application/pdf")
    client.post(
        reverse("experiments:agreement_create", args=[coalition.slug]), agreement_post(partner, pdf)
    )

    html = history(client, coalition)
    assert "convenant-delft.pdf" in html
    assert "agreements/" not in html

    client.force_login(pharos)
    admin = client.get(
        reverse("admin:coalitions_auditevent_changelist"),
        {"method": "references", "obj": f"coalitions.Coalition:{coalition.pk}"},
    ).content.decode()
    assert "agreements/" not in admin


def test_the_admin_history_shows_a_replaced_pdf_by_its_file_names(client, pharos, coalition):
    agreement = AgreementFactory(coalition=coalition)
    agreement.pdf.save("oud-convenant.pdf", SimpleUploadedFile("x", make_pdf_bytes()))
    agreement.pdf.save("convenant-delft.pdf", SimpleUploadedFile("x", make_pdf_bytes()))

    client.force_login(pharos)
    html = client.get(reverse("admin:coalitions_auditevent_changelist")).content.decode()
    assert "oud-convenant.pdf → convenant-delft.pdf" in html
    assert "agreements/" not in html
    # Each event's own page too.
    events = re.findall(r'href="([^"?]*AgreementEvent[^"]*/change/)"', html)
    assert events
    pages = [client.get(url).content.decode() for url in events]
    assert any("convenant-delft.pdf" in page for page in pages)
    assert not any("agreements/" in page for page in pages)


def test_the_history_lists_bottlenecks_escalations_item_links_and_signatories(
    client, member, coalition
):
    partner = CoalitionPartnerFactory(coalition=coalition, organisation__name="JGZ Zuid")
    theme = ThemeFactory(coalition=coalition, name="Armoede")
    item = WorkItemFactory(coalition=coalition, title="Samen starten")
    item.partners.add(partner)
    item.themes.add(theme)
    item.themes.remove(theme)
    bottleneck = BottleneckFactory(work_item=item, description="Geen budget voor doulas")
    escalate_bottleneck(
        bottleneck=bottleneck,
        to_level="ambtelijk",
        date=D(2020, 4, 1),
        escalated_by="Stuurgroep",
        reason="Werkgroep komt er niet uit",
    )
    agreement = AgreementFactory(coalition=coalition, title="Convenant Zuid")
    SignatoryFactory(agreement=agreement, partner=partner, signer_name="Wethouder Verzonnen")

    client.force_login(member)
    html = history(client, coalition)
    assert "Knelpunt Geen budget voor doulas</strong> aangemaakt" in html
    assert "Opschaling Geen budget voor doulas – Ambtelijk</strong> aangemaakt" in html
    assert "Werkgroep komt er niet uit" in html
    assert (
        "Deelnemende partner van een onderdeel Samen starten – JGZ Zuid</strong> aangemaakt" in html
    )
    assert "Thema van een onderdeel Samen starten – Armoede</strong> aangemaakt" in html
    assert "Thema van een onderdeel Samen starten – Armoede</strong> verwijderd" in html
    assert "Ondertekenaar Convenant Zuid (oktober 2019) – JGZ Zuid" in html
    assert "Wethouder Verzonnen" in html


def test_the_history_lists_self_assessments_figures_palette_and_expertise(
    client, editor, member, coalition
):
    ensure_pijlers_reference_data()
    partner = CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg Oost")
    record_assessment(
        coalition=coalition,
        pillar=Pillar.objects.get(number=1),
        author=editor,
        date=D(2025, 1, 10),
        level="verkennend",
        notes="We beginnen net.",
    )
    gemeente = coalition.gemeenten.get()
    MeasurementFactory(
        gemeente=gemeente,
        indicator=Indicator.objects.get(code="vroeggeboorte"),
        period="2021",
        value="7.1",
        source="Perined",
    )
    MeasurementFactory(gemeente=None, indicator=Indicator.objects.get(code="vroeggeboorte"))
    OfferingFactory(partner=partner, intervention=InterventionFactory(name="Moedercafé Oost"))
    expertise = NeededExpertiseFactory(coalition=coalition, name="Het jonge kind")
    expertise.covered_by.add(partner)

    client.force_login(member)
    html = history(client, coalition)
    assert "Zelfevaluatie" in html and "We beginnen net." in html
    assert "Meting Vroeggeboorte (vóór 37 weken) – " in html and "Perined" in html
    assert "7,1" in html and "7.1" not in html  # a figure reads the Dutch way
    assert "– Nederland –" not in html and "Meting Vroeggeboorte (vóór 37 weken) – –" not in html
    assert "Aanbod Moedercafé Oost – Kraamzorg Oost</strong> aangemaakt" in html
    assert "Dekking van expertise Het jonge kind – Kraamzorg Oost</strong> aangemaakt" in html


def fill(coalition, n, first=0):
    """n of every kind of event the history lists, across all sources."""
    ensure_pijlers_reference_data()
    indicator = Indicator.objects.order_by("order").first()
    gemeente = coalition.gemeenten.get()
    for i in range(first, first + n):
        partner = CoalitionPartnerFactory(coalition=coalition)
        theme = ThemeFactory(coalition=coalition)
        item = WorkItemFactory(coalition=coalition, partners=[partner], themes=[theme])
        bottleneck = BottleneckFactory(work_item=item)
        escalate_bottleneck(
            bottleneck=bottleneck,
            to_level="ambtelijk",
            date=D(2020, 4, 1),
            escalated_by="Stuurgroep",
            reason="Vast",
        )
        SignatoryFactory(agreement=AgreementFactory(coalition=coalition), partner=partner)
        OfferingFactory(partner=partner, intervention=InterventionFactory())
        NeededExpertiseFactory(coalition=coalition).covered_by.add(partner)
        MeasurementFactory(gemeente=gemeente, indicator=indicator, period=str(1990 + i))
        record_assessment(
            coalition=coalition,
            pillar=Pillar.objects.get(number=1 + i % 5),
            author=None,
            date=D(2024, 1, 1 + i),
            level="verkennend",
        )


def test_the_history_page_runs_no_more_queries_for_many_events_than_for_few(
    client, member, coalition, django_assert_max_num_queries
):
    client.force_login(member)
    fill(coalition, 1)
    history(client, coalition)  # one-off work (content types) is not per request
    with CaptureQueriesContext(connection) as few:
        html = history(client, coalition)
    # Every kind of row is on the page: one query per source and per kind of related row.
    assert "Opschaling" in html and "Aanbod" in html and "Meting" in html

    fill(coalition, 8, first=1)
    with django_assert_max_num_queries(len(few)):
        history(client, coalition)
