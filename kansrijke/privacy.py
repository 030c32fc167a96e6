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
    """Everything the app holds about `contact`, as plain data.

    A contact person belongs to one coalition's partnership, so one coalition sees them. The
    same person may be recorded by other coalitions too (their own rows, or copies made when
    contacts moved to partnerships): rows with the same e-mail address are listed by id, so
    an erasure request can cover each of them."""
    partnership = contact.partnership
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
        "organisatie": partnership.organisation.name,
        "zichtbaar_voor_coalities": [partnership.coalition.name],
        "partner_sinds": partnership.since.isoformat() if partnership.since else None,
        "partner_tot": partnership.until.isoformat() if partnership.until else None,
        "andere_registraties_met_dit_e-mailadres": _same_email(contact),
        "geschiedenis": history,
    }


def _same_email(contact) -> list[int]:
    from partners.models import ContactPerson

    if not contact.email:
        return []
    return list(
        ContactPerson.objects.filter(email__iexact=contact.email)
        .exclude(pk=contact.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def erase_contact_person(contact) -> int:
    """Delete `contact` and scrub its values from the change history; returns the number of
    history rows scrubbed. The audit log keeps that an erasure happened, not the values."""
    pk, partnership_pk = contact.pk, contact.partnership_id
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
            f"Contactpersoon #{pk} van partnerschap #{partnership_pk} gewist; "
            f"{scrubbed} geschiedenisregels geschoond"
        ),
    )
    return scrubbed
