from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from coalitions.forms import PublicFilterForm
from coalitions.models import Coalition, partner_domains


def public_list(request):
    """All coalitions, for everyone: organisations and phases, never people."""
    form = PublicFilterForm(request.GET or None)
    form.is_valid()  # fills cleaned_data with the valid fields; errors show beside the others
    coalitions = list(form.filter(Coalition.objects.for_public_display()))
    return render(
        request,
        "coalitions/public_list.html",
        {"coalitions": coalitions, "form": form, "domains": partner_domains()},
    )


def public_detail(request, slug):
    """One coalition for everyone: ambition, phases, gemeenten, partner organisations."""
    coalition = get_object_or_404(Coalition.objects.for_public_page(), slug=slug)
    return render(request, "coalitions/public_detail.html", {"coalition": coalition})


@login_required
def workspace(request):
    """The logged-in user's coalitions."""
    coalitions = Coalition.objects.visible_to(request.user).for_public_display()
    return render(request, "coalitions/workspace.html", {"coalitions": coalitions})
