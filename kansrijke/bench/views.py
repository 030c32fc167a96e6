"""The yardstick of `make bench`: Django's full middleware stack, one query, a small template.

Routed only when BENCH_MINIMAL_VIEW is set (kansrijke/urls.py), so it is never a public URL.
"""

from django.shortcuts import render

from coalitions.models import Coalition


def minimal(request):
    coalition = Coalition.objects.order_by("pk").values("name", "slug").first()
    return render(request, "bench/minimal.html", {"coalition": coalition})
