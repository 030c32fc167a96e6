"""The database refuses themes and partners of another coalition on a work item.

The forms already limit the choices; this trigger keeps the rule also for the shell, scripts
and bulk SQL. The tables are Django's automatic many-to-many tables, so the triggers are
plain SQL here rather than pgtrigger declarations on a model.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION experiments_workitem_m2m_same_coalition() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'experiments_workitem_themes' THEN
        IF NOT EXISTS (
            SELECT 1 FROM experiments_theme t
            JOIN experiments_workitem w ON w.id = NEW.workitem_id
            WHERE t.id = NEW.theme_id AND t.coalition_id = w.coalition_id
        ) THEN
            RAISE EXCEPTION 'theme % belongs to another coalition', NEW.theme_id
                USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        IF NOT EXISTS (
            SELECT 1 FROM partners_coalitionpartner p
            JOIN experiments_workitem w ON w.id = NEW.workitem_id
            WHERE p.id = NEW.coalitionpartner_id AND p.coalition_id = w.coalition_id
        ) THEN
            RAISE EXCEPTION 'partner % belongs to another coalition', NEW.coalitionpartner_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER workitem_themes_same_coalition
    BEFORE INSERT OR UPDATE ON experiments_workitem_themes
    FOR EACH ROW EXECUTE FUNCTION experiments_workitem_m2m_same_coalition();
CREATE TRIGGER workitem_partners_same_coalition
    BEFORE INSERT OR UPDATE ON experiments_workitem_partners
    FOR EACH ROW EXECUTE FUNCTION experiments_workitem_m2m_same_coalition();
"""

REVERSE = """
DROP TRIGGER IF EXISTS workitem_themes_same_coalition ON experiments_workitem_themes;
DROP TRIGGER IF EXISTS workitem_partners_same_coalition ON experiments_workitem_partners;
DROP FUNCTION IF EXISTS experiments_workitem_m2m_same_coalition();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("experiments", "0001_werkagenda_and_agreements"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION + TRIGGERS, reverse_sql=REVERSE),
    ]
