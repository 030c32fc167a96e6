import json

from django.core.management.base import BaseCommand

from coalitions.demo import DEMO_PASSWORD
from kansrijke.management.commands.load_demo import DEMO_FILE


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the user may do) for every user in the demo file, so the list never
    misses a user the demo adds (each coalition has its own editor)."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    names = {c["slug"]: c["name"] for c in data["coalitions"]}
    logins = []
    for u in data["users"]:
        if u.get("pharos"):
            logins.append((u["username"], "Pharos-adviseur: leest alle coalities in /admin/"))
        for slug, role in u.get("roles", {}).items():
            what = (
                "beleidsadviseur, bewerkt %s"
                if role == "editor"
                else "coalitielid van %s, alleen inzien"
            )
            logins.append((u["username"], what % names[slug]))
    return logins


class Command(BaseCommand):
    help = "Toont de demo-logins."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Kansrijke Start draait op http://127.0.0.1:8000/  (beheer: /admin/)")
        self.stdout.write(f"Demo-logins, wachtwoord voor allemaal: {DEMO_PASSWORD}")
        for username, what in demo_logins():
            self.stdout.write(f"  {username:<18} {what}")
        self.stdout.write("")
