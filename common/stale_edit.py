"""Lost updates: a form opened before a colleague's save is refused, never merged silently.

One mechanism for every edit form of the workspace:
- `StaleFormMixin` for a ModelForm on a row with `updated_at`: the form carries the version it
  was loaded with; on save the row is locked and compared.
- `StaleEdit`, raised by a write whose input was based on data that changed meanwhile (for
  instance a status update from a form opened before a newer one, see coalitions/services.py).
- `form_page()`, the one view flow of a form page: one transaction (one-time token, validate,
  check freshness, save), a redirect on success, a fresh form with what changed on a conflict
  (HTTP 409), a Dutch form error when a parallel save already stored the same unique row.
The conflict is shown by the include `common/conflict.html`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import history
from common.submit_once import ALREADY_SENT, SubmitOnceMixin, claim_token, record_redirect

STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft dit intussen opgeslagen. Uw wijzigingen zijn níet opgeslagen. "
    "Hieronder ziet u wat er veranderd is; het formulier toont nu de opgeslagen gegevens."
)
# A unique constraint without a message of its own (or one of a unique field).
DUPLICATE_MESSAGE = gettext_lazy(
    "Dit staat er intussen al: iemand heeft het net opgeslagen. Kijk in het overzicht of het "
    "er al staat; er is niets dubbel opgeslagen."
)


@dataclass
class ConflictRow:
    label: str
    yours: str
    stored: str


@dataclass
class Conflict:
    """What someone else saved while this form was open, next to what this user typed."""

    message: str = ""
    rows: list[ConflictRow] = field(default_factory=list)
    entries: list[history.HistoryEntry] = field(default_factory=list)

    @classmethod
    def build(
        cls, form, *, stored, message, events=(), entries=(), hidden_on_insert=()
    ) -> "Conflict":
        """The form's typed values against the attributes of `stored` (the record as it is now,
        read by field name), and what happened since the form was loaded: history `events`
        and ready `entries`, both oldest first (shown newest first)."""
        lines = [*entries, *history.to_entries(events, hidden_on_insert=hidden_on_insert)]
        return cls(message=str(message), rows=conflict_rows(form, stored), entries=lines[::-1])


class StaleEdit(ValidationError):
    """A write based on data that changed since the form was shown; nothing was written.

    `stored` is the record as it is now (its attributes are compared with the form's fields);
    what happened since the form was loaded is given as history `events` or as ready history
    `entries` (for rows that are their own history), oldest first.
    """

    def __init__(self, message, *, stored=None, events=(), entries=(), hidden_on_insert=()):
        super().__init__(message, code="stale")
        self.stored = stored
        self.events = list(events)
        self.entries = list(entries)
        self.hidden_on_insert = hidden_on_insert


class StaleFormMixin(SubmitOnceMixin):
    """Refuse a ModelForm that was loaded before someone else saved the same record.

    The form carries the record's `updated_at` from when it was shown (a hidden field). On
    save, the row is locked and its current `updated_at` compared: when they differ, nothing is
    written, `form.conflict` tells what changed (fields and history), and `form.reloaded()` gives
    a fresh form on the stored values. Nothing is ever merged silently.

    Views use `form_page()` (one transaction: validate, lock, check, save). A form that needs
    extra constructor arguments for `reloaded()` passes them to `remember_init()`. Like every
    workspace form it is submitted once (`SubmitOnceMixin`): a double click on "Opslaan" is
    a repeat, not a conflict with oneself.
    """

    version_field_name = "loaded_version"
    stale_message = STALE_MESSAGE

    def __init__(self, *args, **kwargs):
        self._init_args = (args, dict(kwargs))
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.fields[self.version_field_name] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        if self.instance.pk and self.instance.updated_at:
            self.initial[self.version_field_name] = self.instance.updated_at.isoformat()

    def remember_init(self, **kwargs):
        """Keyword arguments of the subclass's constructor, for `reloaded()`."""
        self._init_args[1].update(kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_if_stale()
        return cleaned

    def _refuse_if_stale(self):
        model = type(self.instance)
        # Locked until the transaction of form_page() ends: no save can slip in between.
        rows = model._default_manager.all()
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        stored = rows.filter(pk=self.instance.pk).first()
        loaded = parse_datetime(self.data.get(self.add_prefix(self.version_field_name)) or "")
        if stored is None:
            raise forms.ValidationError(
                _("Dit gegeven is intussen verwijderd; er is niets opgeslagen."), code="gone"
            )
        if loaded is not None and loaded == stored.updated_at:
            return
        events = history.events_tracking(stored)
        self.conflict = Conflict.build(
            self,
            stored=stored,
            events=history.updated_after(events, loaded) if loaded else events,
            message=self.stale_message,
        )
        self._stored = stored
        raise forms.ValidationError(self.stale_message, code="stale")

    def reloaded(self):
        """A fresh, unbound form on the stored values (with the new version), keeping the
        conflict so the page can show what changed and what the user had typed."""
        _args, kwargs = self._init_args
        kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "files")}
        stored = getattr(self, "_stored", None) or type(self.instance)._default_manager.get(
            pk=self.instance.pk
        )
        kwargs["instance"] = stored
        fresh = type(self)(**kwargs)
        fresh.conflict = self.conflict
        return fresh


def conflict_rows(form, stored) -> list[ConflictRow]:
    """The form's fields whose typed value differs from the same attribute of `stored`."""
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name, form_field in form.fields.items():
        if name not in cleaned or isinstance(form_field.widget, forms.HiddenInput):
            continue
        yours = _display(form_field, cleaned[name])
        current = _display(form_field, _stored_value(stored, name))
        if yours != current:
            rows.append(ConflictRow(str(form[name].label), yours, current))
    return rows


def _stored_value(obj, name):
    value = getattr(obj, name, None)
    if hasattr(value, "all"):  # many-to-many
        return list(value.all())
    return value


def _display(form_field, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        items = [_display(form_field, v) for v in value]
        return ", ".join(sorted(items))
    if hasattr(value, "pk"):
        label = getattr(form_field, "label_from_instance", str)
        return str(label(value))
    choices = dict(getattr(form_field, "choices", None) or [])
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


# --- The one view flow ---------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of a submitted form (see `submit()`)."""

    saved: Any = None
    redirect_to: str = ""
    already_sent: bool = False
    conflict: bool = False

    @property
    def done(self) -> bool:
        return bool(self.redirect_to)


def submit(
    form,
    *,
    save: Callable[[Any], Any] | None = None,
    success_url: str | Callable[[Any], str],
    also_valid: Iterable = (),
) -> Outcome:
    """Validate and save a bound form in one transaction, at most once per form token.

    - a form token used before (double click, back and resubmit, a parallel submit): nothing
      is written, the outcome points at where the first submit went;
    - invalid input (in `form` or in the forms of `also_valid`): nothing is written;
    - a stale form (`StaleFormMixin`, or `StaleEdit` raised by `save`): nothing is written,
      `form.conflict` says what changed;
    - a `ValidationError` raised by `save` (a service's rule): nothing is written, the message
      shows on the form;
    - a unique constraint that a parallel save got to first: nothing is written, a Dutch form
      error (the constraint's own message where it has one), never a server error.
    `save(form)` returns the saved object (default `form.save()`); `success_url` is a URL or a
    callable taking that object.
    """
    also_valid = list(also_valid)
    try:
        with transaction.atomic():
            earlier = claim_token(form)
            if earlier is not None:
                return Outcome(already_sent=True, redirect_to=earlier)
            valid = form.is_valid()
            for other in also_valid:  # every one validated, so all errors show at once
                valid = other.is_valid() and valid
            if not valid:
                transaction.set_rollback(True)  # the token stays unused: the user corrects
                return Outcome(conflict=getattr(form, "conflict", None) is not None)
            try:
                with transaction.atomic():
                    obj = save(form) if save else form.save()
            except StaleEdit:
                raise
            except ValidationError as exc:  # a service refusing the write, in Dutch
                form.add_error(None, exc)
                transaction.set_rollback(True)
                return Outcome()
            except IntegrityError as exc:
                message = _duplicate_message(exc)
                if message is None:
                    raise
                form.add_error(None, message)
                transaction.set_rollback(True)
                return Outcome()
            url = success_url(obj) if callable(success_url) else success_url
            record_redirect(form, url)
            return Outcome(saved=obj, redirect_to=url)
    except StaleEdit as exc:
        form.conflict = Conflict.build(
            form,
            stored=exc.stored,
            events=exc.events,
            entries=exc.entries,
            message=exc.messages[0],
            hidden_on_insert=exc.hidden_on_insert,
        )
        return Outcome(conflict=True)


def form_page(
    request,
    form,
    *,
    template: str,
    context: dict | Callable[[Any], dict],
    success_message: str | Callable[[Any], str],
    success_url: str | Callable[[Any], str],
    save: Callable[[Any], Any] | None = None,
    also_valid: Iterable = (),
) -> HttpResponse:
    """The flow of every workspace form page (the caller has checked write access).

    GET shows the form. POST goes through `submit()`: a save (or a repeat of a save) redirects
    with a message; invalid input shows the errors; a stale form shows a fresh form on the
    stored values with what changed (HTTP 409). `context` may be a callable taking the form
    that is shown (after a conflict that is the fresh one).
    """
    status = 200
    if request.method == "POST":
        outcome = submit(form, save=save, success_url=success_url, also_valid=also_valid)
        if outcome.already_sent:
            messages.info(request, ALREADY_SENT)
            return redirect(outcome.redirect_to or request.get_full_path())
        if outcome.done:
            text = success_message(outcome.saved) if callable(success_message) else success_message
            messages.success(request, text)
            return redirect(outcome.redirect_to)
        if outcome.conflict:
            form, status = form.reloaded(), 409
    extra = context(form) if callable(context) else context
    return render(request, template, {**extra, "form": form}, status=status)


def _duplicate_message(exc: IntegrityError):
    """The Dutch message for a unique-constraint violation; None for any other error."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) != "23505":  # unique_violation
        return None
    name = getattr(getattr(cause, "diag", None), "constraint_name", None)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            own = constraint.violation_error_message != constraint.default_violation_error_message
            if constraint.name == name and own:
                return constraint.get_violation_error_message()
    return DUPLICATE_MESSAGE
