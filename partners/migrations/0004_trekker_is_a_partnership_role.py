"""The trekker is kept in one place: the partnership role `trekker` (issue 13).

Until now it was also stored as `Coalition.trekker`, with nothing keeping the two in step.
Forward: for each coalition with a trekker, that organisation's current partnership gets the
role trekker (a partnership is created, undated, when the organisation had none); any other
open-ended trekker partnership of the coalition becomes kernpartner, so the new constraint
(one open-ended trekker per coalition) holds. coalitions 0007 then removes the field.
Reverse: the constraint goes and `Coalition.trekker` is filled from the trekker partnership.
"""

import datetime

from django.db import migrations, models
from django.db.models import Q

TREKKER, KERNPARTNER = "trekker", "kernpartner"


def running(queryset, on):
    # A frozen copy of CoalitionPartner.objects.running(): migrations cannot call model code.
    return queryset.filter(
        Q(since__isnull=True) | Q(since__lte=on), Q(until__isnull=True) | Q(until__gt=on)
    )


def roles_from_coalitions(apps, schema_editor):
    Coalition = apps.get_model("coalitions", "Coalition")
    CoalitionPartner = apps.get_model("partners", "CoalitionPartner")
    today = datetime.date.today()
    for coalition in Coalition.objects.filter(trekker__isnull=False):
        partnerships = CoalitionPartner.objects.filter(coalition=coalition)
        own = partnerships.filter(organisation_id=coalition.trekker_id)
        # Its running partnership; else the open-ended one (not started yet); else a new one.
        chosen = running(own, today).order_by("-until").first() or own.filter(
            until__isnull=True
        ).first()
        others = partnerships.filter(role=TREKKER, until__isnull=True)
        if chosen is not None:
            others = others.exclude(pk=chosen.pk)
        others.update(role=KERNPARTNER)
        if chosen is None:
            CoalitionPartner.objects.create(
                coalition=coalition, organisation_id=coalition.trekker_id, role=TREKKER
            )
        elif chosen.role != TREKKER:
            chosen.role = TREKKER
            chosen.save(update_fields=["role"])
    # Coalitions without a trekker field may still have two open-ended trekker partnerships:
    # the one that started last stays trekker.
    duplicates = (
        CoalitionPartner.objects.filter(role=TREKKER, until__isnull=True)
        .values("coalition")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("coalition", flat=True)
    )
    for coalition_id in list(duplicates):
        keep, *rest = CoalitionPartner.objects.filter(
            coalition_id=coalition_id, role=TREKKER, until__isnull=True
        ).order_by(models.F("since").desc(nulls_last=True), "-pk")
        CoalitionPartner.objects.filter(pk__in=[p.pk for p in rest]).update(role=KERNPARTNER)
    # PostgreSQL refuses to build the constraint's index below while the rows written here
    # still have deferred (foreign key) checks pending in this transaction: run them now.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def coalitions_from_roles(apps, schema_editor):
    Coalition = apps.get_model("coalitions", "Coalition")
    CoalitionPartner = apps.get_model("partners", "CoalitionPartner")
    today = datetime.date.today()
    trekkers = running(CoalitionPartner.objects.filter(role=TREKKER), today).order_by(
        "coalition_id", models.F("since").asc(nulls_first=True), "pk"
    )
    # The last one per coalition wins: the one that started last, as trekker_partnership.
    trekker_of = {p.coalition_id: p.organisation_id for p in trekkers}
    for coalition in Coalition.objects.filter(pk__in=trekker_of):
        coalition.trekker_id = trekker_of[coalition.pk]
        coalition.save(update_fields=["trekker"])
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0006_feedback"),
        ("partners", "0003_contacts_per_partnership"),
    ]

    operations = [
        migrations.RunPython(roles_from_coalitions, coalitions_from_roles),
        migrations.AddConstraint(
            model_name="coalitionpartner",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", "trekker"), ("until__isnull", True)),
                fields=("coalition",),
                name="one_running_trekker_per_coalition",
                violation_error_message="Deze coalitie heeft al een trekker. Maak die eerst "
                "kernpartner of partner, of beëindig dat partnerschap.",
            ),
        ),
    ]
