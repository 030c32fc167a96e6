from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from coalitions.models import Coalition


def public_list(request):
    """All coalitions, for everyone: organisations and phases, never people."""
    coalitions = Coalition.objects.for_public_display()
    # The table is cached under a hash of its data; on a hit the list is never queried.
    fingerprint = Coalition.objects.public_list_fingerprint()
    return render(
        request,
        "coalitions/public_list.html",
        {"coalitions": coalitions, "fingerprint": fingerprint},
    )


def public_detail(request, slug):
    coalition = get_object_or_404(Coalition.objects.for_public_display(), slug=slug)
    return render(request, "coalitions/public_detail.html", {"coalition": coalition})


@login_required
def workspace(request):
    """The logged-in user's coalitions."""
    coalitions = Coalition.objects.visible_to(request.user).for_public_display()
    return render(request, "coalitions/workspace.html", {"coalitions": coalitions})
