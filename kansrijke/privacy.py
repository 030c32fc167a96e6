"""AVG requests about one contact person: what we hold (inzage) and erasure (vergetelheid).

Used by the management commands `export_contact_person` and `erase_contact_person`.
"""

from django.db import transaction
from pghistory import core

from kansrijke.models import AuditAction, AuditLogEntry

# The fields of ContactPerson that are personal data; erased in the row and in its history.
PERSONAL_FIELDS = {"name": "[gewist]", "function": "", "email": "", "phone": ""}
ERASED = "[gewist]"


def history_models():
    from partners.models import ContactPerson

    return core.event_models(tracks_model=ContactPerson)


def export_contact_person(contact) -> dict:
    """Everything the app holds about `contact`, as plain data."""
    partnerships = contact.organisation.partnerships.select_related("coalition")
    history = []
    for model in history_models():
        for event in model.objects.filter(pgh_obj_id=contact.pk).order_by("pgh_created_at"):
            history.append(
                {
                    "tijdstip": event.pgh_created_at.isoformat(),
                    "handeling": event.pgh_label,
                    **{f: getattr(event, f) for f in PERSONAL_FIELDS},
                }
            )
    return {
        "contactpersoon": {
            "id": contact.pk,
            "naam": contact.name,
            "functie": contact.function,
            "e-mail": contact.email,
            "telefoon": contact.phone,
            "gewijzigd_op": contact.updated_at.isoformat(),
        },
        "organisatie": contact.organisation.name,
        "zichtbaar_voor_coalities": sorted({p.coalition.name for p in partnerships}),
        "geschiedenis": history,
    }


@transaction.atomic
def erase_contact_person(contact) -> int:
    """Delete `contact` and scrub its values from the change history; returns the number of
    history rows scrubbed. The audit log keeps that an erasure happened, not the values."""
    pk, organisation_pk = contact.pk, contact.organisation_id
    values = [v for v in (contact.name, contact.email, contact.phone) if v]
    contact.delete()  # writes one more history event, scrubbed below with the others
    scrubbed = 0
    for model in history_models():
        scrubbed += model.objects.filter(pgh_obj_id=pk).update(**PERSONAL_FIELDS)
    # Failed logins record the name typed in; if that was this person's e-mail, drop it.
    for value in values:
        AuditLogEntry.objects.filter(username=value).update(username=ERASED)
    from kansrijke.audit import record

    record(
        AuditAction.ERASURE,
        username="beheer (manage.py)",
        what=(
            f"Contactpersoon #{pk} van organisatie #{organisation_pk} gewist; "
            f"{scrubbed} geschiedenisregels geschoond"
        ),
    )
    return scrubbed
