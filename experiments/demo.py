"""Demo data for the werkagenda and agreements (fixtures/demo_experiments.json); idempotent."""

import datetime
import json
from pathlib import Path

from django.conf import settings

from coalitions.models import Coalition
from common.quarters import quarter_index
from experiments.models import Agreement, Bottleneck, Result, Signatory, Theme, WorkItem
from experiments.services import escalate_bottleneck
from partners.models import CoalitionPartner

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_experiments.json"


def _partners(coalition) -> dict[str, CoalitionPartner]:
    """The coalition's running partnerships by organisation name."""
    return {
        p.organisation.name: p
        for p in CoalitionPartner.objects.filter(coalition=coalition)
        .running()
        .select_related("organisation")
    }


def _quarter(pair):
    return quarter_index(*pair) if pair else None


def _load_bottleneck(item, b) -> int:
    bottleneck, _ = Bottleneck.objects.get_or_create(
        work_item=item,
        description=b["description"],
        defaults={"raised_on": datetime.date.fromisoformat(b["raised_on"])},
    )
    # Escalations are append-only: add only the steps not yet recorded, in order.
    done = bottleneck.escalations.count()
    for step in b["escalations"][done:]:
        escalate_bottleneck(
            bottleneck=bottleneck,
            to_level=step["to"],
            date=datetime.date.fromisoformat(step["date"]),
            escalated_by=step["by"],
            reason=step["reason"],
        )
    if b.get("resolved_on") and bottleneck.resolved_on is None:
        bottleneck.refresh_from_db()
        bottleneck.resolved_on = datetime.date.fromisoformat(b["resolved_on"])
        bottleneck.resolution = b["resolution"]
        bottleneck.save(update_fields=["resolved_on", "resolution"])
    return 1


def _load_result(item, r) -> int:
    """One result of `item`, found again by its date (so loading twice changes nothing)."""
    Result.objects.update_or_create(
        work_item=item,
        date=datetime.date.fromisoformat(r["date"]),
        defaults={
            "outcome": r["outcome"],
            "worked": r.get("worked", ""),
            "did_not_work": r.get("did_not_work", ""),
            "lessons": r.get("lessons", ""),
        },
    )
    return 1


def load(data: dict) -> dict[str, int]:
    """Load themes, items (with their results), bottlenecks and agreements; `data`
    (demo.json) is not needed here."""
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    counts = {
        "thema's": 0,
        "werkagenda-onderdelen": 0,
        "knelpunten": 0,
        "resultaten": 0,
        "afspraken": 0,
    }
    for agenda in demo["werkagendas"]:
        coalition = Coalition.objects.get(slug=agenda["coalition"])
        partners = _partners(coalition)
        themes = {}
        for order, t in enumerate(agenda["themes"], start=1):
            theme, _ = Theme.objects.update_or_create(
                coalition=coalition,
                name=t["name"],
                defaults={"description": t["description"], "order": order},
            )
            themes[theme.name] = theme
            counts["thema's"] += 1
        for i in agenda["items"]:
            item, _ = WorkItem.objects.update_or_create(
                coalition=coalition,
                title=i["title"],
                defaults={
                    "kind": i["kind"],
                    "status": i["status"],
                    "goal": i["goal"],
                    "description": i["description"],
                    "lead_partner": partners[i["lead"]],
                    "start_quarter": _quarter(i["start"]),
                    "end_quarter": _quarter(i["end"]),
                    "levels": i["levels"],
                    "published": i["published"],
                },
            )
            item.themes.set([themes[name] for name in i["themes"]])
            item.partners.set([partners[name] for name in i["partners"]])
            counts["werkagenda-onderdelen"] += 1
            for b in i.get("bottlenecks", []):
                counts["knelpunten"] += _load_bottleneck(item, b)
            for r in i.get("results", []):
                counts["resultaten"] += _load_result(item, r)
    for a in demo["agreements"]:
        coalition = Coalition.objects.get(slug=a["coalition"])
        partners = _partners(coalition)
        agreement, _ = Agreement.objects.update_or_create(
            coalition=coalition,
            title=a["title"],
            defaults={"kind": a["kind"], "signed_on": a["signed_on"], "place": a["place"]},
        )
        for s in a["signatories"]:
            Signatory.objects.update_or_create(
                agreement=agreement,
                partner=partners[s["organisation"]],
                defaults={"signer_name": s["name"], "signer_function": s["function"]},
            )
        counts["afspraken"] += 1
    return counts
