"""What needs an editor's attention, per coalition: checks other apps add to.

Each check adds the annotations it needs to the workspace QuerySet (use `Subquery`/`Exists`,
never joins that multiply rows) and turns an annotated coalition into attention items without
further queries. `coalitions` ships the "no recent status update" check; other apps register
their own in `coalitions.extensions.attention_checks` from their `AppConfig.ready()` (imports
run towards coalitions, never back):

    from coalitions.attention import AttentionCheck
    from coalitions.extensions import attention_checks

    class PillarWithoutAssessment(AttentionCheck):
        code = "pillar_without_assessment"
        def annotate(self, queryset, *, today): return queryset.annotate(...)
        def items(self, coalition, *, today): ...

    attention_checks.register(PillarWithoutAssessment())

A separate module rather than model code because it is an extension point shared by apps.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalitions import extensions


@dataclass(frozen=True)
class AttentionItem:
    """One thing to look at: a Dutch message and, when useful, where to act on it."""

    code: str
    message: str
    url: str = ""


class AttentionCheck:
    code = ""

    def annotate(self, queryset, *, today: datetime.date):
        """Add the annotations `items()` reads. Must not change the number of rows."""
        return queryset

    def items(self, coalition, *, today: datetime.date) -> list[AttentionItem]:
        raise NotImplementedError


def checks() -> list[AttentionCheck]:
    """The registered checks, coalitions' own first (`extensions.attention_checks`)."""
    return list(extensions.attention_checks)


def annotate(queryset, *, today=None):
    """Apply every registered check's annotations; remembers the reference date on the rows."""
    today = today or timezone.localdate()
    for check in checks():
        queryset = check.annotate(queryset, today=today)
    return _mark(queryset, today)


def _mark(queryset, today):
    # The reference date travels with the QuerySet's rows so items_for() uses the same "today".
    from django.db.models import DateField, Value

    return queryset.annotate(attention_today=Value(today, output_field=DateField()))


def items_for(coalition) -> list[AttentionItem]:
    """The attention items of a coalition annotated by `annotate()` (no queries)."""
    today = getattr(coalition, "attention_today", None) or timezone.localdate()
    result = []
    for check in checks():
        result.extend(check.items(coalition, today=today))
    return result


class StaleStatusCheck(AttentionCheck):
    """The coalition is stale (`Coalition.objects.stale()`: no status update for more than
    six months); a coalition without any update yet that is not stale gets a gentler note.

    Reads the annotations of `with_status_date()`, which `for_workspace()` adds.
    """

    code = "stale_status"
    first_code = "no_status_yet"

    def items(self, coalition, *, today):
        last = getattr(coalition, "last_status_date", None)
        url = reverse("coalitions:workspace_status", args=[coalition.slug])
        if coalition.is_stale(today):
            if last is None:
                message = _(
                    "Nog geen statusupdate vastgelegd. Dat is langer dan een half jaar na %(date)s."
                ) % {"date": formats.date_format(coalition.status_date, "j F Y")}
            else:
                message = _(
                    "Geen statusupdate sinds %(date)s: langer dan een half jaar geleden."
                ) % {"date": formats.date_format(last, "j F Y")}
            return [AttentionItem(self.code, message, url)]
        if last is None:
            return [AttentionItem(self.first_code, _("Nog geen statusupdate vastgelegd."), url)]
        return []


extensions.attention_checks.register(StaleStatusCheck(), order=0)
