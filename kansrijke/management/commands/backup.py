"""Write a complete backup of the database (pg_dump custom format: data, history, triggers)."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kansrijke.management.commands._pgtools import connection_args, pg_binary


class Command(BaseCommand):
    help = "Maakt een volledige back-up van de database met pg_dump (custom-formaat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Bestand voor de back-up (standaard BACKUP_DIR/kansrijke-<tijd>.dump).",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            settings.BACKUP_DIR.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = settings.BACKUP_DIR / f"kansrijke-{stamp}.dump"
        path = Path(path)
        db_args, env = connection_args()
        result = subprocess.run(
            [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *db_args],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump mislukte: {result.stderr.strip()}")
        self.stdout.write(f"Back-up geschreven naar {path} ({path.stat().st_size} bytes).")
