from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions import extensions, history
from coalitions.forms import (
    CoalitionBasicsForm,
    GoalForm,
    InviteForm,
    NewAccountForm,
    PublicFilterForm,
    StatusUpdateForm,
)
from coalitions.models import (
    AuditEvent,
    Coalition,
    CoalitionRole,
    Feedback,
    Goal,
    Invitation,
    Phase,
    partner_domains,
)
from coalitions.permissions import (
    can_edit,
    can_manage_team,
    get_coalition_for_user,
    get_goal_for_user,
    grantable_roles,
    is_pharos,
    role_of,
    viewer_role,
)
from coalitions.services import (
    TeamError,
    accept_invitation,
    invite,
    post_status_update,
    remove_role,
    resend_invitation,
    revoke_invitation,
)
from common import page_cache
from common.charts import small_bar_chart
from common.stale_edit import form_page

# Rows per page of the public list: a page a phone can still scroll through.
PUBLIC_LIST_PAGE_SIZE = 25


def public_list(request):
    """The home page, for everyone: what Kansrijke Start is, the coalitions per phase, a map
    and the searchable list. Organisations and phases, never people. A fixed number of
    queries however many coalitions there are.

    The body (counts, map, filters, table) is a cached fragment (common/page_cache.py) under
    the versions of every coalition and the reference data, so a hit costs one query."""
    form = PublicFilterForm(request.GET or None)
    form.is_valid()  # fills cleaned_data with the valid fields; errors show beside the others
    # The versions before the data: see common/page_cache.py, "Race".
    fragment = page_cache.fragment(
        request, "public_list", role="public", versions=page_cache.every_version()
    )
    context = {
        "form": form,
        "fragment": fragment,
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    }
    if fragment.hit:
        return render(request, "coalitions/public_list.html", context)
    page = Paginator(
        form.order(form.filter(Coalition.objects.for_public_display()).with_status_date()),
        PUBLIC_LIST_PAGE_SIZE,
    ).get_page(request.GET.get("pagina"))
    coalitions = list(page.object_list)
    points = list(form.filter(Coalition.objects.all()).map_points())
    located = {p["coalition_id"] for p in points}
    query = request.GET.copy()
    query.pop("pagina", None)
    context.update(
        {
            "coalitions": coalitions,
            "page": page,
            "page_query": query.urlencode(),
            "sort_links": _sort_links(query, form),
            "domains": partner_domains(),
            "phase_counts": Coalition.objects.phase_counts(),
            "map_points": [
                {
                    "name": p["coalition__name"],
                    "url": reverse("coalitions:public_detail", args=[p["coalition__slug"]]),
                    "phase": Phase(p["coalition__phase"]).label,
                    "place": p["organisation__name"],
                    "lat": float(p["organisation__latitude"]),
                    "lng": float(p["organisation__longitude"]),
                }
                for p in points
            ],
            "unmapped": [c for c in coalitions if c.pk not in located],
        }
    )
    return render(request, "coalitions/public_list.html", context)


def _sort_links(query, form):
    """Per order of the public list ("" is by name): the query string that keeps the search
    and filters, starts at page one and sorts that way, and whether it is the current one."""
    current = getattr(form, "cleaned_data", {}).get("sort", "")
    links = {}
    for value, _label in form.fields["sort"].choices:
        linked = query.copy()
        linked.pop("sort", None)
        if value:
            linked["sort"] = value
        links[value or "naam"] = {"query": linked.urlencode(), "current": value == current}
    return links


def public_detail(request, slug):
    """One coalition for everyone: ambition, phases, gemeenten, partner organisations.

    The page body is a cached fragment (common/page_cache.py) under the coalition's version.
    A hit costs one light query (name and versions); only a miss builds and reads the full
    public page (its queryset alone costs more than a hit). Everyone sees the same page, so
    the role is "public" for all."""
    light = get_object_or_404(
        page_cache.with_versions(Coalition.objects.only("pk", "slug", "name")), slug=slug
    )
    fragment = page_cache.fragment(
        request, "public_detail", role="public", versions=light.page_cache_versions
    )
    context = {"coalition": light, "fragment": fragment}
    if not fragment.hit:  # the rest is read after the version: see common/page_cache.py, "Race"
        # Deleted in between: a 404, as it would be a moment later.
        coalition = get_object_or_404(Coalition.objects.for_public_page(), pk=light.pk)
        context.update(coalition=coalition, **extensions.public_context(coalition))
    return render(request, "coalitions/public_detail.html", context)


# --- Workspace ---


def workspace_context(request, coalition, section):
    """What every workspace page of one coalition shows in its header and navigation."""
    return {
        "coalition": coalition,
        "can_edit": can_edit(request.user, coalition),
        "section": section,
    }


@login_required
def workspace(request):
    """The logged-in user's coalitions, with phase, last update and what needs attention."""
    today = timezone.localdate()
    coalitions = list(Coalition.objects.visible_to(request.user).for_workspace(today))
    rows = [
        {
            "coalition": c,
            "role": role_of(request.user, c),
            "attention": c.attention_items,
        }
        for c in coalitions
    ]
    context = {
        "rows": rows,
        # Editors are reminded of their coalitions whose data went six months untouched:
        # `Coalition.objects.reminders_for(user)`, read from these rows without a query (what
        # a user edits is among what they see; `is_stale` reads `for_workspace`'s annotation).
        "stale_coalitions": [
            c for c in coalitions if can_edit(request.user, c) and c.is_stale(today)
        ],
        # What higher apps add (the user's notifications): coalitions/extensions.py.
        "workspace_panels": extensions.workspace_panel_context(request),
    }
    return render(request, "coalitions/workspace.html", context)


# The workspace overview's cached fragments, in page order (templates/coalitions/
# workspace_detail.html); the feedback and the latest status update sit between them.
OVERVIEW_FRAGMENTS = ("phase", "attention", "partners", "goals", "basics")


@login_required
def workspace_detail(request, slug):
    """The coalition's overview as a dashboard: phase progress, what needs attention, Pharos'
    feedback (editors mark it read), partners per domain as a chart, and the cards the apps
    built on coalitions add (`extensions.dashboard_cards`: this quarter's werkagenda, open
    knelpunten, pillar levels). A fixed number of queries whatever the data.

    What shows the coalition's data is cached (common/page_cache.py) in fragments under the
    coalition's version, read with its row, and the viewer's role: a repeat visit reads the
    row, the viewer's roles, the feedback and the latest update. Rendered on every request:
    the feedback (its forms carry a CSRF token, and who read it is not versioned) and the
    latest status update (it names its author, whose name is not versioned)."""
    coalition = get_coalition_for_user(
        request, slug, queryset=page_cache.with_versions(Coalition.objects.all())
    )
    today = timezone.localdate()
    editor = can_edit(request.user, coalition)
    role = viewer_role(request.user, coalition)
    # All five in one round trip to the cache (one Redis call, not five).
    found = page_cache.fragments(
        request,
        [f"workspace_detail:{name}" for name in OVERVIEW_FRAGMENTS],
        role=role,
        versions=coalition.page_cache_versions,
    )
    fragments = {name: found[f"workspace_detail:{name}"] for name in OVERVIEW_FRAGMENTS}
    latest = coalition.status_updates.select_related("author").order_by("-date", "-created_at")
    context = {
        **workspace_context(request, coalition, "overview"),
        "fragments": fragments,
        "latest": latest.first(),
        # Pharos' feedback is addressed to the coalition's editors (and readable by Pharos);
        # only editors mark it read.
        "feedback_list": Feedback.objects.for_workspace(request.user).filter(coalition=coalition)
        if editor or is_pharos(request.user)
        else None,
        "can_mark_feedback": editor,
    }
    if all(fragment.hit for fragment in fragments.values()):
        return render(request, "coalitions/workspace_detail.html", context)
    # The data the fragments show, read after the version (common/page_cache.py, "Race"): the
    # coalition again with what the attention list, the basics and the partner counts need.
    coalition = (
        Coalition.objects.for_workspace(today)
        .with_trekker(today)
        .with_gemeente_names()
        .with_partner_counts(today)
        .get(pk=coalition.pk)
    )
    domain_counts = [(label, n) for _domain, label, n in coalition.public_partner_counts]
    context.update(
        {
            "coalition": coalition,
            "partner_count": sum(n for _label, n in domain_counts),
            "domain_counts": domain_counts,
            "domain_chart": small_bar_chart(
                "partners-per-domein",
                _("Actieve partners per domein"),
                domain_counts,
                _("Aantal partners"),
            ),
            "dashboard_cards": extensions.dashboard_card_context(coalition, today=today)
            if not fragments["partners"].hit
            else [],
            "goals": Goal.objects.for_workspace().filter(coalition=coalition, year=today.year),
            "year": today.year,
        }
    )
    return render(request, "coalitions/workspace_detail.html", context)


@login_required
@require_POST
def workspace_feedback_read(request, slug, pk):
    """An editor marks one piece of Pharos' feedback as read (who and when are kept; the
    change is in the history through pghistory). Members and Pharos get 403."""
    coalition = get_coalition_for_user(request, slug, write=True)
    feedback = get_object_or_404(Feedback, pk=pk, coalition=coalition)
    if feedback.mark_read(request.user):
        messages.success(request, _("De feedback is als gelezen gemarkeerd."))
    return redirect(f"{coalition.get_workspace_url()}#feedback-{feedback.pk}")


@login_required
def workspace_status(request, slug):
    """The status timeline (all who may view) and the form for a new update (editors)."""
    coalition = get_coalition_for_user(request, slug, write=request.method == "POST")
    form = StatusUpdateForm(request.POST or None, coalition=coalition)

    def save(form):
        # Refused (StaleEdit, HTTP 409) when a colleague stored a newer update meanwhile.
        return post_status_update(
            coalition=coalition,
            author=request.user,
            based_on=form.cleaned_data["based_on"],
            **{name: form.cleaned_data[name] for name in form.update_fields},
        )

    updates = coalition.status_updates.select_related("author").order_by("-date", "-created_at")
    return form_page(
        request,
        form,
        template="coalitions/workspace_status.html",
        context={**workspace_context(request, coalition, "status"), "updates": updates},
        success_message=_("De statusupdate is opgeslagen."),
        success_url=reverse("coalitions:workspace_status", args=[coalition.slug]),
        save=save,
    )


@login_required
def workspace_basics(request, slug):
    coalition = get_coalition_for_user(request, slug, write=True)
    form = CoalitionBasicsForm(request.POST or None, instance=coalition)
    return form_page(
        request,
        form,
        template="coalitions/workspace_basics.html",
        # Shown, not edited: Pharos assigns a coalition's gemeenten.
        context={
            **workspace_context(request, coalition, "basics"),
            "gemeenten": list(coalition.gemeenten.all()),
        },
        success_message=_("De gegevens van de coalitie zijn opgeslagen."),
        success_url=coalition.get_workspace_url(),
    )


@login_required
def workspace_goals(request, slug):
    coalition = get_coalition_for_user(request, slug)
    goals = Goal.objects.for_workspace().filter(coalition=coalition)
    context = {**workspace_context(request, coalition, "goals"), "goals": goals}
    return render(request, "coalitions/workspace_goals.html", context)


@login_required
def workspace_goal_create(request, slug):
    coalition = get_coalition_for_user(request, slug, write=True)
    form = GoalForm(request.POST or None, coalition=coalition)
    return form_page(
        request,
        form,
        template="coalitions/workspace_goal_form.html",
        context=workspace_context(request, coalition, "goals"),
        success_message=_("Het doel is toegevoegd."),
        success_url=reverse("coalitions:workspace_goals", args=[coalition.slug]),
    )


@login_required
def workspace_goal_edit(request, slug, pk):
    coalition, goal = get_goal_for_user(request, slug, pk, write=True)
    form = GoalForm(request.POST or None, instance=goal, coalition=coalition)
    return form_page(
        request,
        form,
        template="coalitions/workspace_goal_form.html",
        context={**workspace_context(request, coalition, "goals"), "goal": goal},
        success_message=_("Het doel is opgeslagen."),
        success_url=reverse("coalitions:workspace_goals", args=[coalition.slug]),
    )


HISTORY_PAGE_SIZE = 50


@login_required
def workspace_history(request, slug):
    """Who changed what and when: the coalition and everything the apps register in
    `extensions.history_sources` (pghistory events, see coalitions/history.py)."""
    coalition = get_coalition_for_user(request, slug)
    try:
        page_number = max(1, min(int(request.GET.get("pagina", 1)), 1000))
    except ValueError:
        page_number = 1
    wanted = page_number * HISTORY_PAGE_SIZE + 1
    # One event query per source, merged by time; rows the sources read anyway name most
    # foreign keys in the events without further queries.
    events, known = [], {}
    # Pharos' feedback is for the editors (see workspace_detail): members do not read it here
    # either.
    hide_feedback = not (can_edit(request.user, coalition) or is_pharos(request.user))
    for source_events, source_known in history.coalition_sources(coalition):
        if hide_feedback and source_events.model is AuditEvent:
            source_events = source_events.exclude(pgh_model=Feedback.pgh_event_model._meta.label)
        events += list(source_events[:wanted])
        for model, rows in source_known.items():
            known.setdefault(model, {}).update(rows)
    events.sort(key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    start = (page_number - 1) * HISTORY_PAGE_SIZE
    shown = events[start : start + HISTORY_PAGE_SIZE]
    context = {
        **workspace_context(request, coalition, "history"),
        "entries": history.coalition_entries(shown, known=known),
        "page_number": page_number,
        "has_next": len(events) > start + HISTORY_PAGE_SIZE,
    }
    return render(request, "coalitions/workspace_history.html", context)


# --- The team: roles and invitations ----------------------------------------------------


def team_context(request, coalition):
    """The team page's rows: everyone with a role and, for those who manage it, invitations."""
    manage = can_manage_team(request.user, coalition)
    return {
        "roles": CoalitionRole.objects.filter(coalition=coalition)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username"),
        "invitations": Invitation.objects.open().filter(coalition=coalition).order_by("email")
        if manage
        else None,
        "can_manage_team": manage,
        "grantable": grantable_roles(request.user, coalition),
        "now": timezone.now(),
    }


@login_required
def workspace_team(request, slug):
    """Who belongs to the coalition; its editors invite people and take roles away."""
    coalition = get_coalition_for_user(request, slug, write=request.method == "POST")
    form = InviteForm(
        request.POST or None, roles=grantable_roles(request.user, coalition), prefix="invite"
    )
    if request.method == "POST" and form.is_valid():
        try:
            invite(
                request=request,
                coalition=coalition,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("coalitions:workspace_team", coalition.slug)
    context = {
        **workspace_context(request, coalition, "team"),
        **team_context(request, coalition),
        "form": form,
    }
    return render(request, "coalitions/workspace_team.html", context)


def _team_action(request, slug, action, success):
    """Run one team change (POST only, editors only) and return to the team page."""
    coalition = get_coalition_for_user(request, slug, write=True)
    try:
        action(coalition)
    except TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("coalitions:workspace_team", coalition.slug)


@login_required
@require_POST
def workspace_invitation_resend(request, slug, pk):
    def action(coalition):
        invitation = get_object_or_404(Invitation, pk=pk, coalition=coalition)
        resend_invitation(request=request, invitation=invitation)

    return _team_action(request, slug, action, _("De uitnodiging is opnieuw verstuurd."))


@login_required
@require_POST
def workspace_invitation_revoke(request, slug, pk):
    def action(coalition):
        invitation = get_object_or_404(Invitation, pk=pk, coalition=coalition)
        revoke_invitation(request=request, invitation=invitation)

    return _team_action(request, slug, action, _("De uitnodiging is ingetrokken."))


@login_required
@require_POST
def workspace_role_remove(request, slug, pk):
    def action(coalition):
        role = get_object_or_404(
            CoalitionRole.objects.select_related("user"), pk=pk, coalition=coalition
        )
        remove_role(request=request, role=role)

    return _team_action(request, slug, action, _("De persoon is uit de coalitie verwijderd."))


def invitation(request, token):
    """The one-time link of an invitation: accept it as the logged-in user with that e-mail
    address, log in first when an account exists, else make an account (password or SSO)."""
    found = Invitation.objects.select_related("coalition").for_token(token)
    context = {"invitation": found, "oidc_enabled": settings.OIDC_ENABLED}
    if found is None:
        context["problem"] = _(
            "Deze uitnodigingslink is ongeldig. Vraag om een nieuwe uitnodiging."
        )
        return render(request, "coalitions/invitation.html", context, status=404)
    problem = found.failure()
    if problem:
        context["problem"] = problem
        return render(request, "coalitions/invitation.html", context, status=410)
    user = request.user
    # An account with this address (or with it as its username, which a new one would take).
    users = get_user_model().objects.filter(
        Q(email__iexact=found.email, is_active=True) | Q(username__iexact=found.email[:150])
    )
    if user.is_authenticated:
        if user.email.lower() != found.email.lower():
            context["problem"] = _(
                "Deze uitnodiging is voor %(email)s. Log uit en open de link opnieuw, of log in "
                "met het account van dat e-mailadres."
            ) % {"email": found.email}
            return render(request, "coalitions/invitation.html", context, status=403)
        if request.method == "POST":
            return _accept(request, found, lambda: user) or _welcome(request, found)
        return render(request, "coalitions/invitation.html", {**context, "step": "accept"})
    if users.exists():
        context["login_url"] = f"{reverse('login')}?next={request.path}"
        return render(request, "coalitions/invitation.html", {**context, "step": "login"})
    form = NewAccountForm(
        request.POST if request.POST.get("action") == "password" else None, email=found.email
    )
    if request.method == "POST" and request.POST.get("action") == "sso" and settings.OIDC_ENABLED:
        # The identity provider proves the address at login; no password here.
        refused = _accept(request, found, lambda: _new_user(found.email, "", "", password=None))
        return refused or redirect(
            f"{reverse('oidc_authentication_init')}?next={found.coalition.get_workspace_url()}"
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refused = _accept(
            request,
            found,
            lambda: _new_user(
                found.email, data["first_name"], data["last_name"], password=data["password1"]
            ),
        )
        return refused or _welcome(request, found)
    return render(
        request,
        "coalitions/invitation.html",
        {**context, "step": "account", "form": form},
    )


def _new_user(email, first_name, last_name, *, password):
    user = get_user_model()(
        username=email[:150], email=email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)  # None: an unusable password (SSO only)
    user.save()
    return user


def _accept(request, invitation, get_user):
    """Make the account (if `get_user` does) and accept, all or nothing; log the new account
    in. Returns the refusal page, or None when accepted."""
    try:
        with transaction.atomic():
            user = get_user()
            accept_invitation(request=request, invitation=invitation, user=user)
    except (TeamError, IntegrityError) as error:
        problem = (
            str(error)
            if isinstance(error, TeamError)
            else _("Deze uitnodiging is al gebruikt. Log in met uw account.")
        )
        return render(
            request,
            "coalitions/invitation.html",
            {"invitation": invitation, "problem": problem},
            status=410,
        )
    if not request.user.is_authenticated and user.has_usable_password():
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return None


def _welcome(request, invitation):
    messages.success(
        request,
        _("Welkom bij %(coalition)s.") % {"coalition": invitation.coalition.name},
    )
    return redirect(invitation.coalition.get_workspace_url())
