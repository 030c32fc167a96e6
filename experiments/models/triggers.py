"""Database triggers shared by the werkagenda and the agreements: a row may only name
partners of its own coalition."""

import pgtrigger


def same_coalition_trigger(name: str, partner_column: str, coalition_sql: str):
    """A trigger refusing a partner (CoalitionPartner) from another coalition than the row's."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"""
            IF NEW.{partner_column} IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM partners_coalitionpartner p
                WHERE p.id = NEW.{partner_column} AND p.coalition_id = ({coalition_sql})
            ) THEN
                RAISE EXCEPTION 'partner % belongs to another coalition', NEW.{partner_column}
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    )
