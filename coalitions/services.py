"""Writes that touch several models at once."""

from django.db import transaction

from coalitions.models import Coalition, StatusUpdate


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
    instance: StatusUpdate | None = None,
) -> StatusUpdate:
    """Append a status update and keep the coalition's current phase in step with the newest one.

    An update dated before the newest existing one is history filled in afterwards: it is
    stored but does not change the coalition's current phase.

    Raises ValidationError (Dutch messages per field) when the update breaks a rule of
    `StatusUpdate.clean()`, checked here against the locked coalition; nothing is written then.
    """
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
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
