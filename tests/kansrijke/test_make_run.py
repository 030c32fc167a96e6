"""`make run` prints the address it really serves on, and stops in Dutch when the port is
taken (it printed 127.0.0.1:8000 whatever PORT said)."""

import io
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_printed_address_has_the_port_it_is_given():
    port = free_port()
    out = io.StringIO()
    call_command("demo_logins", host="127.0.0.1", port=port, stdout=out)
    assert f"Kansrijke Start draait op http://127.0.0.1:{port}/" in out.getvalue()
    assert ":8000" not in out.getvalue()
    assert "adviseur-delft" in out.getvalue()  # and the demo logins


def test_a_taken_port_stops_with_a_dutch_message_and_no_address():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = io.StringIO()
        with pytest.raises(CommandError, match=f"Poort {port} is al in gebruik") as refused:
            call_command("demo_logins", host="127.0.0.1", port=port, stdout=out)
    assert f"PORT={port + 1} make run" in str(refused.value)
    assert "draait op" not in out.getvalue()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_hands_its_port_to_the_printed_address():
    # A dry run (-n) only prints the recipes: nothing is installed, migrated or served.
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "demo_logins --host 127.0.0.1 --port 8123" in dry
    assert "runserver 127.0.0.1:8123" in dry
