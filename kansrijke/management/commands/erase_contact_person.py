"""Verwijderverzoek (AVG art. 17): erase one contact person, also from the change history."""

from django.core.management.base import BaseCommand, CommandError

from kansrijke.privacy import erase_contact_person


class Command(BaseCommand):
    help = (
        "Wist één contactpersoon en haal de waarden uit de wijzigingsgeschiedenis "
        "(verwijderverzoek). Het auditlog houdt bij dát er gewist is, niet wat."
    )

    def add_arguments(self, parser):
        parser.add_argument("contact_id", type=int, help="Het id van de contactpersoon.")
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wat er gebeurt.")

    def handle(self, *args, contact_id, dry_run=False, **options):
        from partners.models import ContactPerson

        try:
            contact = ContactPerson.objects.get(pk=contact_id)
        except ContactPerson.DoesNotExist:
            raise CommandError(f"Contactpersoon {contact_id} bestaat niet.") from None
        if dry_run:
            self.stdout.write(f"Zou contactpersoon {contact_id} en de geschiedenis ervan wissen.")
            return
        scrubbed = erase_contact_person(contact)
        self.stdout.write(
            f"Contactpersoon {contact_id} gewist; {scrubbed} geschiedenisregels geschoond."
        )
