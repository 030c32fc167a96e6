"""Demo data for partners: organisations, contact people, partnerships (with their roles,
the trekker among them). Written in bulk: a handful of queries whatever the number of rows."""

import datetime
from decimal import Decimal

from coalitions.models import Coalition
from partners.models import CATEGORY_DOMAIN, CoalitionPartner, ContactPerson, Organisation

ORGANISATION_FIELDS = [
    "category",
    "domain",
    "place",
    "address",
    "postcode",
    "website",
    "latitude",
    "longitude",
]


def _assign(obj, values: dict) -> bool:
    """Set `values` on `obj`; True when that changed anything (only those rows are written, so
    a re-run adds no history events)."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


def _coordinate(value):
    return None if value is None else Decimal(str(value))


def _load_organisations(data: dict) -> dict[str, Organisation]:
    """The demo organisations by name; a re-run updates them in place.

    No street addresses: the organisations are real and their addresses are not ours to
    invent, so a re-run also empties those of an older demo. The domain follows the category
    (as Organisation.save does), also when a re-run changes the category.
    """
    existing = {
        o.name: o
        for o in Organisation.objects.filter(name__in=[o["name"] for o in data["organisations"]])
    }
    new, changed = [], []
    for o in data["organisations"]:
        org = existing.get(o["name"]) or Organisation(name=o["name"])
        values = {
            "category": o["category"],
            "domain": o.get("domain") or CATEGORY_DOMAIN[o["category"]],
            "place": o.get("place", ""),
            "address": o.get("address", ""),
            "postcode": o.get("postcode", ""),
            "website": o.get("website", ""),
            "latitude": _coordinate(o.get("latitude")),
            "longitude": _coordinate(o.get("longitude")),
        }
        if _assign(org, values) or org.pk is None:
            (changed if org.pk else new).append(org)
        existing[org.name] = org
    Organisation.objects.bulk_create(new)
    Organisation.objects.bulk_update(changed, ORGANISATION_FIELDS)
    return existing


def load(data: dict) -> dict:
    orgs = _load_organisations(data)
    coalitions = Coalition.objects.in_bulk(
        [c["slug"] for c in data["coalitions"]], field_name="slug"
    )
    # until=None: the key of the constraint one_active_partnership_per_organisation, so a second
    # run finds the same open-ended partnership.
    open_ended = {
        (p.coalition_id, p.organisation_id): p
        for p in CoalitionPartner.objects.filter(coalition__in=coalitions.values(), until=None)
    }
    partnerships = {}  # (organisation name, coalition slug) -> partnership
    new, changed = [], []
    for c in data["coalitions"]:
        coalition = coalitions[c["slug"]]
        for p in c["partners"]:
            organisation = orgs[p["organisation"]]
            partnership = open_ended.get((coalition.pk, organisation.pk)) or CoalitionPartner(
                coalition=coalition, organisation=organisation
            )
            values = {
                "role": p["role"],
                "levels": p["levels"],
                "since": datetime.date.fromisoformat(p["since"]),
            }
            if _assign(partnership, values) or partnership.pk is None:
                (changed if partnership.pk else new).append(partnership)
            partnerships[p["organisation"], c["slug"]] = partnership
    CoalitionPartner.objects.bulk_create(new)
    CoalitionPartner.objects.bulk_update(changed, ["role", "levels", "since"])

    # Contact people belong to a partnership: a contact names its coalition ("coalition"), or
    # belongs to the first coalition in the file that has the organisation as partner.
    first_coalition = {}
    for organisation, slug in partnerships:
        first_coalition.setdefault(organisation, slug)
    known = {
        (c.partnership_id, c.name): c
        for c in ContactPerson.objects.filter(partnership__in=[p.pk for p in partnerships.values()])
    }
    new, changed, contacts = [], [], 0
    for o in data["organisations"]:
        for c in o["contacts"]:
            partnership = partnerships[o["name"], c.get("coalition") or first_coalition[o["name"]]]
            contact = known.get((partnership.pk, c["name"])) or ContactPerson(
                partnership=partnership, name=c["name"]
            )
            values = {"function": c["function"], "email": c["email"], "phone": c["phone"]}
            if _assign(contact, values) or contact.pk is None:
                (changed if contact.pk else new).append(contact)
            contacts += 1
    ContactPerson.objects.bulk_create(new)
    ContactPerson.objects.bulk_update(changed, ["function", "email", "phone"])
    counts = {
        "organisaties": len(data["organisations"]),
        "contactpersonen": contacts,
        "partnerschappen": len(partnerships),
    }
    # --- Workspace (issue 3): goals name an owner partnership, so they load after partners.
    from coalitions.demo import load_goals

    counts.update(load_goals())
    return counts
