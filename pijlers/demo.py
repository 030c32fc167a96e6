"""Demo data for the denkraam (fixtures/demo_pijlers.json): self-assessments, Heerlen's
expertise profile, some offerings, and example figures ("voorbeeldcijfers") so the monitoring
charts show something.

The example figures are invented, not real data: every one carries VOORBEELD_SOURCE as its
source, so pages and exports say so. They are generated here (deterministically, within each
indicator's allowed range) rather than listed in a file: a few hundred rows of made-up numbers
would only look like data someone measured.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from coalitions.demo import demo_editors
from coalitions.models import Coalition, Gemeente
from partners.models import CoalitionPartner
from pijlers.models import (
    Assessment,
    AssessmentAnswer,
    Indicator,
    Intervention,
    Measurement,
    NeededExpertise,
    Offering,
    Pillar,
)
from pijlers.models.monitoring import parse_period

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_pijlers.json"


VOORBEELD_SOURCE = "Voorbeeldcijfers: verzonnen voor de demo, geen echte gegevens"

# Per indicator: a plausible national level, how far a gemeente may lie from it, the change
# per year, and the periods (single years, or five-year pools as the RIVM reports rare events).
YEARS = [str(y) for y in range(2019, 2025)]
POOLS = [f"{y - 4}-{y}" for y in range(2019, 2025)]
EXAMPLE_FIGURES = {
    "perinatale-sterfte": (9.0, 2.0, -0.15, POOLS),
    "vroeggeboorte": (7.1, 1.2, -0.08, YEARS),
    "laag-geboortegewicht": (6.2, 1.0, -0.06, YEARS),
    "in-beeld-voor-10-weken": (68.0, 8.0, 1.4, YEARS),
    "rookvrije-zwangerschap": (91.0, 3.5, 0.4, YEARS),
    "tevredenheid-ouders": (7.6, 0.5, 0.05, YEARS[2:]),
}
# Gemeenten where a pooled count of perinatal deaths would rest on fewer than 10 cases: their
# figure is flagged, so it shows in the workspace but never on a public page.
SMALL_GEMEENTEN = {"GM0373", "GM0383", "GM0399", "GM0450"}


def _wobble(*key) -> float:
    """A stable pseudo-random number in [-1, 1] for `key`: the same demo on every run."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return int.from_bytes(digest[:4]) / 0xFFFFFFFF * 2 - 1


def example_value(indicator: Indicator, cbs_code: str | None, period: str) -> Decimal:
    """The invented figure of `indicator` for a gemeente (None: national) in `period`."""
    level, spread, per_year, _periods = EXAMPLE_FIGURES[indicator.code]
    _start, end = parse_period(period)
    offset = 0 if cbs_code is None else _wobble(indicator.code, cbs_code) * spread
    noise = _wobble(indicator.code, cbs_code, period) * spread * 0.25
    value = level + offset + per_year * (end - 2019) + noise
    low = float(indicator.min_value) if indicator.min_value is not None else value
    high = float(indicator.max_value) if indicator.max_value is not None else value
    return Decimal(str(round(min(max(value, low), high), 1)))


def load_example_figures(data: dict) -> int:
    """Voorbeeldcijfers for every gemeente of the demo coalitions and the country, labelled
    with VOORBEELD_SOURCE. A figure with another source (a real one, imported) is never
    touched; a re-run rewrites only our own. Four queries."""
    codes = sorted({code for c in data["coalitions"] for code in c["gemeenten"]})
    gemeenten = [None, *Gemeente.objects.filter(cbs_code__in=codes).order_by("cbs_code")]
    indicators = list(Indicator.objects.filter(code__in=EXAMPLE_FIGURES))
    stored = {
        (m.gemeente_id, m.indicator_id, m.period): m
        for m in Measurement.objects.filter(indicator__in=indicators).filter(
            Q(gemeente__in=gemeenten[1:]) | Q(gemeente__isnull=True)
        )
    }
    new, ours = [], []
    for indicator in indicators:
        for gemeente in gemeenten:
            code = gemeente.cbs_code if gemeente else None
            for period in EXAMPLE_FIGURES[indicator.code][3]:
                value = example_value(indicator, code, period)
                if reason := indicator.range_error(value):
                    raise ValueError(reason)
                small = indicator.code == "perinatale-sterfte" and code in SMALL_GEMEENTEN
                m = stored.get((gemeente.pk if gemeente else None, indicator.pk, period))
                if m is None:
                    start_year, end_year = parse_period(period)
                    new.append(
                        Measurement(
                            gemeente=gemeente,
                            indicator=indicator,
                            period=period,
                            start_year=start_year,
                            end_year=end_year,
                            value=value,
                            source=VOORBEELD_SOURCE,
                            small_numbers=small,
                        )
                    )
                elif m.source == VOORBEELD_SOURCE and (m.value, m.small_numbers) != (value, small):
                    m.value, m.small_numbers = value, small
                    ours.append(m)
    Measurement.objects.bulk_create(new)
    Measurement.objects.bulk_update(ours, ["value", "small_numbers"])
    return len(new) + len(ours)


def load(data: dict) -> dict:
    """`data` is the shared demo.json (its coalitions' gemeenten and editors); the rest of our
    data lives in demo_pijlers.json."""
    own = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    coalitions = {c.slug: c for c in Coalition.objects.all()}
    # A self-assessment is the coalition's own: written by its editor, never by Pharos.
    editors = demo_editors(data)
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
            author=editors[coalition.slug],
        )
        questions = {q.order: q for q in pillar.questions.all()}
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(assessment=assessment, question=questions[int(order)], text=text)
            for order, text in a["answers"].items()
        )
        new_assessments += 1

    running = {
        (p.coalition.slug, p.organisation.name): p
        for p in CoalitionPartner.objects.running().select_related("coalition", "organisation")
    }

    def partner(slug, organisation):
        return running[slug, organisation]

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
        "nieuwe of bijgewerkte voorbeeldcijfers": load_example_figures(data),
        "benodigde expertises": len(own["expertise"]),
        "aanbod": len(own["offerings"]),
    }
