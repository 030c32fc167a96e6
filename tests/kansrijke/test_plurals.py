"""Counts read as Dutch: "1 partner", "2 partners"; "1 knelpunt", "2 knelpunten". Each page
is rendered with one and with two of a thing (ngettext / blocktranslate count)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import BottleneckFactory, CoalitionPartnerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def page(client, name, coalition, **params):
    return client.get(reverse(name, args=[coalition.slug]), params).content.decode()


@pytest.mark.parametrize(
    ("n", "partners", "bottlenecks"),
    [
        (1, "1 actieve partner:", "1 open knelpunt in de werkagenda."),
        (2, "2 actieve partners:", "2 open knelpunten in de werkagenda."),
    ],
)
def test_the_workspace_counts_partners_and_bottlenecks_in_dutch(
    client, editor, coalition, n, partners, bottlenecks
):
    item = WorkItemFactory(coalition=coalition)
    for _ in range(n):
        CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2024, 1, 1))
        BottleneckFactory(work_item=item)
    client.force_login(editor)
    html = page(client, "coalitions:workspace_detail", coalition)
    assert partners in html
    assert bottlenecks in html


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 open knelpunt, per niveau"),
        (2, "2 open knelpunten, per niveau"),
    ],
)
def test_the_bottleneck_overview_counts_in_dutch(client, member, coalition, n, text):
    item = WorkItemFactory(coalition=coalition)
    for _ in range(n):
        BottleneckFactory(work_item=item)
    client.force_login(member)
    assert text in page(client, "experiments:bottleneck_overview", coalition)


@pytest.mark.parametrize(
    ("n", "shown", "filtered"),
    [
        (1, "1 partner getoond.", "1 partner voldoet aan de filters (van 1 in totaal)."),
        (2, "Alle 2 partners getoond.", "2 partners voldoen aan de filters (van 2 in totaal)."),
    ],
)
def test_the_partner_map_counts_in_dutch_also_when_there_is_one(
    client, member, coalition, n, shown, filtered
):
    for i in range(n):
        CoalitionPartnerFactory(coalition=coalition, organisation__name=f"Verloskunde {i}")
    client.force_login(member)
    html = page(client, "partners:map", coalition)
    assert shown in html
    assert "alle 1 partners" not in html.lower()
    assert filtered in page(client, "partners:map", coalition, q="Verloskunde")


def test_the_audit_log_purge_counts_in_dutch(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 1
    out = io.StringIO()
    call_command("purge_audit_log", "--dry-run", "--days", "1", stdout=out)
    assert "0 regels ouder dan 1 dag zou verwijderen" in out.getvalue()
