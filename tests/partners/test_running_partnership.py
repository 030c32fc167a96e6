"""One rule for "running partnership", and every page that counts partners agrees on it.

A partnership runs on a day when it started on or before it (no start date counts as started)
and did not end on or before it (no end date: open-ended). The edge cases below are built once;
each page is asked which partners it counts and must name the same three.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.forms import GoalForm
from coalitions.models import Coalition
from experiments.forms import WorkItemForm, signatory_form_kwargs
from kansrijke.pharos import reports
from partners.models import Category, CoalitionPartner
from pijlers.forms import NeededExpertiseForm, OfferingForm
from pijlers.models import NeededExpertise, Offering
from tests.factories import (
    AgreementFactory,
    CoalitionPartnerFactory,
    NeededExpertiseFactory,
    OfferingFactory,
    SignatoryFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LONG_AGO = datetime.date(2020, 1, 1)

# name -> (since, until, runs today?). Running ones are social, the others medical, so the
# Pharos overview's domain coverage shows at once whether an ended partner slipped in.
EDGES = {
    "Start morgen": (TODAY + DAY, None, False),
    "Gestopt gisteren": (LONG_AGO, TODAY - DAY, False),
    "Stopt morgen": (LONG_AGO, TODAY + DAY, True),
    "Gestopt vandaag": (LONG_AGO, TODAY, False),
    "Start vandaag": (TODAY, None, True),  # the default start: runs from today
    "Loopt gewoon": (LONG_AGO, None, True),
}
RUNNING = {name for name, (_since, _until, runs) in EDGES.items() if runs}


@pytest.fixture
def edges(coalition):
    """The coalition's partnerships, one per edge case, by organisation name."""
    StatusUpdateFactory(coalition=coalition, date=TODAY)
    return {
        name: CoalitionPartnerFactory(
            coalition=coalition,
            organisation__name=name,
            organisation__category=Category.WIJKTEAM if runs else Category.VERLOSKUNDIGEN,
            since=since,
            until=until,
        )
        for name, (since, until, runs) in EDGES.items()
    }


def names(partnerships):
    return {p.organisation.name for p in partnerships}


def test_running_and_is_running_follow_the_same_rule_on_every_edge(edges):
    assert names(CoalitionPartner.objects.running()) == RUNNING
    assert {name for name, p in edges.items() if p.is_running()} == RUNNING


def test_a_partnership_runs_from_its_start_date_until_the_day_before_its_end_date(edges):
    starts = edges["Start morgen"]
    ends = edges["Stopt morgen"]
    assert not starts.is_running(TODAY) and starts.is_running(TODAY + DAY)
    assert ends.is_running(TODAY) and not ends.is_running(TODAY + DAY)
    assert CoalitionPartner.objects.running(TODAY + DAY).filter(pk=starts.pk).exists()
    assert not CoalitionPartner.objects.running(TODAY + DAY).filter(pk=ends.pk).exists()


def test_workspace_partner_pages_count_the_same_partners(client, editor, coalition, edges):
    client.force_login(editor)

    overview = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug]))
    partners_page = client.get(reverse("partners:workspace_partners", args=[coalition.slug]))
    partner_map = client.get(reverse("partners:map", args=[coalition.slug]))

    assert overview.context["partner_count"] == len(RUNNING)
    assert names(partners_page.context["active"]) == RUNNING
    assert names(partners_page.context["upcoming"]) == {"Start morgen"}
    assert names(partners_page.context["ended"]) == {"Gestopt gisteren", "Gestopt vandaag"}
    assert names(partner_map.context["visible"]) == RUNNING


def test_palette_and_expertise_count_the_same_partners(client, editor, coalition, edges):
    for partnership in edges.values():
        OfferingFactory(partner=partnership)
    expertise = NeededExpertiseFactory(coalition=coalition)
    expertise.covered_by.set(edges.values())
    uncovered = NeededExpertiseFactory(coalition=coalition, name="Alleen oude partners")
    uncovered.covered_by.set([edges["Gestopt vandaag"], edges["Start morgen"]])
    client.force_login(editor)

    palette = client.get(reverse("pijlers:palette", args=[coalition.slug]))
    profile = client.get(reverse("pijlers:expertise", args=[coalition.slug]))

    assert {o.partner.organisation.name for o in palette.context["offerings"]} == RUNNING
    assert names(o.partner for o in Offering.objects.for_coalition(coalition)) == RUNNING
    covered = {e.name: names(e.active_partners) for e in profile.context["items"]}
    assert covered[expertise.name] == RUNNING
    assert [e.name for e in profile.context["uncovered"]] == ["Alleen oude partners"]
    assert list(NeededExpertise.objects.filter(coalition=coalition).uncovered()) == [uncovered]


def test_admin_list_pharos_overview_report_and_public_pages_count_the_same_partners(
    client, superuser, coalition, edges
):
    client.force_login(superuser)
    changelist = client.get(reverse("admin:coalitions_coalition_changelist"))
    [row] = [c for c in changelist.context["cl"].result_list if c.pk == coalition.pk]
    assert row.active_partner_count == len(RUNNING)

    # Running partners are all social, the ended and future ones medical.
    coverage = dict(reports.overview(TODAY).coverage)
    assert coverage["Alleen sociaal"] == 1 and coverage["Medisch én sociaal"] == 0

    report_row = next(r for r in reports.half_year_report(TODAY).rows if r.coalition == coalition)
    assert report_row.partner_total == len(RUNNING)

    listed = Coalition.objects.for_public_display().get(pk=coalition.pk)
    assert sum(n for _domain, _label, n in listed.public_partner_counts) == len(RUNNING)
    public = client.get(reverse("coalitions:public_detail", args=[coalition.slug]))
    assert names(public.context["coalition"].public_partnerships) == RUNNING


def test_ended_and_future_partners_are_not_offered_as_owner_trekker_participant_or_signatory(
    coalition, edges
):
    goal_owners = GoalForm(coalition=coalition).fields["owner"].queryset
    item = WorkItemForm(coalition=coalition)
    signatories = signatory_form_kwargs(coalition)["partner_choices"]
    offering = OfferingForm(coalition=coalition).fields["partner"].queryset
    expertise = NeededExpertiseForm(coalition=coalition).fields["covered_by"].queryset

    assert names(goal_owners) == RUNNING
    assert names(item.fields["lead_partner"].queryset) == RUNNING
    assert names(item.fields["partners"].queryset) == RUNNING
    assert {label for pk, label in signatories if pk} == RUNNING
    assert names(offering) == RUNNING
    assert names(expertise) == RUNNING


def test_an_ended_partner_cannot_be_made_trekker_of_a_work_item(client, editor, coalition, edges):
    client.force_login(editor)
    url = reverse("experiments:item_create", args=[coalition.slug])
    response = client.post(
        url,
        {
            "kind": "experiment",
            "title": "Met een oude trekker",
            "goal": "Iets leren.",
            "lead_partner": edges["Gestopt gisteren"].pk,
            "status": "gepland",
            "start_quarter": 8100,
            "levels": ["uitvoering"],
        },
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in str(response.context["form"].errors["lead_partner"])
    assert not coalition.work_items.exists()


def test_an_old_item_and_agreement_keep_the_partners_they_name(coalition, edges):
    """Editing history must not fail: the chosen ended partner stays selectable there."""
    ended = edges["Gestopt gisteren"]
    item = WorkItemFactory(coalition=coalition, lead_partner=ended, partners=[ended])
    agreement = AgreementFactory(coalition=coalition)
    SignatoryFactory(agreement=agreement, partner=ended)

    form = WorkItemForm(instance=item, coalition=coalition)
    kwargs = signatory_form_kwargs(coalition, agreement)

    assert names(form.fields["lead_partner"].queryset) == RUNNING | {ended.organisation.name}
    assert {label for pk, label in kwargs["partner_choices"] if pk} == RUNNING | {
        "Gestopt gisteren"
    }
