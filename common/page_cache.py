"""Exact page caching: rendered fragments cached under versions that the database bumps.

The one home of the rule "page caches are keyed on database versions".

Versions. `common.PageCacheVersion` holds one row per coalition ("coalition:<id>") and one for
reference data ("reference": gemeenten, pillars, indicators, interventions, … everything a page
shows that no single coalition owns). Every table whose content a cached page shows carries
statement-level triggers (`register`): after each INSERT, UPDATE, DELETE or TRUNCATE they set
a fresh random version for every coalition the changed rows belong to (read from the
transition tables, so one bulk statement costs one extra INSERT, however many rows), and/or
for the reference data. Forms, the admin, `QuerySet.update()`, `bulk_create`, raw SQL and
imports all go through the same triggers; nothing in Python has to remember to invalidate.
A version is random, never a counter: a rolled-back transaction, a flushed test database or a
restored backup never brings back a version under which other content was cached.

Keys. A fragment's key is built from: its name, the page's full path (filters, page number),
the versions it depends on, the viewer's role (from the app's permissions, passed in by the
view: the anonymous public, member, editor, Pharos), the language and the local date (a
partnership's end date passing or a coalition turning stale after six months changes what a
page shows without any write). Only fragments are cached, never whole responses: CSRF tokens,
messages and the user's name stay outside (`{% cachedfragment %}` refuses to store HTML with a
CSRF token).

Race. The view reads the versions BEFORE it reads the data it renders (`with_versions` reads
them in the same SELECT as the coalition's row, `every_version` before the list). A write
commits its data and its new version in one transaction, so data read after the version is at
least as new as that version: a fragment stored under version v never shows data older than
v. A later write commits a new version, so once it is committed nobody looks up v again. The
opposite order (data first, then version) could store old data under the new version and
serve it until the next write. Versions of one page are read in one query (one snapshot).

Locks. A bump updates the version row, which stays locked until the transaction commits:
two transactions writing the same coalition take turns from their first write on (different
coalitions never wait on each other). A trigger takes its rows in key order, so one statement
never deadlocks another; two long transactions that write the same two coalitions in opposite
order (or the same coalition and another row in opposite order) can, and PostgreSQL then
aborts one. Workspace forms write one coalition in one short transaction; imports should
too.

Adding a table that a cached page shows: call `register(Model, coalitions=..., reference=...)`
in its app's `models/cache_versions.py`, run makemigrations (pgtrigger writes the triggers into
the migration). `tests/common/test_page_cache.py` fails for a model with a coalition foreign key
(or any model of the project) that is neither registered nor listed there as never shown.
"""

import hashlib
import logging
from dataclasses import dataclass

import pgtrigger
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

VERSION_TABLE = "common_pagecacheversion"
REFERENCE = "reference"
TRIGGER_PREFIX = "pagecache_"

logger = logging.getLogger(__name__)

# Models registered with version triggers: {model label: (coalitions sql, reference)}; read by
# the drift test and by nothing at run time.
REGISTERED: dict[str, tuple[str | None, str | bool]] = {}


def coalition_key(coalition_id) -> str:
    return f"coalition:{coalition_id}"


def _keys_sql(rows: str, coalitions: str | None, reference: str | bool) -> list[str]:
    """SELECTs of the version keys that the changed rows in transition table `rows` touch."""
    selects = []
    if coalitions:
        if not coalitions.lstrip().upper().startswith("SELECT"):
            coalitions = f"SELECT {coalitions} FROM {{rows}}"  # just the column
        selects.append(
            f"SELECT 'coalition:' || c FROM ({coalitions.format(rows=rows)}) AS t(c)"
            " WHERE c IS NOT NULL"
        )
    if reference:
        condition = "TRUE" if reference is True else reference
        selects.append(
            f"SELECT '{REFERENCE}' WHERE EXISTS (SELECT 1 FROM {rows} WHERE {condition})"
        )
    return selects


def _bump(selects: list[str]) -> str:
    return f"""
        INSERT INTO {VERSION_TABLE} (key, version)
        SELECT key, gen_random_uuid()
        FROM (SELECT DISTINCT key FROM ({" UNION ".join(selects)}) AS touched(key)) AS changed
        ORDER BY key
        ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
    """


def version_triggers(coalitions: str | None = None, reference: str | bool = False):
    """The four statement-level triggers that bump the versions a table's rows belong to.

    `coalitions`: the coalition id column of the table ("coalition_id"), or a SELECT of
    coalition ids from the changed rows `{rows}` (joined to a parent table). `reference`: True
    when every change bumps the reference version, or an SQL condition on the changed rows.
    PostgreSQL allows transition tables only on single-event triggers, hence one per event;
    TRUNCATE has no rows and bumps the reference version, which every key contains.
    """

    def trigger(operation, suffix, referencing, selects):
        return pgtrigger.Trigger(
            name=f"{TRIGGER_PREFIX}{suffix}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=referencing,
            func=_bump(selects),
        )

    return [
        trigger(
            pgtrigger.Insert,
            "ins",
            pgtrigger.Referencing(new="new_rows"),
            _keys_sql("new_rows", coalitions, reference),
        ),
        trigger(
            pgtrigger.Update,
            "upd",
            pgtrigger.Referencing(old="old_rows", new="new_rows"),
            _keys_sql("old_rows", coalitions, reference)
            + _keys_sql("new_rows", coalitions, reference),
        ),
        trigger(
            pgtrigger.Delete,
            "del",
            pgtrigger.Referencing(old="old_rows"),
            _keys_sql("old_rows", coalitions, reference),
        ),
        trigger(pgtrigger.Truncate, "trunc", None, [f"SELECT '{REFERENCE}'"]),
    ]


def register(model, *, coalitions: str | None = None, reference: str | bool = False):
    """Give `model`'s table the version triggers (see `version_triggers`)."""
    if not coalitions and not reference:
        raise ValueError("A registered table bumps a coalition's version, the reference, or both.")
    pgtrigger.register(*version_triggers(coalitions, reference))(model)
    REGISTERED[model._meta.label] = (coalitions, reference)
    return model


# --- Reading versions and fragments -------------------------------------------------------


def versions_sql(coalition_id_sql: str) -> str:
    """SQL for the page-cache versions of the coalition whose id is `coalition_id_sql`, and of
    the reference data, as one string ("reference=<v>,coalition:<id>=<v>"): the one spelling
    of a coalition page's versions. "-" stands for a version never written since the table
    exists."""

    def version(key_sql):
        return f"coalesce((SELECT version::text FROM {VERSION_TABLE} WHERE key = {key_sql}), '-')"

    own_id = f"({coalition_id_sql})::text"
    reference = version(f"'{REFERENCE}'")
    own = version(f"'coalition:' || {own_id}")
    return f"'{REFERENCE}=' || {reference} || ',coalition:' || {own_id} || '=' || {own}"


def with_versions(queryset):
    """`queryset` (of coalitions) with `page_cache_versions` on each row: the reference
    version and that of the row's coalition, read by the same SELECT as the row (one
    snapshot, no extra query). Fields of that row are then exactly as old as the versions;
    whatever the page reads after is at least as new (see "Race").

    Plain SQL rather than ORM expressions: a cached page's hit is this one query, and
    building Subquery/Concat/Cast expressions cost more than the rest of the hit."""
    meta = queryset.model._meta
    column = f'"{meta.db_table}"."{meta.pk.column}"'
    return queryset.annotate(
        page_cache_versions=RawSQL(versions_sql(column), (), output_field=CharField())
    )


def every_version() -> str:
    """A digest of all versions (the reference and every coalition), in one query: for a page
    that shows every coalition, such as the public list."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(coalesce(string_agg(key || '=' || version::text, ','"
            f" ORDER BY key), '')) FROM {VERSION_TABLE}"
        )
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Fragment:
    """A cache key and, on a hit, the HTML stored under it."""

    key: str
    html: str | None

    @property
    def hit(self) -> bool:
        return self.html is not None


def fragment(request, name, *, role, versions) -> Fragment:
    """Look up fragment `name` of this request's page. `versions` come from `with_versions`
    (on the row of the page's coalition) or `every_version()`, read BEFORE the data the
    fragment shows (see "Race"); on a miss, read the data and let `{% cachedfragment %}`
    render and store it.

    `role` is the viewer's role as the app's permissions define it (for a coalition:
    `coalitions.permissions.viewer_role`); never a rule of its own here.
    """
    return fragments(request, [name], role=role, versions=versions)[name]


def fragments(request, names, *, role, versions) -> dict[str, Fragment]:
    """`fragment` for several parts of one page, looked up in one round trip to the cache."""

    def key(name):
        parts = [
            name,
            request.get_full_path(),
            versions,
            role,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        ]
        return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    keys = {name: key(name) for name in names}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:  # a cache that does not answer costs a render, never the page
        logger.warning("page cache unavailable", exc_info=True)
        found = {}
    return {name: Fragment(k, found.get(k)) for name, k in keys.items()}


# A fragment must never hold a form token: it would be served to someone else.
CSRF_MARK = "csrfmiddlewaretoken"


def store(fragment: Fragment, html: str) -> bool:
    """Store `html` under the fragment's key (not when it holds a CSRF token)."""
    if CSRF_MARK in html:
        return False
    try:
        cache.set(fragment.key, html, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return False
    return True
