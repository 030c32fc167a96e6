"""Demo data for coalitions: users and roles, coalitions, status history (see load_demo).

Each coalition's status updates are written by its own (invented) editor, the user with the
editor role for it in demo.json: a Pharos adviser may not write them. The current phase is the
phase of the newest update, as `post_status_update` keeps it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Now

from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionRole,
    Gemeente,
    StatusUpdate,
)
from coalitions.permissions import PHAROS_GROUP

DEMO_PASSWORD = "kansrijk-demo"


def _load_users(data: dict) -> dict:
    """The demo users by username, all with the demo password.

    Hashing is slow on purpose, so the password is hashed once and checked once per distinct
    stored hash: a re-run costs one check, not one per user.
    """
    User = get_user_model()
    existing = User.objects.in_bulk([u["username"] for u in data["users"]], field_name="username")
    hashed, fine = None, {}
    users = {}
    for u in data["users"]:
        user = existing.get(u["username"]) or User(username=u["username"])
        user.first_name, user.last_name, user.email = u["first_name"], u["last_name"], u["email"]
        user.is_staff = u.get("staff", False)
        if user.password not in fine:
            fine[user.password] = bool(user.password) and user.check_password(DEMO_PASSWORD)
        if not fine[user.password]:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
        user.save()
        users[u["username"]] = user
    pharos_group, _ = Group.objects.get_or_create(name=PHAROS_GROUP)
    pharos_group.user_set.add(*(users[u["username"]] for u in data["users"] if u.get("pharos")))
    return users


def _editors(data: dict, users: dict) -> dict:
    """{coalition slug: its demo editor}, the author of its status updates."""
    editors = {}
    for u in data["users"]:
        for slug, role in u.get("roles", {}).items():
            if role == CoalitionRole.Role.EDITOR:
                editors.setdefault(slug, users[u["username"]])
    missing = [c["slug"] for c in data["coalitions"] if c["slug"] not in editors]
    if missing:
        raise ValueError(f"Democoalities zonder beleidsadviseur: {', '.join(missing)}")
    return editors


def demo_editors(data: dict) -> dict:
    """{coalition slug: its demo editor} once the users are loaded: the author of what the
    coalition writes itself in the demo (status updates, self-assessments)."""
    usernames = [u["username"] for u in data["users"]]
    return _editors(data, get_user_model().objects.in_bulk(usernames, field_name="username"))


def load(data: dict) -> dict:
    users = _load_users(data)
    editors = _editors(data, users)
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    adviser = users.get(data.get("pharos_adviser"))
    # A gemeente linked to a coalition (and not yet ended) keeps it: a re-run does not undo
    # what Pharos assigned since, and a gemeente belongs to one coalition at a time.
    linked = set(
        CoalitionGemeente.objects.exclude(until__lte=datetime.date.today()).values_list(
            "gemeente__cbs_code", flat=True
        )
    )
    coalitions, new_links = {}, []
    for c in data["coalitions"]:
        fields = {
            "name": c["name"],
            "kind": c["kind"],
            "start_date": c["start_date"],
            "ambition": c["ambition"],
            "boegbeeld": c["boegbeeld"],
            "pharos_adviser": adviser,
        }
        # The phase follows the status history (set below), never the other way round.
        coalition, _ = Coalition.objects.update_or_create(
            slug=c["slug"],
            defaults=fields,
            create_defaults={**fields, "phase": c["status"][0]["phase"]},
        )
        coalitions[c["slug"]] = coalition
        new_links += [
            CoalitionGemeente(
                coalition=coalition,
                gemeente=gemeenten[code],
                since=datetime.date.fromisoformat(c["start_date"]),
            )
            for code in c["gemeenten"]
            if code not in linked
        ]
        linked.update(c["gemeenten"])
    CoalitionGemeente.objects.bulk_create(new_links)
    CoalitionRole.objects.bulk_create(
        [
            CoalitionRole(user=users[u["username"]], coalition=coalitions[slug], role=role)
            for u in data["users"]
            for slug, role in u.get("roles", {}).items()
        ],
        update_conflicts=True,
        unique_fields=["user", "coalition"],
        update_fields=["role"],
    )

    # Status history is append-only: a re-run adds only the dates not yet recorded.
    recorded = set(
        StatusUpdate.objects.filter(coalition__in=coalitions.values()).values_list(
            "coalition_id", "date"
        )
    )
    new_updates = [
        StatusUpdate(
            coalition=coalitions[c["slug"]],
            author=editors[c["slug"]],
            **{**s, "date": datetime.date.fromisoformat(s["date"])},
        )
        for c in data["coalitions"]
        for s in c["status"]
        if (coalitions[c["slug"]].pk, datetime.date.fromisoformat(s["date"])) not in recorded
    ]
    StatusUpdate.objects.bulk_create(new_updates)
    # The current phase is the newest update's (coalitions.services.post_status_update).
    newest = Subquery(
        StatusUpdate.objects.filter(coalition=OuterRef("pk"))
        .order_by("-date", "-created_at")
        .values("phase")[:1]
    )
    Coalition.objects.filter(pk__in=[c.pk for c in coalitions.values()]).exclude(
        phase=newest
    ).update(phase=newest, updated_at=Now())
    return {
        "gebruikers": len(users),
        "coalities": len(data["coalitions"]),
        "nieuwe statusupdates": len(new_updates),
    }


# --- Workspace (issue 3): yearly goals ---

GOALS_FILE = "demo_coalitions.json"


def load_goals() -> dict:
    """Demo goals from fixtures/demo_coalitions.json; idempotent on (coalition, year, text).

    Goals name an owner partnership, so partners/demo.py calls this after loading partners.
    """
    import json
    from pathlib import Path

    from django.conf import settings

    from coalitions.models import Goal

    path = Path(settings.BASE_DIR) / "fixtures" / GOALS_FILE
    partnership_model = Goal._meta.get_field("owner").related_model
    goals = json.loads(path.read_text(encoding="utf-8"))["goals"]
    for g in goals:
        coalition = Coalition.objects.get(slug=g["coalition"])
        owner = None
        if g["owner"]:
            owner = partnership_model.objects.running().get(
                coalition=coalition, organisation__name=g["owner"]
            )
        Goal.objects.update_or_create(
            coalition=coalition,
            year=g["year"],
            description=g["description"],
            defaults={"owner": owner, "evaluation": g["evaluation"]},
        )
    return {"doelen": len(goals)}
