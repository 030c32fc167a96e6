"""gunicorn in the container (deploy/Containerfile): JSON logs, metrics shared by the workers.

Everything here can be overridden with gunicorn's own GUNICORN_CMD_ARGS.
"""

import os
import shutil

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
# Kubernetes sends SIGTERM and waits terminationGracePeriodSeconds (30 s) before SIGKILL.
graceful_timeout = 20
# Heartbeat files in memory: the root filesystem is read-only.
worker_tmp_dir = "/dev/shm"
# No control socket (gunicorn >= 25 puts one in $HOME): the root filesystem is read-only, and
# Kubernetes, not gunicornc, manages the pods.
control_socket_disable = True
# Django's RequestIdMiddleware writes one JSON access line per request, with the request id.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kansrijke.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    # gunicorn's own default would set the root logger to INFO before Django's LOGGING applies.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Prometheus counters of all workers, added up at /metrics (django-prometheus reads this
# folder when PROMETHEUS_MULTIPROC_DIR is set; the Deployment mounts an emptyDir there).
METRICS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if METRICS_DIR:  # counters of an earlier run of this container are stale
        shutil.rmtree(METRICS_DIR, ignore_errors=True)
        os.makedirs(METRICS_DIR, exist_ok=True)


def child_exit(server, worker):
    if METRICS_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
