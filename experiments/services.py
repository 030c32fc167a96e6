"""Writes that touch several models at once."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.forms import display_date
from experiments.models import Bottleneck, Escalation, EscalationLevel


@transaction.atomic
def escalate_bottleneck(
    *,
    bottleneck: Bottleneck,
    to_level: str,
    date: datetime.date,
    escalated_by: str,
    reason: str,
) -> Escalation:
    """Record one escalation step and move the bottleneck to its new level.

    Steps are numbered 1, 2, 3… per bottleneck and dated in order; a step always goes up from
    the bottleneck's current level. Raises ValidationError (Dutch) when the step does not fit.
    """
    # Lock the row: two editors escalating at once must not both start from the same level.
    bottleneck = Bottleneck.objects.select_for_update().get(pk=bottleneck.pk)
    if not bottleneck.is_open:
        raise ValidationError(_("Een opgelost knelpunt kan niet meer worden opgeschaald."))
    if to_level not in EscalationLevel.above(bottleneck.level):
        raise ValidationError(
            {"to_level": _("Opschalen kan alleen naar een hoger niveau dan het huidige.")}
        )
    last = bottleneck.escalations.aggregate(sequence=Max("sequence"), date=Max("date"))
    earliest = last["date"] or bottleneck.raised_on
    if date < earliest:
        raise ValidationError(
            {
                "date": _("De datum ligt vóór %(date)s, de vorige stap van dit knelpunt.")
                % {"date": display_date(earliest)}
            }
        )
    step = Escalation.objects.create(
        bottleneck=bottleneck,
        sequence=(last["sequence"] or 0) + 1,
        date=date,
        escalated_by=escalated_by,
        reason=reason,
        from_level=bottleneck.level,
        to_level=to_level,
    )
    bottleneck.level = to_level
    # updated_at too: a resolve form opened before this step is then refused as stale.
    bottleneck.save(update_fields=["level", "updated_at"])
    return step
