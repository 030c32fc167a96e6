"""Probes, metrics and request ids, through the Django test client on the real database."""

import json
import logging

from django.test import override_settings


def test_healthz_answers_without_login_host_check_or_https(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@override_settings(SECURE_SSL_REDIRECT=True)
def test_readyz_reports_the_database_and_is_not_redirected_to_https(client, db):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_checks_the_shared_cache_when_one_is_configured(client, db, settings):
    settings.CACHE_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "fout", "database": "ok", "cache": "fout"}


def test_metrics_do_not_exist_without_a_token(client, superuser):
    client.force_login(superuser)
    assert client.get("/metrics").status_code == 404


@override_settings(METRICS_TOKEN="s3cret-token")
def test_metrics_need_the_token_even_for_a_superuser(client, superuser):
    client.force_login(superuser)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content


def test_a_request_id_is_made_and_echoed(client, db):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_callers_request_id_is_kept_and_a_strange_one_replaced(client, db):
    assert client.get("/", HTTP_X_REQUEST_ID="lb-1234.abc")["X-Request-ID"] == "lb-1234.abc"
    replaced = client.get("/", HTTP_X_REQUEST_ID='"><script>')["X-Request-ID"]
    assert replaced != '"><script>' and len(replaced) == 32


def test_log_lines_are_json_with_the_request_id():
    from kansrijke.logs import JsonFormatter, RequestIdFilter, request_id_var

    token = request_id_var.set("req-42")
    try:
        record = logging.LogRecord(
            "kansrijke", logging.WARNING, __file__, 1, "Let op: %s", ("é",), None
        )
        RequestIdFilter().filter(record)
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "Let op: é"
    assert entry["request_id"] == "req-42"
    assert entry["level"] == "WARNING"
    assert "\n" not in line


def test_probes_leave_no_access_line_and_pages_leave_one(client, db, caplog):
    caplog.set_level(logging.INFO, logger="kansrijke.access")
    client.get("/healthz")
    client.get("/readyz")
    assert caplog.records == []
    client.get("/", HTTP_X_REQUEST_ID="pagina-1")
    (line,) = caplog.records
    assert (line.path, line.status, line.request_id) == ("/", 200, "pagina-1")
