"""The one stale-edit mechanism (common/stale_edit.py) on every edit page of the workspace:
a form loaded before a colleague's save is refused (HTTP 409) with what changed, never merged."""

import ast
import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AgreementFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    GoalFactory,
    NeededExpertiseFactory,
    OfferingFactory,
    ThemeFactory,
    WorkItemFactory,
)
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db

COMMON = Path(__file__).resolve().parents[2] / "common"
PROJECT_APPS = {"coalitions", "partners", "pijlers", "experiments", "kansrijke"}


def test_the_shared_code_imports_no_app_of_the_project():
    for path in COMMON.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in PROJECT_APPS, f"{path.name} imports {name}"


def session(user):
    """A browser of its own: its own login, its own page loads."""
    browser = Client()
    browser.force_login(user)
    return browser


def test_two_sessions_edit_one_theme_and_the_second_save_is_refused_with_what_changed(
    coalition, editor, colleague
):
    theme = ThemeFactory(coalition=coalition, name="Zorgpad", description="Oud")
    url = reverse("experiments:theme_edit", args=[coalition.slug, theme.pk])
    mine, theirs = session(editor), session(colleague)
    my_form, their_form = page_form_data(mine, url), page_form_data(theirs, url)

    first = theirs.post(url, their_form | {"description": "Van Cora"})
    second = mine.post(url, my_form | {"description": "Van mij"})

    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert "Niet opgeslagen: iemand anders was u voor" in html
    assert "Van mij" in html and "Van Cora" in html  # what I typed, what is stored now
    assert "Cora Collega" in html  # who changed it, from the history
    theme.refresh_from_db()
    assert theme.description == "Van Cora"


def test_after_a_conflict_the_fresh_form_saves_on_top_of_the_colleagues_version(
    coalition, editor, colleague
):
    theme = ThemeFactory(coalition=coalition, name="Zorgpad")
    url = reverse("experiments:theme_edit", args=[coalition.slug, theme.pk])
    mine = session(editor)
    my_form = page_form_data(mine, url)
    theirs = session(colleague)
    theirs.post(url, page_form_data(theirs, url) | {"description": "Van Cora"})
    refused = mine.post(url, my_form | {"description": "Van mij"})
    assert refused.status_code == 409

    # The 409 page's form is on the stored values, with the new version and a new token.
    fresh = refused.context["form"]
    assert fresh["description"].value() == "Van Cora"
    again = my_form | {
        "loaded_version": fresh["loaded_version"].value(),
        "form_token": fresh["form_token"].value(),
        "description": "Van mij, na Cora",
    }
    assert mine.post(url, again).status_code == 302
    theme.refresh_from_db()
    assert theme.description == "Van mij, na Cora"


def _edit_pages(coalition):
    """(url, the record, a change a colleague saves meanwhile, what I type) per edit page."""
    s = coalition.slug
    today = datetime.date.today().isoformat()
    partnership = CoalitionPartnerFactory(coalition=coalition)
    organisation = partnership.organisation
    contact = ContactPersonFactory(partnership=partnership)
    theme = ThemeFactory(coalition=coalition)
    item = WorkItemFactory(coalition=coalition)
    offering = OfferingFactory(partner=partnership)
    expertise = NeededExpertiseFactory(coalition=coalition)
    bottleneck = BottleneckFactory(work_item=item)
    agreement = AgreementFactory(coalition=coalition)
    goal = GoalFactory(coalition=coalition, owner=partnership)
    return {
        "basics": (
            reverse("coalitions:workspace_basics", args=[s]),
            coalition, {"ambition": "Van Cora"}, {"ambition": "Van mij"},
        ),
        "goal": (
            reverse("coalitions:workspace_goal_edit", args=[s, goal.pk]),
            goal, {"description": "Van Cora"}, {"description": "Van mij"},
        ),
        "partnership": (
            reverse("partners:workspace_partner_edit", args=[s, partnership.pk]),
            partnership, {"role": "kernpartner"}, {"role": "trekker"},
        ),
        "partnership end": (
            reverse("partners:workspace_partner_end", args=[s, partnership.pk]),
            partnership, {"role": "kernpartner"}, {"until": today},
        ),
        "organisation": (
            reverse("partners:workspace_organisation_edit", args=[s, organisation.pk]),
            organisation, {"name": "Van Cora"}, {"name": "Van mij"},
        ),
        "contact": (
            reverse("partners:workspace_contact_edit", args=[s, contact.pk]),
            contact, {"name": "Van Cora"}, {"name": "Van mij"},
        ),
        "contact delete": (
            reverse("partners:workspace_contact_delete", args=[s, contact.pk]),
            contact, {"name": "Van Cora"}, {},
        ),
        "theme": (
            reverse("experiments:theme_edit", args=[s, theme.pk]),
            theme, {"name": "Van Cora"}, {"name": "Van mij"},
        ),
        "work item": (
            reverse("experiments:item_edit", args=[s, item.pk]),
            item, {"title": "Van Cora"}, {"title": "Van mij"},
        ),
        "bottleneck resolve": (
            reverse("experiments:bottleneck_resolve", args=[s, bottleneck.pk]),
            bottleneck, {"description": "Van Cora"},
            {"resolved_on": today, "resolution": "Van mij"},
        ),
        "agreement": (
            reverse("experiments:agreement_edit", args=[s, agreement.pk]),
            agreement, {"title": "Van Cora"}, {"title": "Van mij"},
        ),
        "offering": (
            reverse("pijlers:offering_edit", args=[s, offering.pk]),
            offering, {"notes": "Van Cora"}, {"notes": "Van mij"},
        ),
        "expertise": (
            reverse("pijlers:expertise_edit", args=[s, expertise.pk]),
            expertise, {"description": "Van Cora"}, {"description": "Van mij"},
        ),
    }  # fmt: skip


EDIT_PAGES = [
    "basics", "goal", "partnership", "partnership end", "organisation", "contact",
    "contact delete", "theme", "work item", "bottleneck resolve", "agreement", "offering",
    "expertise",
]  # fmt: skip


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_every_workspace_edit_page_refuses_a_form_loaded_before_a_colleagues_save(
    client, coalition, editor, page
):
    url, record, theirs, mine = _edit_pages(coalition)[page]
    client.force_login(editor)
    loaded = page_form_data(client, url)
    for name, value in theirs.items():  # the colleague's save, after my page load
        setattr(record, name, value)
    record.save()

    response = client.post(url, loaded | mine)

    assert response.status_code == 409, page
    assert "Niet opgeslagen: iemand anders was u voor" in response.content.decode()
    record.refresh_from_db()  # still there (not deleted), with the colleague's values
    for name, value in theirs.items():
        assert getattr(record, name) == value, page
    for name, value in mine.items():
        assert str(getattr(record, name)) != value, page
