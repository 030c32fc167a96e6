"""/healthz and /readyz for load balancers and Kubernetes probes.

Answered by the first middleware, before the host check, HTTPS redirect, sessions, login,
lock-out (django-axes), metrics and the access log: a probe arrives on the pod's own address
over plain HTTP, must be cheap, and must not fill the logs. /healthz only says the process
answers (liveness: restart me if not). /readyz says whether this instance can serve (readiness:
send me traffic): the database answers, and the shared cache and the bucket when configured.
A database that comes back is picked up by itself: a failed connection is closed at the end of
the request and the next one connects anew (CONN_HEALTH_CHECKS in settings).
"""

import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
# The object /readyz asks the bucket about; it need not exist (a missing key answers 404).
STORAGE_PROBE_NAME = "readyz-probe"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    cache.get("readyz-probe")


def _storage():
    storages["private"].exists(STORAGE_PROBE_NAME)


def checks() -> dict:
    """The checks that apply to this configuration, by name."""
    found = {"database": _database}
    if settings.CACHE_URL:
        found["cache"] = _cache
    if settings.AWS_STORAGE_BUCKET_NAME:
        found["storage"] = _storage
    return found


_last_failures: frozenset = frozenset()


def readiness() -> tuple[bool, dict]:
    """Run each check; ({name: "ok" | "fout"}, all ok). A change of state is logged once per
    process, not every probe (a probe every few seconds would drown the real log lines)."""
    global _last_failures
    results = {}
    for name, check in checks().items():
        try:
            check()
        except Exception as error:
            results[name] = "fout"
            if name not in _last_failures:
                logger.warning("readyz: %s is unreachable: %s", name, error)
        else:
            results[name] = "ok"
            if name in _last_failures:
                logger.warning("readyz: %s is reachable again", name)
    _last_failures = frozenset(n for n, r in results.items() if r != "ok")
    return not _last_failures, results


def _answer(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx as an error ("Service Unavailable: /readyz"); the state change is
    # logged above instead.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths itself; every other request passes on untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return _answer(200, {"status": "ok"})
        if request.path == READY_PATH:
            ready, results = readiness()
            return _answer(200 if ready else 503, {"status": "ok" if ready else "fout", **results})
        return self.get_response(request)
