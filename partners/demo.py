"""Demo data for partners: organisations, contact people, partnerships (with their roles,
the trekker among them)."""

from coalitions.models import Coalition
from partners.models import CoalitionPartner, ContactPerson, Organisation


def load(data: dict) -> dict:
    orgs = {}
    for o in data["organisations"]:
        fields = {k: v for k, v in o.items() if k not in ("name", "contacts")}
        org, _ = Organisation.objects.update_or_create(name=o["name"], defaults=fields)
        orgs[org.name] = org
    partnerships = {}  # (organisation name, coalition slug) -> partnership
    for c in data["coalitions"]:
        coalition = Coalition.objects.get(slug=c["slug"])
        for p in c["partners"]:
            # until=None: the key of the constraint one_active_partnership_per_organisation,
            # so a second run finds the same open-ended partnership.
            partnership, _ = CoalitionPartner.objects.update_or_create(
                coalition=coalition,
                organisation=orgs[p["organisation"]],
                until=None,
                defaults={"role": p["role"], "levels": p["levels"], "since": p["since"]},
            )
            partnerships[p["organisation"], c["slug"]] = partnership
    # Contact people belong to a partnership: a contact names its coalition ("coalition"), or
    # belongs to the first coalition in the file that has the organisation as partner.
    first_coalition = {}
    for organisation, slug in partnerships:
        first_coalition.setdefault(organisation, slug)
    contacts = 0
    for o in data["organisations"]:
        for c in o["contacts"]:
            slug = c.get("coalition") or first_coalition[o["name"]]
            ContactPerson.objects.update_or_create(
                partnership=partnerships[o["name"], slug],
                name=c["name"],
                defaults={k: v for k, v in c.items() if k not in ("name", "coalition")},
            )
            contacts += 1
    counts = {
        "organisaties": len(orgs),
        "contactpersonen": contacts,
        "partnerschappen": len(partnerships),
    }
    # --- Workspace (issue 3): goals name an owner partnership, so they load after partners.
    from coalitions.demo import load_goals

    counts.update(load_goals())
    return counts
