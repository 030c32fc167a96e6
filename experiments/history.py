"""The werkagenda's side of a coalition's history (registered in ExperimentsConfig.ready).

Themes, items and agreements point at the coalition and come with the coalition's own source
(coalitions/history.py). What points at those rows is gathered here, one event query per
source whatever the number of events: bottlenecks and their escalation steps, the partners
and themes linked to items, and the signatories of agreements.
"""

from common.history import events_referencing
from experiments.models import (
    Agreement,
    Bottleneck,
    Escalation,
    Signatory,
    WorkItem,
    WorkItemPartner,
    WorkItemTheme,
)


def _none(model, known):
    return model.objects.none(), known


def item_history(coalition):
    """Bottlenecks raised on the coalition's items, and partners and themes linked to (or
    taken off) an item."""
    items = {i.pk: i for i in WorkItem.objects.filter(coalition=coalition)}
    known = {WorkItem: items}
    if not items:
        return _none(Bottleneck, known)
    across = [m.pgh_event_model for m in (Bottleneck, WorkItemPartner, WorkItemTheme)]
    return events_referencing(list(items.values()), across=across), known


def escalation_history(coalition):
    """Each escalation step of the coalition's bottlenecks."""
    bottlenecks = {b.pk: b for b in Bottleneck.objects.filter(work_item__coalition=coalition)}
    known = {Bottleneck: bottlenecks}
    if not bottlenecks:
        return _none(Escalation, known)
    events = events_referencing(list(bottlenecks.values()), across=[Escalation.pgh_event_model])
    return events, known


def signatory_history(coalition):
    """Organisations added to or taken off the coalition's agreements, and who signed."""
    agreements = {a.pk: a for a in Agreement.objects.filter(coalition=coalition)}
    known = {Agreement: agreements}
    if not agreements:
        return _none(Signatory, known)
    events = events_referencing(list(agreements.values()), across=[Signatory.pgh_event_model])
    return events, known
