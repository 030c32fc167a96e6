"""The audit trail (django-pghistory events) turned into Dutch lines: who, when, what changed.

pghistory's triggers record every insert, update and delete, also from bulk updates and
imports; `HistoryMiddleware` adds the user of the request. This module reads those events
for the workspace pages (a coalition's history, the stale-form conflict view). It knows no app
of the project: the events model is the one `PGHISTORY_ADMIN_MODEL` names (an `Events` proxy
with a `user` field), looked up when a function runs.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import display_date
from common.numbers import format_decimal

HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at"})
ACTIONS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: str
    action: str
    kind: str
    subject: str
    changes: list[Change] = field(default_factory=list)


# An update whose only difference is `updated_at` (a save that changed nothing, such as a
# repeated import) is noise for people; leave it out in the database so paging stays right.
MEANINGFUL = RawSQL(
    "NOT (pgh_label = 'update' AND (pgh_diff IS NULL OR (pgh_diff - 'updated_at') = '{}'::jsonb))",
    [],
    output_field=models.BooleanField(),
)


def events_model():
    """The project's events model (`settings.PGHISTORY_ADMIN_MODEL`), with its `user`."""
    return apps.get_model(settings.PGHISTORY_ADMIN_MODEL)


def events_tracking(*objs):
    """Events of the given objects, oldest first, with their user."""
    return events_model().objects.tracks(*objs).select_related("user").order_by("pgh_id")


def events_referencing(objs, *, across=None):
    """Events of rows pointing at `objs` (the objects themselves included), newest first."""
    qs = events_model().objects.references(*objs).filter(MEANINGFUL)
    if across:
        qs = qs.across(*across)
    return qs.select_related("user").order_by("-pgh_created_at", "-pgh_id")


def updated_after(events, moment: datetime.datetime):
    """What happened to a row since the version `moment` (its `updated_at`) was read.

    `events` oldest first. Everything after the save that produced that version counts, also
    bulk updates that left `updated_at` alone; without that save, whatever is newer.
    """
    events = list(events)
    stamps = [parse_datetime((e.pgh_data or {}).get("updated_at") or "") for e in events]
    for i, stamp in enumerate(stamps):
        if stamp == moment:
            return events[i + 1 :]
    return [e for e, stamp in zip(events, stamps, strict=True) if stamp is None or stamp > moment]


def _fields_by_column(model):
    return {f.column: f for f in model._meta.concrete_fields}


def user_label(user) -> str:
    """Who made a change, as people read it."""
    if user is None:
        return _("systeem of import")
    return user.get_full_name() or user.get_username()


def to_entries(events, known=None, *, hidden_on_insert=frozenset()) -> list[HistoryEntry]:
    """Dutch history lines for `events`.

    Names of related rows come from `known` ({model: {pk: obj}}, rows the caller has read
    anyway) and otherwise from one query per related model, never one per event. Fields named
    in `hidden_on_insert` are left out of a new row's lines (e.g. the page's own parent).
    """
    events = list(events)
    known = known or {}
    hidden_on_insert = HIDDEN_FIELDS | set(hidden_on_insert)
    # Gather foreign keys first so that each related model is read once for the whole page.
    wanted: dict[type[models.Model], set] = {}
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        columns = _fields_by_column(model)
        for key in _keys(event):
            f = columns.get(key)
            if f is not None and f.is_relation:
                for value in _values(event, key):
                    if value is not None:
                        wanted.setdefault(f.related_model, set()).add(value)
    related = {model: dict(objs) for model, objs in known.items()}
    for model, ids in wanted.items():
        missing = ids - set(related.get(model, {}))
        if not missing:
            continue
        qs = model._default_manager.all()
        if _named_by_organisation(model):
            qs = qs.select_related("organisation")
        related.setdefault(model, {}).update(qs.in_bulk(missing))

    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        columns = _fields_by_column(model)
        data = event.pgh_data or {}
        label = event.pgh_label
        changes = []
        if label == "update":
            for key, (old, new) in sorted((event.pgh_diff or {}).items()):
                f = columns.get(key)
                if f is None or f.name in HIDDEN_FIELDS:
                    continue
                changes.append(
                    Change(str(f.verbose_name), _show(f, old, related), _show(f, new, related))
                )
            if not changes:
                continue  # only a timestamp moved: nothing a person would call a change
        elif label == "insert":
            in_subject = set(getattr(model, "history_subject", ()))
            for f in model._meta.concrete_fields:  # in the model's own field order
                value = data.get(f.column)
                if f.name in hidden_on_insert | in_subject or value in (None, "", []):
                    continue
                changes.append(Change(str(f.verbose_name), "", _show(f, value, related)))
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at,
                user=user_label(event.user),
                action=str(ACTIONS.get(label, label)),
                kind=str(model._meta.verbose_name),
                subject=_subject(model, data, related),
                changes=changes,
            )
        )
    return entries


def _named_by_organisation(model) -> bool:
    # Rows that stand for "an organisation in something" (a partnership) read best under the
    # organisation's name; recognised by shape, so this module needs no import of their app.
    names = {f.name for f in model._meta.concrete_fields}
    return "organisation" in names and "coalition" in names


def _keys(event):
    return set((event.pgh_data or {}).keys()) | set((event.pgh_diff or {}).keys())


def _values(event, key):
    values = [(event.pgh_data or {}).get(key)]
    if event.pgh_diff and key in event.pgh_diff:
        values.extend(event.pgh_diff[key])
    return values


def _subject(model, data, related) -> str:
    # A row without a name of its own (a figure, a link between two rows) says which fields
    # name it: `history_subject = ("indicator", "gemeente", "period")` on the model.
    named_by = getattr(model, "history_subject", ())
    if named_by:
        fields = [model._meta.get_field(name) for name in named_by]
        # An empty field is left out: a row names either one thing or another (an assessment
        # is of a pillar or of an element).
        return " – ".join(
            _show(f, data.get(f.column), related) for f in fields if data.get(f.column) is not None
        )
    for name in ("name", "description"):
        if data.get(name):
            return Truncator(str(data[name])).chars(70)
    columns = _fields_by_column(model)
    for column in ("organisation_id", "coalition_id"):
        if data.get(column) is not None and column in columns:
            return _show(columns[column], data[column], related)
    return f"#{data.get('id', '?')}"


def file_names_in_diff(model_label: str, diff: dict) -> dict:
    """`diff` ({column: [old, new]}, or an event's data {column: value}) with a file field's
    stored path replaced by the file's name, for pages that show raw events (the admin)."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return diff
    columns = _fields_by_column(model)
    shown = {}
    for key, values in diff.items():
        f = columns.get(key)
        if isinstance(f, models.FileField):
            if isinstance(values, list):
                values = [PurePosixPath(str(v)).name if v else v for v in values]
            elif values:
                values = PurePosixPath(str(values)).name
        shown[key] = values
    return shown


def value_label(f, value) -> str:
    """A model field's value (not a relation) as a person reads it."""
    return _show(f, value, {})


def _show(f, value, related) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(f, models.FileField):
        # The file's own name ("convenant-delft.pdf"), never where the storage keeps it.
        return PurePosixPath(str(value)).name
    if f.is_relation:
        obj = related.get(f.related_model, {}).get(value)
        if obj is None:
            return _("(verwijderd, #%(id)s)") % {"id": value}
        if hasattr(obj, "get_full_name"):
            return obj.get_full_name() or obj.get_username()
        if _named_by_organisation(type(obj)):
            return obj.organisation.name
        return str(obj)
    choices = dict(getattr(f, "choices", None) or [])
    base = getattr(f, "base_field", None)
    if isinstance(value, list):
        base_choices = dict(getattr(base, "choices", None) or [])
        return ", ".join(str(base_choices.get(v, v)) for v in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(f, models.DecimalField | models.FloatField):
        return format_decimal(value)  # "7,1", as every page shows a number
    if isinstance(f, models.DateTimeField):
        # Local time in the pages' format ("30 november 2026 20:38"), not the stored ISO text.
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return formats.date_format(timezone.localtime(moment), "j F Y H:i")
    if isinstance(f, models.DateField):
        day = parse_date(str(value))
        return display_date(day) if day else str(value)
    return str(value)
