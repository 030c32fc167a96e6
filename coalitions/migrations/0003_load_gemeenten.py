"""Reference data: the gemeenten of the demo coalitions and their regions (fixtures/gemeenten.csv).

Pharos loads CBS's full yearly list through the admin's import, in the same column layout.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "fixtures" / "gemeenten.csv"
PROVINCES = {
    "Drenthe": "DR", "Flevoland": "FL", "Fryslân": "FR", "Friesland": "FR", "Gelderland": "GE",
    "Groningen": "GR", "Limburg": "LI", "Noord-Brabant": "NB", "Noord-Holland": "NH",
    "Overijssel": "OV", "Utrecht": "UT", "Zeeland": "ZE", "Zuid-Holland": "ZH",
}


def load(apps, schema_editor):
    Gemeente = apps.get_model("coalitions", "Gemeente")
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Gemeente.objects.update_or_create(
                cbs_code=row["gemeentecode"],
                defaults={
                    "name": row["gemeentenaam"],
                    "province": PROVINCES[row["provincie"]],
                    "ggd_region": row["ggd_regio"],
                    "active": row["actief"] == "ja",
                },
            )


def unload(apps, schema_editor):
    Gemeente = apps.get_model("coalitions", "Gemeente")
    with CSV.open(encoding="utf-8") as f:
        codes = [row["gemeentecode"] for row in csv.DictReader(f)]
    Gemeente.objects.filter(cbs_code__in=codes, coalitions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
