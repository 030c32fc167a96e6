"""The partner side of a coalition's workspace history (registered in PartnersConfig.ready)."""

from common.history import events_referencing
from partners.models import CoalitionPartner, ContactPerson, Organisation
from partners.permissions import partner_organisations


def _known_partnerships(coalition):
    return {p.pk: p for p in coalition.partners.select_related("organisation")}


def organisation_history(coalition):
    """Changes to the master data of the coalition's (current and former) partner
    organisations, whoever made them: an organisation shared with other coalitions changes
    only through Pharos (`Organisation.editable_by_coalition`), and every coalition that works
    with it sees that change here."""
    organisations = list(partner_organisations(coalition))
    known = {Organisation: {o.pk: o for o in organisations}}
    if not organisations:
        return Organisation.objects.none(), known
    return events_referencing(organisations, across=[Organisation.pgh_event_model]), known


def contact_history(coalition):
    """Changes to the coalition's own contact people: those of its partnerships, ended ones
    included. Another coalition's contacts at the same organisation belong to that coalition's
    partnership and never show here (personal data)."""
    partnerships = _known_partnerships(coalition)
    known = {CoalitionPartner: partnerships}
    if not partnerships:
        return ContactPerson.objects.none(), known
    events = events_referencing(list(partnerships.values()), across=[ContactPerson.pgh_event_model])
    return events, known
