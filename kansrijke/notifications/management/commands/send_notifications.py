from django.core.management.base import BaseCommand

from kansrijke.notifications import services


class Command(BaseCommand):
    help = (
        "Maakt de meldingen die klaarstaan (feedback, opgeschaalde knelpunten, maandoverzicht) "
        "en verstuurt ze per e-mail; nooit twee keer hetzelfde bericht. Voor een planner "
        "(bijv. elk uur)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tellen wat nieuw zou zijn; niets opslaan of versturen.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            from django.db import transaction

            with transaction.atomic():
                new = services.collect()
                transaction.set_rollback(True)
            self.stdout.write(f"{new} nieuwe melding(en) (proefdraai: niets verstuurd).")
            return
        new = services.collect()
        sent, failed = services.send()
        self.stdout.write(f"{new} nieuwe melding(en), {sent} verstuurd, {failed} mislukt.")
