"""The partner side of a coalition's workspace history (registered in PartnersConfig.ready)."""

from django.db.models import Q

from coalitions.history import events_referencing
from partners.models import CoalitionPartner, ContactPerson, Organisation
from partners.permissions import partner_organisations


def partner_history(coalition):
    """Events of the coalition's (current and former) partner organisations and of the contact
    people of its running partners, with the organisations and partnerships read once to name
    foreign keys.

    Contact people are personal data: a former partner's contacts (added later, for instance,
    by another coalition the organisation works with) are no longer this coalition's business,
    just as its editors can no longer open them (`get_contact_for_user`)."""
    organisations = list(partner_organisations(coalition))
    partnerships = coalition.partners.select_related("organisation")
    known = {
        Organisation: {o.pk: o for o in organisations},
        CoalitionPartner: {p.pk: p for p in partnerships},
    }
    if not organisations:
        return Organisation.objects.none(), known
    contact_model = ContactPerson.pgh_event_model._meta.label
    running = [p.organisation_id for p in partnerships if p.is_running()]
    events = events_referencing(
        organisations, across=[Organisation.pgh_event_model, ContactPerson.pgh_event_model]
    ).exclude(Q(pgh_model=contact_model) & ~Q(pgh_data__organisation_id__in=running))
    return events, known
