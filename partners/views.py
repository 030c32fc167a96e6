from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coalitions.permissions import get_coalition_for_user
from coalitions.views import render_edit_form, workspace_context
from partners.forms import (
    AddPartnershipForm,
    ContactDeleteForm,
    ContactPersonForm,
    EditPartnershipForm,
    EndPartnershipForm,
    NewOrganisationForm,
    OrganisationForm,
    OrganisationSearchForm,
    PartnershipFields,
)
from partners.models import ContactPerson, Organisation
from partners.permissions import (
    get_contact_for_user,
    get_organisation_for_user,
    get_partnership_for_user,
)
from partners.services import add_new_organisation_as_partner

# --- Workspace: partner management ---

SEARCH_LIMIT = 25


def _partners_url(coalition):
    return reverse("partners:workspace_partners", args=[coalition.slug])


def _context(request, coalition, **extra):
    return {**workspace_context(request, coalition, "partners"), **extra}


@login_required
def workspace_partners(request, slug):
    """Running and ended partnerships with their organisations and contact people."""
    coalition = get_coalition_for_user(request, slug)
    partnerships = coalition.partners.for_map().prefetch_related(
        Prefetch("organisation__contacts", queryset=ContactPerson.objects.order_by("name"))
    )
    active = [p for p in partnerships if p.is_active]
    ended = [p for p in partnerships if not p.is_active]
    return render(
        request,
        "partners/workspace_partners.html",
        _context(request, coalition, active=active, ended=ended),
    )


@login_required
def workspace_partner_add(request, slug):
    """Add an existing organisation: search (GET ?q=), pick one from the results, save."""
    coalition = get_coalition_for_user(request, slug, write=True)
    # The pick form repeats the search term, so its radio list stays the same on errors.
    search = OrganisationSearchForm(
        request.POST if request.method == "POST" else request.GET or None
    )
    candidates = None
    if search.is_valid():
        q = search.cleaned_data["q"]
        candidates = list(
            Organisation.objects.filter(
                Q(name__icontains=q) | Q(place__icontains=q) | Q(postcode__icontains=q)
            )
            .order_by("name")
            .values_list("pk", flat=True)[:SEARCH_LIMIT]
        )
    data = request.POST if request.method == "POST" else None
    form = AddPartnershipForm(data, coalition=coalition, candidates=candidates)
    if data is not None and form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(name)s is toegevoegd als partner.") % {"name": form.instance.organisation.name},
        )
        return redirect(_partners_url(coalition))
    names = Organisation.objects.order_by("name").values_list("name", flat=True).distinct()
    context = _context(
        request,
        coalition,
        search=search,
        form=form,
        searched=candidates is not None,
        names=names,
    )
    return render(request, "partners/workspace_partner_add.html", context)


@login_required
def workspace_organisation_create(request, slug):
    """A new organisation (with its map position) that becomes a partner at once."""
    coalition = get_coalition_for_user(request, slug, write=True)
    data = request.POST if request.method == "POST" else None
    organisation_form = NewOrganisationForm(data, prefix="org")
    partnership_form = PartnershipFields(data, prefix="partner", coalition=coalition)
    if data is not None and organisation_form.is_valid() and partnership_form.is_valid():
        add_new_organisation_as_partner(
            coalition=coalition,
            organisation=organisation_form.instance,
            **{k: partnership_form.cleaned_data[k] for k in ("role", "levels", "since")},
        )
        messages.success(
            request,
            _("%(name)s is aangemaakt en toegevoegd als partner.")
            % {"name": organisation_form.instance.name},
        )
        return redirect(_partners_url(coalition))
    context = _context(
        request, coalition, organisation_form=organisation_form, partnership_form=partnership_form
    )
    return render(request, "partners/workspace_organisation_create.html", context)


@login_required
def workspace_partner_edit(request, slug, pk):
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True)
    form = EditPartnershipForm(request.POST or None, instance=partnership, coalition=coalition)
    return render_edit_form(
        request,
        form,
        template="partners/workspace_partner_form.html",
        context=_context(request, coalition, partnership=partnership),
        success_message=_("Het partnerschap van %(name)s is opgeslagen.")
        % {"name": partnership.organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_partner_end(request, slug, pk):
    """End a partnership: it gets an end date and stays in the history, never deleted."""
    coalition, partnership = get_partnership_for_user(request, slug, pk, write=True)
    form = EndPartnershipForm(request.POST or None, instance=partnership)
    return render_edit_form(
        request,
        form,
        template="partners/workspace_partner_end.html",
        context=_context(request, coalition, partnership=partnership),
        success_message=_("Het partnerschap van %(name)s is beëindigd.")
        % {"name": partnership.organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_organisation_edit(request, slug, pk):
    coalition, organisation = get_organisation_for_user(request, slug, pk, write=True)
    form = OrganisationForm(request.POST or None, instance=organisation)
    return render_edit_form(
        request,
        form,
        template="partners/workspace_organisation_form.html",
        context=_context(request, coalition, organisation=organisation),
        success_message=_("De gegevens van %(name)s zijn opgeslagen.")
        % {"name": organisation.name},
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_create(request, slug, pk):
    coalition, organisation = get_organisation_for_user(request, slug, pk, write=True)
    form = ContactPersonForm(
        request.POST or None, instance=ContactPerson(organisation=organisation)
    )
    return render_edit_form(
        request,
        form,
        template="partners/workspace_contact_form.html",
        context=_context(request, coalition, organisation=organisation),
        success_message=_("De contactpersoon is toegevoegd."),
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_edit(request, slug, pk):
    coalition, contact = get_contact_for_user(request, slug, pk, write=True)
    form = ContactPersonForm(request.POST or None, instance=contact)
    return render_edit_form(
        request,
        form,
        template="partners/workspace_contact_form.html",
        context=_context(request, coalition, organisation=contact.organisation, contact=contact),
        success_message=_("De contactpersoon is opgeslagen."),
        success_url=_partners_url(coalition),
    )


@login_required
def workspace_contact_delete(request, slug, pk):
    """Remove a contact person (personal data is not kept longer than needed; the audit trail
    records who removed whom)."""
    coalition, contact = get_contact_for_user(request, slug, pk, write=True)
    form = ContactDeleteForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        with transaction.atomic():
            deleted = form.is_valid() and contact.delete()
        if deleted:
            messages.success(request, _("%(name)s is verwijderd.") % {"name": contact.name})
            return redirect(_partners_url(coalition))
        if form.conflict is not None:
            form, status = form.reloaded(), 409
    return render(
        request,
        "partners/workspace_contact_delete.html",
        _context(request, coalition, contact=form.instance, form=form),
        status=status,
    )
