import errno
import socket

from django.core.management.base import BaseCommand, CommandError

from coalitions.demo import DEMO_PASSWORD

LOGINS = [
    ("pharos", "Pharos-adviseur: leest alle coalities in /admin/"),
    ("adviseur-delft", "beleidsadviseur, bewerkt Delft"),
    ("lid-delft", "coalitielid van Delft, alleen inzien"),
    ("adviseur-utrecht", "beleidsadviseur, bewerkt Utrecht"),
]


class Command(BaseCommand):
    help = "Toont het adres waarop `make run` serveert en de demo-logins."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        # `make run` calls this just before runserver: the address printed is the one served
        # (PORT=8123 printed 8000). A taken port stops here, in Dutch, instead of a wrong
        # address above runserver's English error; we do not pick another port, so the
        # address a user bookmarked or typed never silently changes.
        if problem := port_problem(host, port):
            raise CommandError(problem)
        self.stdout.write("")
        self.stdout.write(f"Kansrijke Start draait op http://{host}:{port}/  (beheer: /admin/)")
        self.stdout.write(f"Demo-logins, wachtwoord voor allemaal: {DEMO_PASSWORD}")
        for username, what in LOGINS:
            self.stdout.write(f"  {username:<18} {what}")
        self.stdout.write("")


def port_problem(host: str, port: int) -> str | None:
    """Why a server cannot listen on host:port now, in Dutch, or None (SO_REUSEADDR, as
    runserver binds)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return (
                    f"Poort {port} is al in gebruik (draait Kansrijke Start al?). Stop dat "
                    f"programma of kies een andere poort, bijvoorbeeld: PORT={port + 1} make run"
                )
            return (
                f"Kan niet luisteren op {host}:{port} ({e.strerror}). Kies HOST= en PORT= opnieuw."
            )
    return None
