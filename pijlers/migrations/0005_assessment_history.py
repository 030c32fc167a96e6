"""Self-assessments get a history (insert events), so the coalition's history lists them.

Assessments recorded before this migration get their insert event too, dated when they were
recorded (who recorded them is the row's `author`; the request's user is unknown)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


BACKFILL = """
INSERT INTO pijlers_assessmentevent (
    pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id,
    id, coalition_id, pillar_id, date, level, notes, next_actions, author_id, created_at
)
SELECT a.created_at, 'insert', a.id, NULL,
       a.id, a.coalition_id, a.pillar_id, a.date, a.level, a.notes, a.next_actions,
       a.author_id, a.created_at
FROM pijlers_assessment a
"""
UNFILL = "DELETE FROM pijlers_assessmentevent WHERE pgh_context_id IS NULL"


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0008_remove_coalition_trekker"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("pijlers", "0004_indicator_plausible_range"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentEvent",
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                ("id", models.BigIntegerField()),
                ("date", models.DateField(verbose_name="datum")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("niet_gestart", "Niet gestart"),
                            ("verkennend", "Verkennend"),
                            ("in_ontwikkeling", "In ontwikkeling"),
                            ("ingericht", "Ingericht"),
                            ("geborgd", "Geborgd"),
                        ],
                        max_length=20,
                        verbose_name="niveau",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="toelichting")),
                ("next_actions", models.TextField(blank=True, verbose_name="volgende acties")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="vastgelegd op"),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "pijlers_assessmentevent" ("author_id", "coalition_id", "created_at", "date", "id", "level", "next_actions", "notes", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "pillar_id") VALUES (NEW."author_id", NEW."coalition_id", NEW."created_at", NEW."date", NEW."id", NEW."level", NEW."next_actions", NEW."notes", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."pillar_id"); RETURN NULL;',
                    hash="131276326be7565147e763b0ae7ab836b9f29163",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_27741",
                    table="pijlers_assessment",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="author",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="auteur",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="coalition",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="coalitions.coalition",
                verbose_name="coalitie",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="pgh_context",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="pghistory.context",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="pgh_obj",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="events",
                to="pijlers.assessment",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="pillar",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="pijlers.pillar",
                verbose_name="pijler",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=UNFILL),
    ]
