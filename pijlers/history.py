"""The denkraam's side of a coalition's history (registered in PijlersConfig.ready).

Self-assessments and needed expertise point at the coalition and come with the coalition's
own source (coalitions/history.py). What points elsewhere is gathered here, one event query
per source whatever the number of events: the figures of the coalition's gemeenten (not the
national ones, which Pharos keeps for everybody) and the palette and expertise entries of its
partnerships.
"""

from common.history import events_referencing
from partners.models import CoalitionPartner
from pijlers.models import ExpertiseCoverage, Measurement, Offering


def figure_history(coalition):
    """Changes to the figures of the gemeenten the coalition works for now."""
    gemeenten = list(coalition.gemeenten.all())
    known = {type(g): {g.pk: g for g in gemeenten} for g in gemeenten[:1]}
    if not gemeenten:
        return Measurement.objects.none(), known
    return events_referencing(gemeenten, across=[Measurement.pgh_event_model]), known


def palette_history(coalition):
    """Changes to what the coalition's partners offer (palette) and which needed expertise
    they cover, ended partnerships included."""
    partnerships = {p.pk: p for p in coalition.partners.select_related("organisation")}
    known = {CoalitionPartner: partnerships}
    if not partnerships:
        return Offering.objects.none(), known
    events = events_referencing(
        list(partnerships.values()),
        across=[Offering.pgh_event_model, ExpertiseCoverage.pgh_event_model],
    )
    return events, known
