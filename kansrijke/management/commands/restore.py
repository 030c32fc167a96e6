"""Restore a backup made by `manage.py backup`: replaces everything in the database."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from kansrijke.management.commands._pgtools import connection_args, pg_binary


class Command(BaseCommand):
    help = (
        "Zet een back-up van `manage.py backup` terug. Vervangt ALLE gegevens in de database; "
        "stop eerst de app."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Het back-upbestand (.dump).")
        parser.add_argument(
            "--yes", action="store_true", help="Niet om bevestiging vragen (voor scripts)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren of het bestand een leesbare back-up is.",
        )

    def handle(self, *args, path, yes=False, dry_run=False, **options):
        path = Path(path)
        if not path.exists():
            raise CommandError(f"Back-up {path} bestaat niet.")
        if dry_run:
            listing = subprocess.run(
                [pg_binary("pg_restore"), "--list", str(path)], capture_output=True, text=True
            )
            if listing.returncode != 0:
                raise CommandError(f"Geen leesbare back-up: {listing.stderr.strip()}")
            tables = listing.stdout.count(" TABLE DATA ")
            self.stdout.write(f"Back-up {path} is leesbaar: {tables} tabellen; niets veranderd.")
            return
        if not yes:
            answer = input("Alle huidige gegevens worden vervangen. Doorgaan? [ja/nee] ")
            if answer.strip().lower() != "ja":
                raise CommandError("Afgebroken; er is niets veranderd.")
        connections.close_all()  # our own open connection would block DROP TABLE
        db_args, env = connection_args()
        result = subprocess.run(
            [
                pg_binary("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *db_args,
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(
                f"pg_restore mislukte, er is niets veranderd: {result.stderr.strip()}"
            )
        self.stdout.write(f"Back-up {path} teruggezet.")
