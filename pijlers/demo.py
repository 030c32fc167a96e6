"""Demo data for the denkraam (fixtures/demo_pijlers.json): self-assessments, Heerlen's
expertise profile and some offerings. No measurement values: figures come in by import."""

import datetime
import json
from pathlib import Path

from django.conf import settings

from coalitions.models import Coalition
from partners.models import CoalitionPartner
from pijlers.models import (
    Assessment,
    AssessmentAnswer,
    Intervention,
    NeededExpertise,
    Offering,
    Pillar,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_pijlers.json"


def load(data: dict) -> dict:
    """`data` is the shared demo.json (unused: our data lives in demo_pijlers.json)."""
    own = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    coalitions = {c.slug: c for c in Coalition.objects.all()}
    pillars = {p.number: p for p in Pillar.objects.prefetch_related("questions")}
    new_assessments = 0
    for a in own["assessments"]:
        coalition, pillar = coalitions[a["coalition"]], pillars[a["pillar"]]
        date = datetime.date.fromisoformat(a["date"])
        # Append-only: a re-run adds nothing when the same dated assessment exists.
        if Assessment.objects.filter(coalition=coalition, pillar=pillar, date=date).exists():
            continue
        assessment = Assessment.objects.create(
            coalition=coalition,
            pillar=pillar,
            date=date,
            level=a["level"],
            notes=a["notes"],
            next_actions=a["next_actions"],
            author=coalition.pharos_adviser,
        )
        questions = {q.order: q for q in pillar.questions.all()}
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(assessment=assessment, question=questions[int(order)], text=text)
            for order, text in a["answers"].items()
        )
        new_assessments += 1

    def partner(slug, organisation):
        return CoalitionPartner.objects.running().get(
            coalition=coalitions[slug], organisation__name=organisation
        )

    for e in own["expertise"]:
        item, _ = NeededExpertise.objects.update_or_create(
            coalition=coalitions[e["coalition"]], name=e["name"], defaults={"order": e["order"]}
        )
        item.covered_by.set([partner(e["coalition"], name) for name in e["partners"]])

    interventions = {i.slug: i for i in Intervention.objects.all()}
    for o in own["offerings"]:
        intervention = interventions[o["intervention"]]
        Offering.objects.update_or_create(
            partner=partner(o["coalition"], o["organisation"]),
            intervention=intervention,
            defaults={
                "life_phases": o.get("life_phases", intervention.life_phases),
                "vulnerability_levels": o.get(
                    "vulnerability_levels", intervention.vulnerability_levels
                ),
            },
        )
    return {
        "nieuwe zelfevaluaties": new_assessments,
        "benodigde expertises": len(own["expertise"]),
        "aanbod": len(own["offerings"]),
    }
