"""Writes that touch several models at once."""

from django.db import transaction

from partners.models import CoalitionPartner, Organisation

# --- Workspace: partner management ---


@transaction.atomic
def add_new_organisation_as_partner(
    *, coalition, organisation: Organisation, role, levels, since
) -> CoalitionPartner:
    """Store a new organisation and make it a partner of `coalition`, both or neither."""
    organisation.save()
    return CoalitionPartner.objects.create(
        coalition=coalition, organisation=organisation, role=role, levels=levels, since=since
    )
