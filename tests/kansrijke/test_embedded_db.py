import psycopg
import pytest

from kansrijke import embedded_db


@pytest.mark.slow
def test_embedded_database_starts_from_an_empty_folder(tmp_path):
    pgdata = tmp_path / "pg"
    settings = embedded_db.start(pgdata)
    try:
        with psycopg.connect(
            host=settings["HOST"], user="postgres", dbname=settings["NAME"]
        ) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        assert int(version.split(".")[0]) >= 16
        assert (pgdata / "PG_VERSION").exists()
        # Starting again reuses the running server instead of failing.
        assert embedded_db.start(pgdata)["HOST"] == settings["HOST"]
    finally:
        embedded_db.stop(pgdata)
