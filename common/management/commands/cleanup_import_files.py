"""Remove import files that were uploaded but never confirmed nor cancelled.

A file waits on the staging storage (settings STORAGES["import_export"]) between its preview
and the confirmation; confirm and cancel remove it, a closed browser tab does not. Run daily
(docs/operations.md): files older than a day are removed, files of running jobs are kept.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from common.import_jobs import remove_stale_staged


class Command(BaseCommand):
    help = "Verwijdert importbestanden die langer dan een dag op bevestiging wachten."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Ouder dan dit aantal uren (standaard 24)."
        )

    def handle(self, *args, hours, **options):
        removed = remove_stale_staged(datetime.timedelta(hours=hours))
        self.stdout.write(
            ngettext(
                "%(n)s importbestand verwijderd.", "%(n)s importbestanden verwijderd.", len(removed)
            )
            % {"n": len(removed)}
        )
