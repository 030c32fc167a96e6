"""A coalition's workspace history: which events belong to it.

The rendering of events into Dutch lines is shared (common/history.py); this module only
says where a coalition's events come from. coalitions gives the rows that point at the
coalition (goals, partnerships, and whatever other apps track with a coalition foreign key);
partners registers its own (organisations and contact people) in
`extensions.history_sources` from its AppConfig, as imports
run towards coalitions.
"""

from coalitions import extensions
from common.history import (
    ACTIONS,
    Change,
    HistoryEntry,
    events_referencing,
    to_entries,
    user_label,
    value_label,
)

# A new row's coalition is the page's own coalition: listing it adds nothing.
HIDDEN_ON_INSERT = frozenset({"coalition"})


def coalition_sources(coalition):
    """(events, {model: {pk: obj}}) per source in `extensions.history_sources`."""
    return [source(coalition) for source in extensions.history_sources]


def coalition_entries(events, known=None):
    """Dutch history lines for events shown on a coalition's pages."""
    return to_entries(events, known, hidden_on_insert=HIDDEN_ON_INSERT)


def _coalition_rows(coalition):
    return events_referencing([coalition]), {type(coalition): {coalition.pk: coalition}}


def status_update_entries(updates) -> list[HistoryEntry]:
    """Status updates as history lines. They are append-only rows, their own history (no
    pghistory events), so the lines come from the rows; `author` read with them."""
    entries = []
    for update in updates:
        meta = type(update)._meta
        changes = []
        for name in ("date", "phase", "summary", "next_steps", "bottlenecks"):
            f = meta.get_field(name)
            value = getattr(update, name)
            if value not in (None, ""):
                changes.append(Change(str(f.verbose_name), "", value_label(f, value)))
        entries.append(
            HistoryEntry(
                when=update.created_at,
                user=user_label(update.author),
                action=str(ACTIONS["insert"]),
                kind=str(meta.verbose_name),
                subject=value_label(meta.get_field("date"), update.date),
                changes=changes,
            )
        )
    return entries


extensions.history_sources.register(_coalition_rows, order=0)
