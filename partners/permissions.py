"""Who may see and change a coalition's partnerships, partner organisations and contacts.

Everything hangs off the coalition: the coalition's access helper decides (404 for who may not
see it, 403 for who may see but not change it); an object outside that coalition is a 404.
"""

from django.http import Http404

from coalitions.permissions import get_coalition_for_user
from partners.models import (
    CoalitionPartner,
    ContactPerson,
    Meeting,
    Organisation,
    PartnerRelation,
    ReferralPath,
    ReferralStep,
)


def get_partnership_for_user(request, slug, pk, write=False, running=False):
    """(coalition, partnership) of coalition `slug`, ended partnerships included unless
    `running=True` (where a coalition's editors keep contact people: its running partners)."""
    coalition = get_coalition_for_user(request, slug, write=write)
    partnerships = coalition_partnerships(coalition, running=running)
    try:
        partnership = partnerships.select_related("organisation").get(pk=pk)
    except CoalitionPartner.DoesNotExist:
        raise Http404 from None
    return coalition, partnership


def coalition_partnerships(coalition, running=False):
    """The partnerships of `coalition` (`running=True`: those running today)."""
    partnerships = CoalitionPartner.objects.filter(coalition=coalition)
    return partnerships.running() if running else partnerships


def partner_organisations(coalition, running=False):
    """Organisations that are or were partners of `coalition` (`running=True`: that are now)."""
    partnerships = coalition_partnerships(coalition, running=running)
    return Organisation.objects.filter(pk__in=partnerships.values("organisation"))


def get_organisation_for_user(request, slug, pk, write=False):
    """(coalition, organisation) when the organisation is a running partner of the coalition:
    a coalition's editors keep the data of their current partners, not of former ones.
    Whether they may change its master data is `Organisation.editable_by_coalition`."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        organisation = partner_organisations(coalition, running=True).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return coalition, organisation


def get_contact_for_user(request, slug, pk, write=False):
    """(coalition, contact) when the contact belongs to one of the coalition's running
    partnerships. Another coalition's contact at the same organisation is a 404: contact people
    belong to a partnership, never to the shared organisation."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        contact = ContactPerson.objects.select_related("partnership__organisation").get(
            pk=pk, partnership__in=coalition_partnerships(coalition, running=True)
        )
    except ContactPerson.DoesNotExist:
        raise Http404 from None
    return coalition, contact


def get_relation_for_user(request, slug, pk, write=False):
    """(coalition, relation) when the relation belongs to coalition `slug` and the user may see
    it (or change it); another coalition's relation is a 404."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        relation = PartnerRelation.objects.select_related(
            "source__organisation", "target__organisation"
        ).get(pk=pk, coalition=coalition)
    except PartnerRelation.DoesNotExist:
        raise Http404 from None
    return coalition, relation


def get_path_for_user(request, slug, pk, write=False):
    """(coalition, referral path) of coalition `slug`, with its steps; else a 404."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        path = ReferralPath.objects.with_steps().get(pk=pk, coalition=coalition)
    except ReferralPath.DoesNotExist:
        raise Http404 from None
    return coalition, path


def get_step_for_user(request, slug, pk, write=False):
    """(coalition, step) when the step's path belongs to coalition `slug`; else a 404."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        step = ReferralStep.objects.select_related("path").get(pk=pk, path__coalition=coalition)
    except ReferralStep.DoesNotExist:
        raise Http404 from None
    return coalition, step


def get_meeting_for_user(request, slug, pk, write=False):
    """(coalition, meeting) when the meeting belongs to coalition `slug`; else a 404."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        meeting = Meeting.objects.get(pk=pk, coalition=coalition)
    except Meeting.DoesNotExist:
        raise Http404 from None
    return coalition, meeting
