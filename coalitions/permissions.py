"""Who may see and change a coalition.

- editor (beleidsadviseur): reads and changes the coalitions they are editor of;
- member (coalitielid): reads the workspace pages of their coalitions, changes nothing;
- Pharos adviser (group "Pharos-adviseurs") and superusers: read every coalition; Pharos does
  not change a coalition's own data (status, partners, goals): that stays the coalition's;
- anyone else: a 404, so the existence of a workspace is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from coalitions.models import ROLE_RANK, Coalition, CoalitionRole, Goal
from coalitions.roles import PHAROS_GROUP, is_pharos

__all__ = [
    "PHAROS_GROUP",
    "is_pharos",
    "role_of",
    "can_view",
    "can_edit",
    "grantable_roles",
    "can_manage_team",
    "viewer_role",
]


def role_of(user, coalition) -> str | None:
    """The user's role in `coalition` ('editor', 'member') or None (cached per user)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, "_coalition_roles"):
        user._coalition_roles = dict(
            CoalitionRole.objects.filter(user=user).values_list("coalition_id", "role")
        )
    return user._coalition_roles.get(coalition.pk)


def can_view(user, coalition) -> bool:
    """May `user` read the coalition's internal pages (workspace, contact people)?"""
    return is_pharos(user) or role_of(user, coalition) is not None


def can_edit(user, coalition) -> bool:
    """May `user` change the coalition's own data? Only its editors."""
    return role_of(user, coalition) == CoalitionRole.Role.EDITOR


def viewer_role(user, coalition) -> str:
    """What decides, for this user, what a page of `coalition` shows, as one word for page-cache
    keys (common/page_cache.py): "public" (anonymous, or a user without a role in it),
    "member", "editor", "pharos" (Pharos advisers and superusers), "pharos+editor" and so on.
    Built from `role_of` and `is_pharos`, the rules above, so a cached fragment is shared only
    by users to whom the page shows the same."""
    role = role_of(user, coalition)
    if is_pharos(user):
        return f"pharos+{role}" if role else "pharos"
    return role or "public"


def get_coalition_for_user(request, slug, write=False, queryset=None):
    """The coalition `slug` if the user may see it (and change it, with write=True).

    Raises Http404 when the user may not see it at all and PermissionDenied (403) when the
    user may see it but not change it. `queryset` (optional) adds annotations, such as
    `Coalition.objects.for_workspace()`.
    """
    try:
        base = Coalition.objects.all() if queryset is None else queryset
        coalition = base.select_related("pharos_adviser").get(slug=slug)
    except Coalition.DoesNotExist:
        raise Http404 from None
    if not can_view(request.user, coalition):
        raise Http404
    if write and not can_edit(request.user, coalition):
        raise PermissionDenied
    return coalition


def get_goal_for_user(request, slug, pk, write=False):
    """(coalition, goal) when the goal belongs to a coalition the user may see (or change)."""
    coalition = get_coalition_for_user(request, slug, write=write)
    try:
        goal = Goal.objects.for_workspace().get(pk=pk, coalition=coalition)
    except Goal.DoesNotExist:
        raise Http404 from None
    return coalition, goal


def grantable_roles(user, coalition) -> list[str]:
    """The roles `user` may give (invite, grant, change or take away) in `coalition`, highest
    first: Pharos every role, an editor their own role and below, anyone else none. The one
    place of the rule "nobody gives a role higher than their own"."""
    if is_pharos(user):
        return [CoalitionRole.Role.EDITOR, CoalitionRole.Role.MEMBER]
    own = role_of(user, coalition)
    if own != CoalitionRole.Role.EDITOR:
        return []
    return [
        r
        for r in (CoalitionRole.Role.EDITOR, CoalitionRole.Role.MEMBER)
        if ROLE_RANK[r] <= ROLE_RANK[own]
    ]


def can_manage_team(user, coalition) -> bool:
    """May `user` invite people into `coalition` and take roles away? Editors and Pharos."""
    return bool(grantable_roles(user, coalition))
