"""Pages show dates one way, Django's Dutch DATE_FORMAT ("1 juni 2025"); files (CSV, XLSX)
use dd-mm-jjjj. The Pharos report mixed "01-06-2025", "1 juni 2025" and "01-06-2025 14:03"."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from coalitions.models import Phase
from coalitions.services import post_status_update
from kansrijke.models import EstablishedReport
from tests.factories import CoalitionFactory, CoalitionPartnerFactory

pytestmark = pytest.mark.django_db

NUMERIC_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


@pytest.fixture
def delft():
    delft = CoalitionFactory(name="Delft", slug="delft")
    post_status_update(
        coalition=delft,
        author=None,
        date=datetime.date(2025, 3, 1),
        phase=Phase.UITVOERING,
        summary="Bezig.",
    )
    CoalitionPartnerFactory(coalition=delft, since=datetime.date(2024, 1, 1))
    return delft


def test_the_pharos_report_page_shows_its_dates_in_the_page_format(client, pharos, delft):
    client.force_login(pharos)
    response = client.post(
        reverse("pharos:establish"), {"on": "2025-06-01", "previous": "2024-12-01"}, follow=True
    )
    established_page = response.content.decode()
    assert "De voortgangsrapportage op 1 juni 2025 is vastgesteld (versie 1)." in established_page
    assert "de rapportage op 1 juni 2025, vergeleken met 1 december 2024" in established_page

    # The live computation (an established peildatum shows its stored version by default).
    page = client.get(
        reverse("pharos:report"), {"on": "2025-06-01", "previous": "2024-12-01", "live": "1"}
    )
    html = page.content.decode()
    assert "1 coalitie op 1 juni 2025, vergeleken met 1 december 2024" in html
    assert "<strong>1 maart 2025</strong>" in html  # the status update's date
    assert "Rapportage op 1 juni 2025 vaststellen" in html
    established = EstablishedReport.objects.get()
    assert f">{established.on.day} juni 2025</a>" in html  # the list of established reports
    # Only the page's visible text: ISO values in links and hidden inputs are for machines.
    visible = re.sub(r"<[^>]*>", " ", html)
    assert NUMERIC_DATE.findall(visible) == []


def test_the_page_format_is_the_one_dutch_date_format():
    from django.utils import formats, translation

    with translation.override("nl"):
        assert formats.date_format(datetime.date(2026, 11, 30)) == "30 november 2026"


def test_no_template_formats_a_date_by_hand_as_digits():
    """`|date` without a format (or DATETIME_FORMAT) on pages; "Y-m-d" and "c" only for
    machine values (inputs, links, <time datetime>)."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            for fmt in re.findall(r"""\|date:\s*["']([^"']*)["']""", line):
                if re.search(r"[dj]-[mn]|[mn]-[Yy]|d/m", fmt):
                    offenders.append(f"{path.name}:{n} {fmt}")
    assert offenders == []
