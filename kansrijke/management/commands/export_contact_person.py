"""Inzageverzoek (AVG art. 15): everything the app holds about one contact person, as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from kansrijke.audit import record
from kansrijke.models import AuditAction
from kansrijke.privacy import export_contact_person


class Command(BaseCommand):
    help = "Geeft alle gegevens over één contactpersoon als JSON (inzageverzoek)."

    def add_arguments(self, parser):
        parser.add_argument("contact_id", type=int, help="Het id van de contactpersoon.")
        parser.add_argument("--output", help="Schrijf naar dit bestand in plaats van stdout.")

    def handle(self, *args, contact_id, output=None, **options):
        from partners.models import ContactPerson

        try:
            contact = ContactPerson.objects.select_related(
                "partnership__organisation", "partnership__coalition"
            ).get(pk=contact_id)
        except ContactPerson.DoesNotExist:
            raise CommandError(f"Contactpersoon {contact_id} bestaat niet.") from None
        text = json.dumps(export_contact_person(contact), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            self.stdout.write(text)
        record(
            AuditAction.PRIVACY_EXPORT,
            username="beheer (manage.py)",
            what=f"Gegevens van contactpersoon #{contact_id} uitgevoerd",
        )
        if output:
            self.stdout.write(f"Gegevens van contactpersoon {contact_id} geschreven naar {output}.")
