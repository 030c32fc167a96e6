"""Helpers shared by the workspace tests (coalitions and partners): URLs and data builders."""

import datetime

from django.urls import reverse

from coalitions.models import AuditEvent, StatusUpdate
from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    GoalFactory,
    OrganisationFactory,
    SignatoryFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)


def fill_coalition(coalition, n, author=None):
    """n partners (each with a contact), n status updates and n goals for `coalition`; per
    partner also a work item it leads with an open bottleneck, and an agreement it signed."""
    partnerships = []
    for i in range(n):
        p = CoalitionPartnerFactory(coalition=coalition)
        ContactPersonFactory(partnership=p)
        BottleneckFactory(work_item=WorkItemFactory(coalition=coalition, lead_partner=p))
        SignatoryFactory(agreement__coalition=coalition, partner=p)
        StatusUpdateFactory(
            coalition=coalition,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            author=author,
        )
        GoalFactory(coalition=coalition, owner=p, year=2020 + i % 5)
        partnerships.append(p)
    return partnerships


def coalition_objects(coalition):
    """One of each object a workspace URL points at, inside `coalition`."""
    partnership = CoalitionPartnerFactory(coalition=coalition)
    contact = ContactPersonFactory(partnership=partnership)
    goal = GoalFactory(coalition=coalition, owner=partnership)
    return {"partnership": partnership, "contact": contact, "goal": goal}


def read_urls(coalition):
    s = coalition.slug
    return [
        reverse("coalitions:workspace_detail", args=[s]),
        reverse("coalitions:workspace_status", args=[s]),
        reverse("coalitions:workspace_goals", args=[s]),
        reverse("coalitions:workspace_history", args=[s]),
        reverse("partners:workspace_partners", args=[s]),
    ]


def write_urls(coalition, objs):
    """(url, valid POST data) for every page that changes something."""
    s = coalition.slug
    p, c, g = objs["partnership"], objs["contact"], objs["goal"]
    other_org = OrganisationFactory(name="Nog geen partner")
    version = {"loaded_version": ""}
    return [
        (
            reverse("coalitions:workspace_status", args=[s]),
            {"date": "2024-01-01", "phase": coalition.phase, "summary": "x"},
        ),
        (
            reverse("coalitions:workspace_basics", args=[s]),
            {"ambition": "Overschreven", **version},
        ),
        (
            reverse("coalitions:workspace_goal_create", args=[s]),
            {"year": 2025, "description": "Overschreven doel"},
        ),
        (
            reverse("coalitions:workspace_goal_edit", args=[s, g.pk]),
            {"year": 2025, "description": "Overschreven", **version},
        ),
        (
            reverse("partners:workspace_partner_add", args=[s]),
            {"q": "Nog geen", "organisation": other_org.pk, "role": "partner"},
        ),
        (
            reverse("partners:workspace_organisation_create", args=[s]),
            {"org-name": "Nieuw", "org-category": "welzijn", "partner-role": "partner"},
        ),
        (
            reverse("partners:workspace_partner_edit", args=[s, p.pk]),
            {"role": "kernpartner", **version},
        ),
        (
            reverse("partners:workspace_partner_end", args=[s, p.pk]),
            {"until": "2030-01-01", **version},
        ),
        (
            reverse("partners:workspace_organisation_edit", args=[s, p.organisation.pk]),
            {"name": "Overschreven", "category": "welzijn", **version},
        ),
        (
            reverse("partners:workspace_contact_create", args=[s, p.pk]),
            {"name": "Nieuwe Persoon"},
        ),
        (
            reverse("partners:workspace_contact_edit", args=[s, c.pk]),
            {"name": "Overschreven", **version},
        ),
        (reverse("partners:workspace_contact_delete", args=[s, c.pk]), {}),
    ]


def written_count():
    """Everything the audit trail and the status history hold: grows with any write."""
    return AuditEvent.objects.count() + StatusUpdate.objects.count()
