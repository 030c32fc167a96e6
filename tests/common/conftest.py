"""A real worker process for the background imports (common.import_jobs), started once."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def database_url(db: dict) -> str:
    """The test database as a DATABASE_URL; the embedded server listens on a socket folder,
    which django-environ only reads as a `host` parameter."""
    user, password = quote(db["USER"] or ""), quote(db.get("PASSWORD") or "")
    if str(db["HOST"]).startswith("/"):
        auth = f"&password={password}" if password else ""
        return f"postgres:///{db['NAME']}?host={db['HOST']}&user={user}{auth}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}:{password}@{db['HOST']}{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def import_worker(django_db_setup, tmp_path_factory):
    """`manage.py db_worker` on the test database, as `make run` starts it beside runserver.

    Only tests that commit their data (transactional tests) can hand it work: it is another
    process with its own database connection. It lives for one module only: left running, it
    took the queued jobs of later tests that run them by hand (tests/kansrijke/test_scale_out.py
    found its job "bezig" in another process).
    """
    from django.db import connection

    log = tmp_path_factory.mktemp("worker") / "db_worker.log"
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database_url(connection.settings_dict)}
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    time.sleep(1)
    assert worker.poll() is None, log.read_text()
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
