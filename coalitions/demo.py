"""Demo data for coalitions: users and roles, coalitions, status history (see load_demo)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionRole,
    Gemeente,
    StatusUpdate,
)
from coalitions.permissions import PHAROS_GROUP

DEMO_PASSWORD = "kansrijk-demo"


def load(data: dict) -> dict:
    User = get_user_model()
    pharos_group, _ = Group.objects.get_or_create(name=PHAROS_GROUP)
    users = {}
    for u in data["users"]:
        user, created = User.objects.get_or_create(username=u["username"])
        user.first_name, user.last_name, user.email = u["first_name"], u["last_name"], u["email"]
        user.is_staff = u.get("staff", False)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        if u.get("pharos"):
            user.groups.add(pharos_group)
        users[u["username"]] = user

    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    adviser = users.get(data.get("pharos_adviser"))
    updates = 0
    # A gemeente linked to a coalition (and not yet ended) keeps it: a re-run does not undo
    # what Pharos assigned since, and a gemeente belongs to one coalition at a time.
    linked = set(
        CoalitionGemeente.objects.exclude(until__lte=datetime.date.today()).values_list(
            "gemeente__cbs_code", flat=True
        )
    )
    new_links = []
    for c in data["coalitions"]:
        coalition, _ = Coalition.objects.update_or_create(
            slug=c["slug"],
            defaults={
                "name": c["name"],
                "kind": c["kind"],
                "start_date": c["start_date"],
                "ambition": c["ambition"],
                "boegbeeld": c["boegbeeld"],
                "pharos_adviser": adviser,
            },
            # Later status updates move the phase on; a re-run must not undo them.
            create_defaults={
                "name": c["name"],
                "kind": c["kind"],
                "start_date": c["start_date"],
                "ambition": c["ambition"],
                "boegbeeld": c["boegbeeld"],
                "pharos_adviser": adviser,
                "phase": c["phase"],
            },
        )
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
        for s in c["status"]:
            date = datetime.date.fromisoformat(s["date"])
            if not StatusUpdate.objects.filter(
                coalition=coalition, date=date, phase=s["phase"]
            ).exists():
                StatusUpdate.objects.create(
                    coalition=coalition, author=adviser, **{**s, "date": date}
                )
                updates += 1
    CoalitionGemeente.objects.bulk_create(new_links)
    for u in data["users"]:
        for slug, role in u.get("roles", {}).items():
            CoalitionRole.objects.update_or_create(
                user=users[u["username"]],
                coalition=Coalition.objects.get(slug=slug),
                defaults={"role": role},
            )
    return {
        "gebruikers": len(users),
        "coalities": len(data["coalitions"]),
        "nieuwe statusupdates": updates,
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
