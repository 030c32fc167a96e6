import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def date_old_events(apps, schema_editor):
    """Events recorded before this migration carry their own time as `updated_at` (the
    column is new): they predate every version a form can have loaded."""
    for name in ("neededexpertiseevent",):
        model = apps.get_model('pijlers', name)
        model.objects.update(updated_at=models.F("pgh_created_at"))


class Migration(migrations.Migration):
    """Needed expertise gets the version its edit form carries (stale-edit check). Existing
    rows start at the time of the migration: any value serves as a first version."""

    dependencies = [
        ("pijlers", "0002_reference_data"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='neededexpertise',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='neededexpertise',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='neededexpertise',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name="neededexpertise",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="gewijzigd op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='neededexpertiseevent',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='gewijzigd op'),
        ),
        migrations.RunPython(date_old_events, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name='neededexpertise',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "pijlers_neededexpertiseevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."coalition_id", NEW."description", NEW."id", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."updated_at"); RETURN NULL;', hash='716c0e7fb5691d3169be468b6bec58e9d1912fe7', operation='INSERT', pgid='pgtrigger_insert_insert_71ce5', table='pijlers_neededexpertise', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='neededexpertise',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "pijlers_neededexpertiseevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (NEW."coalition_id", NEW."description", NEW."id", NEW."name", NEW."order", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."updated_at"); RETURN NULL;', hash='8c6a9e069363e367196c59af663bffa039b86e6d', operation='UPDATE', pgid='pgtrigger_update_update_445cb', table='pijlers_neededexpertise', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='neededexpertise',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "pijlers_neededexpertiseevent" ("coalition_id", "description", "id", "name", "order", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at") VALUES (OLD."coalition_id", OLD."description", OLD."id", OLD."name", OLD."order", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."updated_at"); RETURN NULL;', hash='44c024207cc646ba67bb3af500d2aafd988882e0', operation='DELETE', pgid='pgtrigger_delete_delete_a1e15', table='pijlers_neededexpertise', when='AFTER')),
        ),
    ]
