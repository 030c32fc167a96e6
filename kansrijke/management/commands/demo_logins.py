import errno
import json
import socket

from django.core.management.base import BaseCommand, CommandError

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
        for username, what in demo_logins():
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
