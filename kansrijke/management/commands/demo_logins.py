from django.core.management.base import BaseCommand

from coalitions.demo import DEMO_PASSWORD

LOGINS = [
    ("pharos", "Pharos-adviseur: leest alle coalities in /admin/"),
    ("adviseur-delft", "beleidsadviseur, bewerkt Delft"),
    ("lid-delft", "coalitielid van Delft, alleen inzien"),
    ("adviseur-utrecht", "beleidsadviseur, bewerkt Utrecht"),
]


class Command(BaseCommand):
    help = "Toont de demo-logins."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write("Kansrijke Start draait op http://127.0.0.1:8000/  (beheer: /admin/)")
        self.stdout.write(f"Demo-logins, wachtwoord voor allemaal: {DEMO_PASSWORD}")
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<18} {what}")
        self.stdout.write("")
