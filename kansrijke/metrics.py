"""Prometheus metrics (django-prometheus) for whoever holds METRICS_TOKEN, nobody else.

The scraper sends `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token the
address does not exist (404), so a deployment never exposes its metrics by accident.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse
from django_prometheus.exports import ExportToDjangoView


def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        response = HttpResponse("Geen toegang.", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return ExportToDjangoView(request)
