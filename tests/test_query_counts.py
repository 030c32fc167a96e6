"""Each key page runs as many queries with 10x the data as with a little (and at most 12).

A page whose query count grows with the data gets slower with every coalition (an N+1 in a
template, a missing prefetch). `make bench` shows the same pages at 300 coalitions.
Add a page with one line in PAGES: an id, the user fixture that opens it (None = anonymous)
and its URL, built from the `coalition` that the standard users belong to. Every page of
`make bench` (kansrijke/bench/harness.py PAGES) is here, under its own id.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions import views as coalition_views
from coalitions.models import Coalition, CoalitionRole
from common.quarters import quarter_of
from pijlers.models import Indicator, Intervention, Pillar
from tests.factories import (
    AgreementFactory,
    AssessmentFactory,
    BottleneckFactory,
    CoalitionFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    ContactPersonFactory,
    FeedbackFactory,
    GemeenteFactory,
    MeasurementFactory,
    OfferingFactory,
    OrganisationFactory,
    PartnerRelationFactory,
    ReferralPathFactory,
    ReferralStepFactory,
    ResultFactory,
    SignatoryFactory,
    StatusUpdateFactory,
    ThemeFactory,
    UserFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
# The half-year report: three queries for the report itself (the coalitions with their
# one-value figures as annotations, partners and relations grouped in the database), one for
# an established version at the peildatum, one for the list of established versions. Kept
# below the general ceiling so a figure read with a query of its own shows up here.
MAX_QUERIES_FOR = {
    "half_year_report_pharos": 10,
}
PAGE_SIZE_FOR_PAGE_2 = 2

PAGES = [
    ("public_list", None, lambda c: reverse("coalitions:public_list")),
    # With pages of PAGE_SIZE_FOR_PAGE_2 rows, so page 2 is a real second page at both sizes.
    ("public_list_page_2", None, lambda c: reverse("coalitions:public_list") + "?pagina=2"),
    ("public_detail", None, lambda c: reverse("coalitions:public_detail", args=[c.slug])),
    ("workspace_editor", "editor", lambda c: reverse("coalitions:workspace")),
    ("workspace_member", "member", lambda c: reverse("coalitions:workspace")),
    ("admin_coalitions", "superuser", lambda c: reverse("admin:coalitions_coalition_changelist")),
    (
        "admin_coalitions_pharos",
        "pharos",
        lambda c: reverse("admin:coalitions_coalition_changelist"),
    ),
    ("partner_map_anonymous", None, lambda c: reverse("partners:map", args=[c.slug])),
    ("partner_map_member", "member", lambda c: reverse("partners:map", args=[c.slug])),
    (
        "partner_connections_anonymous",
        None,
        lambda c: reverse("partners:connections_fragment", args=[c.slug]),
    ),
    (
        "workspace_connections_member",
        "member",
        lambda c: reverse("partners:workspace_connections_fragment", args=[c.slug]),
    ),
    ("network_anonymous", None, lambda c: reverse("partners:network", args=[c.slug])),
    (
        "relations_member",
        "member",
        lambda c: reverse("partners:workspace_relations", args=[c.slug]),
    ),
    ("werkagenda_editor", "editor", lambda c: reverse("experiments:timeline", args=[c.slug])),
    (
        "workspace_overview_editor",
        "editor",
        lambda c: reverse("coalitions:workspace_detail", args=[c.slug]),
    ),
    (
        "workspace_overview_member",
        "member",
        lambda c: reverse("coalitions:workspace_detail", args=[c.slug]),
    ),
    (
        "werkagenda_public",
        None,
        lambda c: reverse("experiments:public_werkagenda", args=[c.slug]),
    ),
    ("learning", None, lambda c: reverse("experiments:learning")),
    ("learning_search", None, lambda c: reverse("experiments:learning") + "?q=gezinnen"),
    ("api_coalitions", None, lambda c: reverse("api:coalitions")),
    (
        "half_year_report_pharos",
        "pharos",
        lambda c: reverse("pharos:report") + "?on=2025-07-01",
    ),
]


def grow(coalition, users, n):
    """Add n coalitions (regional, with partners, contacts, history, werkagenda, agreements,
    assessments, offerings and figures) and as much to `coalition` itself; the standard
    users get a role in each new coalition."""
    pillars = list(Pillar.objects.order_by("number"))
    indicator = Indicator.objects.order_by("order").first()
    interventions = list(Intervention.objects.order_by("name"))
    first_year = 1950 + Coalition.objects.count()  # a period no earlier call used
    now = quarter_of(timezone.localdate())
    for i in range(n):
        new = CoalitionFactory(gemeenten=[GemeenteFactory(), GemeenteFactory()])
        for target in (new, coalition):
            organisation = OrganisationFactory()
            partner = CoalitionPartnerFactory(coalition=target, organisation=organisation)
            ContactPersonFactory.create_batch(2, partnership=partner)
            StatusUpdateFactory(coalition=target, date=datetime.date(2024, 1, 1 + i % 28))
            theme = ThemeFactory(coalition=target)
            # Titles that sort before the knelpunten ("Knelpunt N"), so page one of /leren/
            # shows items (and reads their results) at both sizes: a page without items skips
            # that query, which would make the counts differ for a reason that is not growth.
            item = WorkItemFactory(
                coalition=target,
                title=f"Aanpak {new.pk}",
                lead_partner=partner,
                themes=[theme],
                partners=[partner],
            )
            # On the workspace overview's "this quarter" card, and Pharos' feedback (half read).
            WorkItemFactory(
                coalition=target, lead_partner=partner, start_quarter=now, end_quarter=None
            )
            reader = UserFactory() if i % 2 else None
            FeedbackFactory(
                coalition=target, read_by=reader, read_at=timezone.now() if reader else None
            )
            BottleneckFactory(work_item=item)
            ResultFactory(work_item=item, outcome=f"Meer gezinnen bereikt ({i}).")
            agreement = AgreementFactory(coalition=target)
            SignatoryFactory(agreement=agreement, partner=partner)
            other = CoalitionPartnerFactory(coalition=target)
            PartnerRelationFactory(source=partner, target=other, basis=agreement)
            ReferralStepFactory(
                path=ReferralPathFactory(coalition=target), from_partner=partner, to_partner=other
            )
            AssessmentFactory(
                coalition=target,
                pillar=pillars[i % len(pillars)],
                date=datetime.date(2024, 1, 1 + i % 28),
            )
            OfferingFactory(partner=partner, intervention=interventions[i % len(interventions)])
            for gemeente in target.gemeenten.all():
                MeasurementFactory(
                    gemeente=gemeente, indicator=indicator, period=str(first_year + i)
                )
        coalition.gemeenten.add(GemeenteFactory())
        for user, role in users:
            CoalitionRoleFactory(user=user, coalition=new, role=role)


def queries_for(client, url) -> int:
    client.get(url)  # one-off work (content types, template loading) is not per request
    cache.clear()  # count the uncached path: the worst case
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("page", "user_fixture", "url_for"), PAGES, ids=[p[0] for p in PAGES])
def test_page_runs_the_same_queries_with_ten_times_the_data(
    page, user_fixture, url_for, request, client, coalition, editor, member, monkeypatch
):
    if page == "public_list_page_2":
        monkeypatch.setattr(coalition_views, "PUBLIC_LIST_PAGE_SIZE", PAGE_SIZE_FOR_PAGE_2)
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    users = [(editor, CoalitionRole.Role.EDITOR), (member, CoalitionRole.Role.MEMBER)]
    url = url_for(coalition)

    grow(coalition, users, 2)
    small = queries_for(client, url)
    grow(coalition, users, 18)
    large = queries_for(client, url)

    assert large == small, f"{page}: {small} queries with little data, {large} with 10x"
    assert small <= MAX_QUERIES_FOR.get(page, MAX_QUERIES), f"{page}: {small} queries"
