"""Double submits: a form is stored at most once, however often (or how fast) it is sent.

Every workspace form carries a one-time token (`SubmitOnceMixin`, a hidden field issued with
the form). `common.stale_edit.submit()` claims it in the transaction that saves: the first
submit inserts the token's row and saves; a repeat (double click, back and resubmit) finds the
row and changes nothing; a parallel submit waits on the first one's uncommitted row and then
finds it (or, if the first one failed, takes over). The repeat is answered with a redirect to
where the first submit went and the message "Dit formulier is al verstuurd".

A POST without a token (a script, an old test) is handled as before, without this guard:
pages always render the token, and the guard protects people, not a security boundary.
"""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from common.models import SubmittedForm

ALREADY_SENT = gettext_lazy(
    "Dit formulier is al verstuurd; het is één keer opgeslagen. Open het formulier opnieuw "
    "om nog iets toe te voegen."
)
# How long a used token is remembered: far longer than any back-and-resubmit.
KEEP_USED_TOKENS = datetime.timedelta(days=7)


class SubmitOnceMixin:
    """Adds the hidden one-time token `form_token` to a form (a new one per page view)."""

    token_field_name = "form_token"
    # Provided by the Django form this mixes into (annotations only, for the type checker).
    is_bound: bool
    data: Any
    add_prefix: Callable[[str], str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.token_field_name] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
        self.initial[self.token_field_name] = uuid.uuid4().hex

    def clean(self):
        cleaned = super().clean()
        # The token is the submit's, not the record's: callers pass cleaned_data on as is.
        cleaned.pop(self.token_field_name, None)
        return cleaned

    def submitted_token(self) -> uuid.UUID | None:
        """The token this submit carries; None when it carries none (or a mangled one)."""
        if not self.is_bound:
            return None
        try:
            return uuid.UUID(str(self.data.get(self.add_prefix(self.token_field_name)) or ""))
        except ValueError:
            return None


def claim_token(form) -> str | None:
    """Mark the form's token used, in the caller's transaction.

    None when this submit may go on (its token is new, or it has none); otherwise the URL the
    first submit with this token was sent on to ("" if unknown). Waits while a parallel submit
    with the same token is still saving.
    """
    token = form.submitted_token() if isinstance(form, SubmitOnceMixin) else None
    if token is None:
        return None
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(token=token)
    except IntegrityError:
        earlier = SubmittedForm.objects.filter(token=token).values_list("redirect_to", flat=True)
        return next(iter(earlier), "")
    SubmittedForm.objects.filter(submitted_at__lt=timezone.now() - KEEP_USED_TOKENS).delete()
    return None


def record_redirect(form, url: str):
    """Remember where the submit that claimed the form's token went, for its repeats."""
    token = form.submitted_token() if isinstance(form, SubmitOnceMixin) else None
    if token is not None:
        SubmittedForm.objects.filter(token=token).update(redirect_to=url[:500])
