"""Double submits (common/submit_once.py): the same form sent twice, or twice at once, is
stored once and answered with a normal redirect, never a duplicate and never a server error."""

import datetime
import threading
import time
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from coalitions.forms import GoalForm
from coalitions.models import Goal, StatusUpdate
from common.models import SubmittedForm
from common.stale_edit import submit
from experiments.models import Agreement, Bottleneck, Escalation, Theme, WorkItem
from partners.models import CoalitionPartner, ContactPerson, Organisation
from pijlers.models import Assessment, Measurement, NeededExpertise, Offering
from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    GoalFactory,
    IndicatorFactory,
    InterventionFactory,
    OrganisationFactory,
    WorkItemFactory,
    ensure_pijlers_reference_data,
)
from tests.fuzz import page_form_data

TODAY = datetime.date.today().isoformat()


def _create_pages(coalition):
    """Per create form: (URL posted to, URL of the page with the form, what the user fills
    in, how many of the created rows exist)."""
    ensure_pijlers_reference_data()
    s = coalition.slug
    partnership = CoalitionPartnerFactory(coalition=coalition)
    item = WorkItemFactory(coalition=coalition)
    bottleneck = BottleneckFactory(work_item=item)
    newcomer = OrganisationFactory(name="Bibliotheek Nieuwkomer")
    indicator = IndicatorFactory()
    intervention = InterventionFactory(life_phases=["zwangerschap"])

    def page(name, *args):
        url = reverse(name, args=[s, *args])
        return url, url

    return {
        "status update": (
            *page("coalitions:workspace_status"),
            {"date": TODAY, "summary": "Huisartsen sluiten aan."},
            lambda: StatusUpdate.objects.filter(coalition=coalition).count(),
        ),
        "goal": (
            *page("coalitions:workspace_goal_create"),
            {"year": "2025", "description": "Meer zwangeren in beeld"},
            lambda: Goal.objects.filter(coalition=coalition).count(),
        ),
        "partner add": (
            reverse("partners:workspace_partner_add", args=[s]),
            reverse("partners:workspace_partner_add", args=[s]) + "?q=Nieuwkomer",
            {"organisation": str(newcomer.pk), "role": "partner"},
            lambda: CoalitionPartner.objects.filter(organisation=newcomer).count(),
        ),
        "new organisation": (
            *page("partners:workspace_organisation_create"),
            {"org-name": "Stichting Nieuw", "org-category": "welzijn", "partner-role": "partner"},
            lambda: Organisation.objects.filter(name="Stichting Nieuw").count(),
        ),
        "contact": (
            *page("partners:workspace_contact_create", partnership.pk),
            {"name": "Nieuwe Persoon"},
            lambda: ContactPerson.objects.filter(name="Nieuwe Persoon").count(),
        ),
        "theme": (
            *page("experiments:theme_create"),
            {"name": "Nieuw thema"},
            lambda: Theme.objects.filter(name="Nieuw thema").count(),
        ),
        "work item": (
            *page("experiments:item_create"),
            {"title": "Nieuw onderdeel", "kind": "experiment"},
            lambda: WorkItem.objects.filter(title="Nieuw onderdeel").count(),
        ),
        "bottleneck": (
            *page("experiments:bottleneck_create", item.pk),
            {"description": "Nieuw knelpunt"},
            lambda: Bottleneck.objects.filter(description="Nieuw knelpunt").count(),
        ),
        "escalation": (
            *page("experiments:bottleneck_escalate", bottleneck.pk),
            {"escalated_by": "Werkgroep", "reason": "Komt er niet uit."},
            lambda: Escalation.objects.filter(bottleneck=bottleneck).count(),
        ),
        "agreement": (
            *page("experiments:agreement_create"),
            {"title": "Convenant", "kind": "convenant", "signed_on": "2024-01-01"},
            lambda: Agreement.objects.filter(title="Convenant").count(),
        ),
        "assessment": (
            *page("pijlers:assess", 1),
            {"level": "verkennend"},
            lambda: Assessment.objects.filter(coalition=coalition).count(),
        ),
        "measurement": (
            *page("pijlers:measurement_add"),
            {"indicator": str(indicator.pk), "period": "2023", "value": "5.0", "source": "GGD"},
            lambda: Measurement.objects.filter(indicator=indicator).count(),
        ),
        "offering": (
            *page("pijlers:offering_add"),
            {
                "partner": str(partnership.pk),
                "intervention": str(intervention.pk),
                "life_phases": ["zwangerschap"],
                "vulnerability_levels": ["kwetsbaar"],
            },
            lambda: Offering.objects.filter(intervention=intervention).count(),
        ),
        "expertise": (
            *page("pijlers:expertise_add"),
            {"name": "GGZ"},
            lambda: NeededExpertise.objects.filter(coalition=coalition, name="GGZ").count(),
        ),
    }


CREATE_FORMS = [
    "status update", "goal", "partner add", "new organisation", "contact", "theme", "work item",
    "bottleneck", "escalation", "agreement", "assessment", "measurement", "offering", "expertise",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", CREATE_FORMS)
def test_the_same_post_twice_creates_one_row_and_answers_the_repeat_with_a_redirect(
    client, coalition, editor, name
):
    url, page_url, filled, count = _create_pages(coalition)[name]
    client.force_login(editor)
    data = page_form_data(client, page_url) | filled
    assert data.get("form_token") or data.get("org-form_token"), "the page issues a token"

    first = client.post(url, data)
    second = client.post(url, data)  # double click, or back and resubmit

    assert first.status_code == 302, first.context and first.context["form"].errors
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert count() == 1
    assert "Dit formulier is al verstuurd" in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_refused_submit_leaves_its_token_unused_so_the_corrected_form_saves(
    client, coalition, editor
):
    url = reverse("coalitions:workspace_goal_create", args=[coalition.slug])
    client.force_login(editor)
    data = page_form_data(client, url)
    refused = client.post(url, data | {"year": "1900", "description": "Meer zwangeren"})
    assert refused.status_code == 200
    saved = client.post(url, data | {"year": "2025", "description": "Meer zwangeren"})
    assert saved.status_code == 302
    assert Goal.objects.filter(coalition=coalition).count() == 1


@pytest.mark.django_db
def test_a_unique_row_stored_by_someone_else_meanwhile_is_a_dutch_form_error(coalition):
    """Between the form's own duplicate check and its insert another request can store the
    same goal; the database's unique constraint then answers, in the constraint's words."""
    data = {"year": "2025", "description": "Meer zwangeren in beeld"}
    form = GoalForm(data, coalition=coalition)

    def save_after_a_parallel_one(form):
        GoalFactory(coalition=coalition, year=2025, description=data["description"])
        return form.save()

    outcome = submit(form, save=save_after_a_parallel_one, success_url="/")

    assert not outcome.done
    assert form.non_field_errors() == ["Dit doel staat al voor dit jaar."]
    assert Goal.objects.filter(coalition=coalition).count() == 0  # rolled back as a whole


# --- Parallel submits: threads, each with its own database connection ---------------------


def _post_in_parallel(posts):
    """Send the (client, url, data) posts at the same moment; their responses."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(i, client, url, data):
        try:
            barrier.wait()
            responses[i] = client.post(url, data)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *p)) for i, p in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return responses


def _browser(user):
    browser = Client()
    browser.force_login(user)
    return browser


PARALLEL = ["goal", "partner add", "new organisation", "status update", "contact"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", PARALLEL)
def test_two_parallel_submits_of_one_form_create_one_row_and_no_server_error(
    coalition, editor, name
):
    url, page_url, filled, count = _create_pages(coalition)[name]
    first, second = _browser(editor), _browser(editor)
    data = page_form_data(first, page_url) | filled

    responses = _post_in_parallel([(first, url, data), (second, url, data)])

    assert [r.status_code for r in responses] == [302, 302]
    assert count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_editors_adding_the_same_partner_at_once_get_one_partnership_and_no_server_error(
    coalition, editor, colleague
):
    url, page_url, filled, count = _create_pages(coalition)["partner add"]
    mine, hers = _browser(editor), _browser(colleague)
    posts = [(b, url, page_form_data(b, page_url) | filled) for b in (mine, hers)]  # own tokens

    responses = _post_in_parallel(posts)

    assert sorted(r.status_code for r in responses) in ([200, 302], [302, 302])
    refused = [r for r in responses if r.status_code == 200]
    for r in refused:
        assert "Deze organisatie is al partner van de coalitie." in r.content.decode()
    assert count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_submit_waits_for_a_parallel_one_with_the_same_token_and_then_changes_nothing(
    coalition, editor
):
    """The repeat arrives while the first submit is still saving: it waits for that
    transaction and, once it has committed, is sent where the first one went."""
    url, page_url, filled, count = _create_pages(coalition)["contact"]
    browser = _browser(editor)
    data = page_form_data(browser, page_url) | filled
    token = uuid.UUID(data["form_token"])
    responses = []
    with transaction.atomic():  # the first submit, still saving
        SubmittedForm.objects.create(token=token, redirect_to="/waar-de-eerste-heen-ging/")
        repeat = threading.Thread(
            target=lambda: (responses.append(browser.post(url, data)), connection.close())
        )
        repeat.start()
        time.sleep(0.5)
        assert repeat.is_alive(), "the repeat waits for the first submit's transaction"
    repeat.join(30)

    assert responses[0].status_code == 302
    assert responses[0]["Location"] == "/waar-de-eerste-heen-ging/"
    assert count() == 0  # the repeat wrote nothing (the first one here saved no contact)
