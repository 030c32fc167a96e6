"""The Kubernetes manifests in deploy/kubernetes: valid, safe, and naming real settings."""

import contextlib
import os
import re
import shutil
import socket
import socketserver
import subprocess
import threading
import time
import uuid
from pathlib import Path

import kubernetes_validate
import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"


def documents():
    for path in sorted(MANIFESTS.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            for document in yaml.safe_load_all(path.read_text()):
                yield path.name, document


def by_kind(kind):
    return [d for _, d in documents() if d["kind"] == kind]


def pod_specs():
    for document in by_kind("Deployment") + by_kind("Job"):
        yield document["metadata"]["name"], document["spec"]["template"]["spec"]
    for document in by_kind("CronJob"):
        spec = document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        yield document["metadata"]["name"], spec


@pytest.mark.parametrize(
    "document", [d for _, d in documents()], ids=lambda d: f"{d['kind']}/{d['metadata']['name']}"
)
def test_every_manifest_is_valid_kubernetes(document):
    kubernetes_validate.validate(document, "1.33.0", strict=True)


def test_every_pod_runs_as_non_root_on_a_read_only_root_filesystem():
    for name, spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        for container in spec["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name


def test_the_web_pods_are_ready_on_readyz_and_alive_on_healthz():
    (web,) = [d for d in by_kind("Deployment") if d["metadata"]["name"] == "kansrijke-web"]
    (container,) = web["spec"]["template"]["spec"]["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_config_map_and_the_secret_name_variables_the_app_reads():
    read = set(
        re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', (ROOT / "kansrijke/settings.py").read_text())
    )
    read |= set(
        re.findall(r'environ\.get\("([A-Z0-9_]+)"', (ROOT / "deploy/gunicorn.conf.py").read_text())
    )
    (config,) = by_kind("ConfigMap")
    (secret,) = by_kind("Secret")
    named = set(config["data"]) | set(secret["stringData"])
    assert named - read == set()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "AWS_STORAGE_BUCKET_NAME"} <= named


# --- The image, when `make image` built one on this machine ---------------------------------

IMAGE = os.environ.get("KANSRIJKE_IMAGE", "localhost/kansrijke-start:latest")


def podman(*args, **kwargs):
    env = {**os.environ, "CONTAINERS_CONF": str(ROOT / "deploy" / "containers.conf")}
    return subprocess.run(["podman", *args], env=env, capture_output=True, text=True, **kwargs)


class UnixSocketRelay(socketserver.ThreadingTCPServer):
    """127.0.0.1:<port> -> the embedded PostgreSQL's Unix socket, for a container that can
    only reach TCP (the socket's folder is private to this machine's user)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, socket_path):
        self.socket_path = socket_path
        super().__init__(("127.0.0.1", 0), self.Handler)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            with socket.socket(socket.AF_UNIX) as upstream:
                upstream.connect(self.server.socket_path)

                def pump(source, target):
                    try:
                        while data := source.recv(65536):
                            target.sendall(data)
                    except OSError:
                        pass
                    finally:
                        with contextlib.suppress(OSError):
                            target.shutdown(socket.SHUT_WR)

                back = threading.Thread(target=pump, args=(upstream, self.request), daemon=True)
                back.start()
                pump(self.request, upstream)
                back.join(timeout=5)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_image_starts_read_only_as_non_root_and_is_ready_on_the_test_database(settings):
    if shutil.which("podman") is None or podman("image", "exists", IMAGE).returncode != 0:
        pytest.skip(f"no image {IMAGE} on this machine: `make image` builds it")
    database = settings.DATABASES["default"]
    relay = UnixSocketRelay(str(Path(database["HOST"]) / ".s.PGSQL.5432"))
    threading.Thread(target=relay.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    name = f"kansrijke-test-{uuid.uuid4().hex[:8]}"
    database_url = (
        f"postgres://{database['USER']}@127.0.0.1:{relay.server_address[1]}/{database['NAME']}"
    )
    started = podman(
        "run", "-d", "--rm", "--name", name, "--network", "host", "--read-only",
        "--tmpfs", "/tmp", "--tmpfs", "/metrics-data",
        "-e", f"PORT={port}", "-e", "PROMETHEUS_MULTIPROC_DIR=/metrics-data",
        "-e", f"SECRET_KEY={uuid.uuid4().hex * 2}", "-e", f"DATABASE_URL={database_url}",
        "-e", "SECURE_SSL_REDIRECT=false", IMAGE,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    try:
        deadline, ready = time.monotonic() + 60, None
        while time.monotonic() < deadline and ready != 200:
            try:
                ready = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code
            except requests.RequestException:  # not listening yet, or still booting
                time.sleep(0.5)
        assert ready == 200, podman("logs", name).stdout[-2000:]
        assert podman("exec", name, "id", "-u").stdout.strip() == "10001"
        logs = podman("logs", name)
        assert "Traceback" not in logs.stdout + logs.stderr
        assert '"level": "ERROR"' not in logs.stdout  # e.g. a write to the read-only root
    finally:
        podman("stop", "-t", "5", name)
        relay.shutdown()
        relay.server_close()
