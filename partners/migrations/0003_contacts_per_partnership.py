"""Contact people belong to a partnership (coalition x organisation), no longer to the shared
organisation (issue 14: adding another coalition's organisation as partner showed its contact
people to the adding coalition and let its editors change them).

Where an existing contact person goes, in this order:

1. To the coalition that created it: the first change in its history made in a coalition's
   workspace (pghistory context `url`, /werkruimte/<slug>/...) by a coalition that has or had
   the organisation as partner. Changes through the admin or an import name no coalition, so
   the next change from a workspace decides.
2. Otherwise to the organisation's only coalition, when one coalition alone has or had it as
   partner.
3. Otherwise (several coalitions, the history silent): one copy per coalition, so that no
   coalition loses a person it could see before. That is every coalition whose partnership runs
   today (no end date, or one in the future); when none runs, every coalition that had it.
   A copy gets a copy of the original's history, so each coalition's history page and an AVG
   export or erasure of the copy are complete.
4. Organisations that no coalition has or had as partner: their contact people were shown to
   no coalition (only to Pharos in the admin) and have no partnership to go to. They are
   deleted, with a 'delete' event in the history (data minimisation); the reverse cannot bring
   them back.

Within a coalition a contact goes to its partnership without an end date, else to the one that
ended last: where `ContactPerson.objects.carry_over_to` moves contacts when an organisation
re-joins a coalition.

History events get the partnership of their contact; events of contacts deleted before this
migration get one by rules 1 and 2 when those tell, else none. Every event keeps the
organisation it named. The history triggers are off during the move: moving writes no events.

Reverse: each contact gets the organisation of its partnership back; identical people at the
same organisation (the copies of rule 3, or one person entered by two coalitions) become one
row, the oldest. The history keeps every event.
"""

import datetime
import re
from collections import defaultdict

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

WORKSPACE_URL = re.compile(r"^/werkruimte/([^/]+)/")
PERSONAL = ("name", "function", "email", "phone")


def _best_partnership(partnerships):
    """The coalition's partnership without an end date, else the one that ended last."""
    return max(partnerships, key=lambda p: (p.until is None, p.until or datetime.date.min, p.pk))


def home_coalitions(urls, by_coalition, coalition_by_slug, today, copies=True):
    """The coalitions (pks) a contact person goes to by rules 1-3 of the module docstring.

    `urls`: the pghistory context URLs of its events, oldest first; `by_coalition`: coalition
    pk -> that coalition's partnerships with the contact's organisation (not empty).
    `copies=False` (for events of deleted contacts) stops after rule 2.
    """
    for url in urls:
        match = WORKSPACE_URL.match(url or "")
        coalition = coalition_by_slug.get(match.group(1)) if match else None
        if coalition in by_coalition:
            return [coalition]
    if len(by_coalition) == 1 or not copies:
        return list(by_coalition) if len(by_coalition) == 1 else []
    running = [
        coalition
        for coalition, partnerships in by_coalition.items()
        if any(p.until is None or p.until > today for p in partnerships)
    ]
    return sorted(running or by_coalition)


def assign_contacts_to_partnerships(apps, schema_editor):
    Coalition = apps.get_model("coalitions", "Coalition")
    CoalitionPartner = apps.get_model("partners", "CoalitionPartner")
    ContactPerson = apps.get_model("partners", "ContactPerson")
    Event = apps.get_model("partners", "ContactPersonEvent")
    db = schema_editor.connection.alias
    today = datetime.date.today()

    coalition_by_slug = dict(Coalition.objects.using(db).values_list("slug", "pk"))
    partnerships = defaultdict(lambda: defaultdict(list))  # organisation -> coalition -> [p]
    for p in CoalitionPartner.objects.using(db).order_by("pk"):
        partnerships[p.organisation_id][p.coalition_id].append(p)
    urls, event_organisation = defaultdict(list), {}
    for obj_id, organisation_id, url in (
        Event.objects.using(db)
        .order_by("pgh_id")
        .values_list("pgh_obj_id", "organisation_id", "pgh_context__metadata__url")
    ):
        urls[obj_id].append(url)
        event_organisation[obj_id] = organisation_id

    moved, copies, orphans = [], [], []
    partnership_of = {}  # contact pk -> partnership pk, for its history events
    for contact in ContactPerson.objects.using(db).order_by("pk"):
        by_coalition = partnerships.get(contact.organisation_id)
        if not by_coalition:
            orphans.append(contact)
            continue
        first, *others = home_coalitions(urls[contact.pk], by_coalition, coalition_by_slug, today)
        contact.partnership_id = _best_partnership(by_coalition[first]).pk
        partnership_of[contact.pk] = contact.partnership_id
        moved.append(contact)
        for coalition in others:
            copy = ContactPerson(
                organisation_id=contact.organisation_id,
                partnership_id=_best_partnership(by_coalition[coalition]).pk,
                **{f: getattr(contact, f) for f in PERSONAL},
            )
            copies.append((contact.pk, copy))
    ContactPerson.objects.using(db).bulk_update(moved, ["partnership"], batch_size=500)
    ContactPerson.objects.using(db).bulk_create([copy for _, copy in copies], batch_size=500)

    # Events of contacts deleted before today follow rules 1 and 2, without copies.
    for obj_id in set(urls) - {c.pk for c in moved} - {c.pk for c in orphans}:
        by_coalition = partnerships.get(event_organisation[obj_id])
        coalitions = (
            home_coalitions(urls[obj_id], by_coalition, coalition_by_slug, today, copies=False)
            if by_coalition
            else []
        )
        if coalitions:
            partnership_of[obj_id] = _best_partnership(by_coalition[coalitions[0]]).pk
    by_partnership = defaultdict(list)
    for obj_id, partnership_id in partnership_of.items():
        by_partnership[partnership_id].append(obj_id)
    for partnership_id, obj_ids in by_partnership.items():
        Event.objects.using(db).filter(pgh_obj_id__in=obj_ids).update(
            partnership_id=partnership_id
        )

    # A copy's history is the original's, under the copy's id and partnership. Raw SQL keeps
    # each event's own time (the ORM would stamp "now" on pgh_created_at and updated_at).
    table = Event._meta.db_table
    kept = [
        f.column
        for f in Event._meta.concrete_fields
        if f.column not in ("pgh_id", "pgh_obj_id", "id", "partnership_id")
    ]
    columns = ", ".join(f'"{c}"' for c in kept)
    with schema_editor.connection.cursor() as cursor:
        for original_pk, copy in copies:
            cursor.execute(
                f'INSERT INTO "{table}" ("pgh_obj_id", "id", "partnership_id", {columns}) '
                f'SELECT %s, %s, %s, {columns} FROM "{table}" WHERE "pgh_obj_id" = %s '
                'ORDER BY "pgh_id"',
                [copy.pk, copy.pk, copy.partnership_id, original_pk],
            )

    if orphans:
        Event.objects.using(db).bulk_create(
            [
                Event(
                    pgh_label="delete",
                    pgh_obj_id=c.pk,
                    id=c.pk,
                    organisation_id=c.organisation_id,
                    updated_at=c.updated_at,
                    **{f: getattr(c, f) for f in PERSONAL},
                )
                for c in orphans
            ]
        )
        ContactPerson.objects.using(db).filter(pk__in=[c.pk for c in orphans]).delete()


def give_contacts_their_organisation_back(apps, schema_editor):
    CoalitionPartner = apps.get_model("partners", "CoalitionPartner")
    ContactPerson = apps.get_model("partners", "ContactPerson")
    Event = apps.get_model("partners", "ContactPersonEvent")
    db = schema_editor.connection.alias

    organisation_of = Subquery(
        CoalitionPartner.objects.using(db)
        .filter(pk=OuterRef("partnership_id"))
        .values("organisation_id")[:1]
    )
    ContactPerson.objects.using(db).update(organisation_id=organisation_of)
    Event.objects.using(db).filter(organisation__isnull=True, partnership__isnull=False).update(
        organisation_id=organisation_of
    )
    # The old model holds one row per person and organisation: identical rows become one.
    seen, duplicates = set(), []
    for contact in ContactPerson.objects.using(db).order_by("pk"):
        key = (contact.organisation_id, *(getattr(contact, f) for f in PERSONAL))
        if key in seen:
            duplicates.append(contact.pk)
        seen.add(key)
    ContactPerson.objects.using(db).filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coalitions", "0001_initial"),
        ("partners", "0002_contactperson_export_permission"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        # No history triggers while contacts move: the move is not a change anyone made.
        pgtrigger.migrations.RemoveTrigger(model_name="contactperson", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="contactperson", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="contactperson", name="delete_delete"),
        # Add the field, fill it, then tighten it.
        migrations.AddField(
            model_name="contactperson",
            name="partnership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contacts",
                to="partners.coalitionpartner",
                verbose_name="partnerschap",
            ),
        ),
        migrations.AddField(
            model_name="contactpersonevent",
            name="partnership",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="partners.coalitionpartner",
                verbose_name="partnerschap",
            ),
        ),
        migrations.AlterField(
            model_name="contactpersonevent",
            name="organisation",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="partners.organisation",
                verbose_name="organisatie",
            ),
        ),
        # Nullable before it goes, so that the reverse can add it back to a filled table.
        migrations.AlterField(
            model_name="contactperson",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contacts",
                to="partners.organisation",
                verbose_name="organisatie",
            ),
        ),
        migrations.RunPython(
            assign_contacts_to_partnerships, give_contacts_their_organisation_back
        ),
        migrations.AlterField(
            model_name="contactperson",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contacts",
                to="partners.coalitionpartner",
                verbose_name="partnerschap",
            ),
        ),
        migrations.RemoveField(model_name="contactperson", name="organisation"),
        pgtrigger.migrations.AddTrigger(
            model_name="contactperson",
trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partners_contactpersonevent" ("email", "function", "id", "name", "partnership_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "updated_at") VALUES (NEW."email", NEW."function", NEW."id", NEW."name", NEW."partnership_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."updated_at"); RETURN NULL;', hash='f6de2f52dd0ef494accd6964003bd3c3ed00f32d', operation='INSERT', pgid='pgtrigger_insert_insert_e9c13', table='partners_contactperson', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="contactperson",
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partners_contactpersonevent" ("email", "function", "id", "name", "partnership_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "updated_at") VALUES (NEW."email", NEW."function", NEW."id", NEW."name", NEW."partnership_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."updated_at"); RETURN NULL;', hash='43f4f606ac641549d347b6c30586d3573f82b155', operation='UPDATE', pgid='pgtrigger_update_update_f4fe6', table='partners_contactperson', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="contactperson",
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partners_contactpersonevent" ("email", "function", "id", "name", "partnership_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "updated_at") VALUES (OLD."email", OLD."function", OLD."id", OLD."name", OLD."partnership_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."updated_at"); RETURN NULL;', hash='3a81bdfdd88a49d2a38017da5ab081d40e9e3a4f', operation='DELETE', pgid='pgtrigger_delete_delete_f0650', table='partners_contactperson', when='AFTER')),
        ),
    ]
