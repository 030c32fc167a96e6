"""Writes that touch several models at once."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coalitions.history import status_update_entries
from coalitions.models import Coalition, StatusUpdate
from common.stale_edit import StaleEdit

NEWER_UPDATE_MESSAGE = _(
    "Een collega heeft intussen een nieuwere statusupdate vastgelegd. Uw statusupdate is níet "
    "opgeslagen. Hieronder ziet u wat er veranderd is; het formulier toont nu de huidige fase."
)


@transaction.atomic
def post_status_update(
    *,
    coalition: Coalition,
    author,
    date,
    phase,
    summary="",
    next_steps="",
    bottlenecks="",
    based_on: int | None = None,
    instance: StatusUpdate | None = None,
) -> StatusUpdate:
    """Append a status update and keep the coalition's current phase in step with the newest one.

    An update dated before the newest existing one is history filled in afterwards: it is
    stored but does not change the coalition's current phase.

    `based_on` is the id of the last update stored when the author's form was shown (0: none
    yet; None: not checked, e.g. an import). When a newer one was stored meanwhile, nothing is
    written and `StaleEdit` says what changed: an old form never silently reverts a phase.

    Raises ValidationError (Dutch messages per field) when the update breaks a rule of
    `StatusUpdate.clean()`, checked here against the locked coalition; nothing is written then.
    """
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    if based_on is not None:
        newer = list(coalition.status_updates.stored_after(based_on).select_related("author"))
        if newer:
            current = coalition.status_updates.order_by("-date", "-created_at").first()
            raise StaleEdit(
                NEWER_UPDATE_MESSAGE, stored=current, entries=status_update_entries(newer)
            )
    update = instance or StatusUpdate()
    update.coalition = coalition
    update.author = author
    update.date = date
    update.phase = phase
    update.summary = summary
    update.next_steps = next_steps
    update.bottlenecks = bottlenecks
    update.full_clean()
    update.save()
    newest = coalition.status_updates.order_by("-date", "-created_at").first()
    if newest.pk == update.pk and coalition.phase != phase:
        coalition.phase = phase
        coalition.save(update_fields=["phase", "updated_at"])
    return update
