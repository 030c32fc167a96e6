import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def date_old_events(apps, schema_editor):
    """Events recorded before this migration carry their own time as `updated_at` (the
    column is new): they predate every version a form can have loaded."""
    for name in ("themeevent", "bottleneckevent"):
        model = apps.get_model('experiments', name)
        model.objects.update(updated_at=models.F("pgh_created_at"))


class Migration(migrations.Migration):
    """Themes and bottlenecks get the version their edit forms carry (stale-edit check).
    Existing rows start at the time of the migration: any value serves as a first version."""

    dependencies = [
        ("experiments", "0002_m2m_same_coalition"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='bottleneck',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='bottleneck',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='bottleneck',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='theme',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='theme',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='theme',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name="theme",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="bottleneck",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='bottleneckevent',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='gewijzigd op'),
        ),
        migrations.AddField(
            model_name='themeevent',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='gewijzigd op'),
        ),
        migrations.RunPython(date_old_events, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name='bottleneck',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "experiments_bottleneckevent" ("created_at", "description", "id", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "raised_on", "resolution", "resolved_on", "updated_at", "work_item_id") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."level", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."raised_on", NEW."resolution", NEW."resolved_on", NEW."updated_at", NEW."work_item_id"); RETURN NULL;', hash='70a88c472b624cda9700f3c0ff22f92249d1dcd4', operation='INSERT', pgid='pgtrigger_insert_insert_1ca6f', table='experiments_bottleneck', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='bottleneck',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "experiments_bottleneckevent" ("created_at", "description", "id", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "raised_on", "resolution", "resolved_on", "updated_at", "work_item_id") VALUES (NEW."created_at", NEW."description", NEW."id", NEW."level", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."raised_on", NEW."resolution", NEW."resolved_on", NEW."updated_at", NEW."work_item_id"); RETURN NULL;', hash='961bb8ee3f959b6df2aa696a4523aa4b9e67775c', operation='UPDATE', pgid='pgtrigger_update_update_a0523', table='experiments_bottleneck', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='bottleneck',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "experiments_bottleneckevent" ("created_at", "description", "id", "level", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "raised_on", "resolution", "resolved_on", "updated_at", "work_item_id") VALUES (OLD."created_at", OLD."description", OLD."id", OLD."level", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."raised_on", OLD."resolution", OLD."resolved_on", OLD."updated_at", OLD."work_item_id"); RETURN NULL;', hash='d524ecc1095fc6344a4f8fa7cd1b0168e0b1af98', operation='DELETE', pgid='pgtrigger_delete_delete_7b805', table='experiments_bottleneck', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='theme',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "experiments_themeevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."coalition_id", NEW."description", NEW."id", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."updated_at"); RETURN NULL;', hash='e8c0959fcf26d9af360b3b4feb54ce1f4be2de4e', operation='INSERT', pgid='pgtrigger_insert_insert_29e6b', table='experiments_theme', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='theme',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "experiments_themeevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."coalition_id", NEW."description", NEW."id", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."updated_at"); RETURN NULL;', hash='c1901c155d3bb792a867315a64f6246105a64196', operation='UPDATE', pgid='pgtrigger_update_update_8c35d', table='experiments_theme', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='theme',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "experiments_themeevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (OLD."coalition_id", OLD."description", OLD."id", OLD."name", OLD."order", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."updated_at"); RETURN NULL;', hash='2eb0f4d06ca2e3da22ff115ebfbc82a778023810', operation='DELETE', pgid='pgtrigger_delete_delete_3cb27', table='experiments_theme', when='AFTER')),
        ),
    ]
