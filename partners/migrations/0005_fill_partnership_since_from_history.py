"""Give every partnership without "partner sinds" the date it was recorded.

An empty `since` counted as "running since always", so a partner added without a start date
entered the half-year reports of months ago. Before `since` becomes required (0006), each
empty one gets, in this order, the first of these that is not after its end date (`until`):
1. the day the partnership was recorded: its pghistory insert event (`pgh_created_at`, in the
   project's time zone);
2. the coalition's start date;
3. the day of this migration.
If none fits (an end date before all three), the end date itself. The history keeps the empty
value in its older events; the fill is recorded as an update event.

Reverse: nothing to undo in the data (the filled dates stay; 0006's reverse makes the column
nullable again).
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone


def start_date_for(recorded_on, coalition_start, until, today):
    """The first candidate not after `until` (see the module's docstring)."""
    for candidate in (recorded_on, coalition_start, today):
        if candidate is not None and (until is None or candidate <= until):
            return candidate
    return until


def fill_since_from_history(apps, schema_editor):
    CoalitionPartner = apps.get_model("partners", "CoalitionPartner")
    Event = apps.get_model("partners", "CoalitionPartnerEvent")
    inserted = (
        Event.objects.filter(pgh_obj_id=OuterRef("pk"), pgh_label="insert")
        .order_by("pgh_created_at", "pgh_id")
        .values("pgh_created_at")[:1]
    )
    partnerships = list(
        CoalitionPartner.objects.filter(since__isnull=True)
        .annotate(recorded_at=Subquery(inserted))
        .select_related("coalition")
    )
    today = timezone.localdate()
    for partnership in partnerships:
        recorded_on = (
            timezone.localtime(partnership.recorded_at).date() if partnership.recorded_at else None
        )
        partnership.since = start_date_for(
            recorded_on, partnership.coalition.start_date, partnership.until, today
        )
    CoalitionPartner.objects.bulk_update(partnerships, ["since"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_trekker_is_a_partnership_role")]

    operations = [migrations.RunPython(fill_since_from_history, migrations.RunPython.noop)]
