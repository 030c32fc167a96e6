"""The partner side of a coalition's workspace history (registered in PartnersConfig.ready)."""

from coalitions.history import events_referencing
from partners.models import CoalitionPartner, ContactPerson, Organisation
from partners.permissions import partner_organisations


def partner_history(coalition):
    """Events of the coalition's (current and former) partner organisations and their contact
    people, with the organisations and partnerships read once to name foreign keys."""
    organisations = list(partner_organisations(coalition))
    partnerships = coalition.partners.select_related("organisation")
    known = {
        Organisation: {o.pk: o for o in organisations},
        CoalitionPartner: {p.pk: p for p in partnerships},
    }
    if not organisations:
        return Organisation.objects.none(), known
    events = events_referencing(
        organisations, across=[Organisation.pgh_event_model, ContactPerson.pgh_event_model]
    )
    return events, known
