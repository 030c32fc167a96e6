"""Load the demo data (fixtures/demo.json): idempotent, refuses production unless forced."""

import importlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
# Each app with demo data has a demo.py with load(data) -> {label: count}; order matters.
DEMO_APPS = ["coalitions", "partners", "pijlers", "experiments", "kansrijke.pharos"]


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Laadt de demodata (coalities, partners, demo-logins); herhalen geeft dezelfde data."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook laden als DEBUG uit staat.")
        parser.add_argument("--dry-run", action="store_true", help="Alles nalopen, niets opslaan.")

    def handle(self, *args, force=False, dry_run=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt productie. Demodata bevat demo-wachtwoorden; "
                "gebruik --force als u dit echt wilt."
            )
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        counts = {}
        try:
            with transaction.atomic():
                for app in DEMO_APPS:
                    try:
                        module = importlib.import_module(f"{app}.demo")
                    except ModuleNotFoundError:
                        continue
                    counts.update(module.load(data))
                counts.update(importlib.import_module("partners.demo_relations").load(data))
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        prefix = "Proefdraai (niets opgeslagen)" if dry_run else "Demodata geladen"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {summary}."))
