"""Exact page caching (common/page_cache.py): the heavy pages are served from the cache, yet
every change shows on the very next request, whichever way it was written, because the
database itself bumps the versions the cache keys are built from."""

import datetime

import pghistory.models
import pgtrigger
import pytest
import tablib
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition
from common import page_cache
from common.models import PageCacheVersion
from experiments.models import WorkItem
from partners.models import CoalitionPartner, ContactPerson, Organisation
from tests.factories import (
    BottleneckFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    PartnerRelationFactory,
    ThemeFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def map_url(coalition):
    return reverse("partners:map", args=[coalition.slug])


def detail_url(coalition):
    return reverse("coalitions:public_detail", args=[coalition.slug])


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cached(client, url) -> str:
    """The page, after making sure its fragment is in the cache (a second request is a hit)."""
    page(client, url)
    response = client.get(url)
    assert response.context["fragment"].hit, f"{url} was not served from the cache"
    return response.content.decode()


def version(coalition) -> str:
    row = PageCacheVersion.objects.filter(key=page_cache.coalition_key(coalition.pk)).first()
    return str(row.version) if row else "-"


@pytest.fixture
def partner(coalition):
    return CoalitionPartnerFactory(
        coalition=coalition, organisation__name="Kraamzorg Oud", organisation__kvk_number="12345678"
    )


# --- Every write path shows on the next request -------------------------------------------


def test_a_partnership_ended_in_the_workspace_leaves_the_public_page_at_once(
    client, editor, coalition, partner
):
    assert "Kraamzorg Oud" in cached(client, detail_url(coalition))
    partner.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        reverse("partners:workspace_partner_end", args=[coalition.slug, partner.pk]),
        {"until": "2024-12-31", "loaded_version": partner.updated_at.isoformat()},
    )
    assert response.status_code == 302
    client.logout()
    assert "Kraamzorg Oud" not in page(client, detail_url(coalition))


def test_a_contact_person_deleted_in_the_admin_leaves_the_members_map_at_once(
    client, superuser, member, coalition, partner
):
    person = ContactPersonFactory(partnership=partner, email="noor@example.org")
    client.force_login(member)
    assert "noor@example.org" in cached(client, map_url(coalition))
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_contactperson_delete", args=[person.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.force_login(member)
    assert "noor@example.org" not in page(client, map_url(coalition))


def test_an_organisation_renamed_by_queryset_update_shows_on_the_map_at_once(
    client, coalition, partner
):
    assert "Kraamzorg Oud" in cached(client, map_url(coalition))
    Organisation.objects.filter(pk=partner.organisation_id).update(name="Kraamzorg Nieuw")
    body = page(client, map_url(coalition))
    assert "Kraamzorg Nieuw" in body and "Kraamzorg Oud" not in body


def test_contact_people_added_by_bulk_create_show_to_members_at_once(
    client, member, coalition, partner
):
    client.force_login(member)
    assert "Sanne Bulk" not in cached(client, map_url(coalition))
    ContactPerson.objects.bulk_create([ContactPerson(partnership=partner, name="Sanne Bulk")])
    assert "Sanne Bulk" in page(client, map_url(coalition))


def test_an_ambition_written_by_raw_sql_shows_on_the_public_page_at_once(client, coalition):
    assert "Iedere baby telt" not in cached(client, detail_url(coalition))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE coalitions_coalition SET ambition = %s WHERE id = %s",
            ["Iedere baby telt", coalition.pk],
        )
    assert "Iedere baby telt" in page(client, detail_url(coalition))


def test_an_organisation_import_shows_on_the_map_at_once(client, coalition, partner):
    from partners.resources import OrganisationResource

    assert "Kraamzorg Oud" in cached(client, map_url(coalition))
    dataset = tablib.Dataset(
        [
            "Kraamzorg Geïmporteerd",
            "12345678",
            "Verloskundigenpraktijk",
            "",
            "",
            "2611 HX",
            "Delft",
        ],
        headers=["naam", "kvk_nummer", "categorie", "domein", "adres", "postcode", "plaats"],
    )
    result = OrganisationResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    body = page(client, map_url(coalition))
    assert "Kraamzorg Geïmporteerd" in body and "Kraamzorg Oud" not in body


def test_a_relation_added_shows_on_the_network_page_at_once(client, coalition, partner):
    other = CoalitionPartnerFactory(coalition=coalition, organisation__name="Wijkteam Zuid")
    url = reverse("partners:network", args=[coalition.slug])
    before = cached(client, url)
    PartnerRelationFactory(source=partner, target=other)
    after = page(client, url)
    assert after.count("Wijkteam Zuid") > before.count("Wijkteam Zuid")


@pytest.mark.parametrize(
    ("name", "viewer"),
    [("connections_fragment", None), ("workspace_connections_fragment", "member")],
)
def test_a_relation_added_shows_in_the_folded_connection_tables_at_once(
    client, request, coalition, partner, name, viewer
):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))
    other = CoalitionPartnerFactory(coalition=coalition, organisation__name="Wijkteam Zuid")
    url = reverse(f"partners:{name}", args=[coalition.slug])
    pairs = "Paren met een relatie, per domeinpaar"
    assert pairs not in cached(client, url)
    PartnerRelationFactory(source=partner, target=other)
    assert pairs in page(client, url)


def test_a_work_item_added_shows_in_the_werkagenda_at_once(client, editor, coalition):
    client.force_login(editor)
    url = reverse("experiments:timeline", args=[coalition.slug])
    assert "Voorleesochtend" not in cached(client, url)
    WorkItemFactory(
        coalition=coalition, title="Voorleesochtend", themes=[ThemeFactory(coalition=coalition)]
    )
    assert "Voorleesochtend" in page(client, url)


def test_a_knelpunt_raised_changes_the_werkagendas_open_count_at_once(client, editor, coalition):
    """The "Open knelpunten" line is part of the cached werkagenda body."""
    client.force_login(editor)
    url = reverse("experiments:timeline", args=[coalition.slug])
    item = WorkItemFactory(coalition=coalition, themes=[ThemeFactory(coalition=coalition)])
    assert "Werkgroep: 1" not in cached(client, url)
    BottleneckFactory(work_item=item)
    assert "Werkgroep: 1" in page(client, url)


def test_publishing_an_item_shows_it_on_the_public_werkagenda_at_once(client, coalition):
    url = reverse("experiments:public_werkagenda", args=[coalition.slug])
    item = WorkItemFactory(
        coalition=coalition,
        title="Voorleesochtend",
        published=False,
        themes=[ThemeFactory(coalition=coalition)],
    )
    assert "Voorleesochtend" not in cached(client, url)
    WorkItem.objects.filter(pk=item.pk).update(published=True)
    assert "Voorleesochtend" in page(client, url)
    WorkItem.objects.filter(pk=item.pk).update(published=False)
    assert "Voorleesochtend" not in page(client, url)


def test_without_the_trigger_the_page_would_be_stale(client, coalition, partner):
    """The tests above pass because of the database trigger, not by luck: switched off, the
    cached page keeps showing the old name."""
    assert "Kraamzorg Oud" in cached(client, map_url(coalition))
    with pgtrigger.ignore("partners.Organisation:pagecache_upd"):
        Organisation.objects.filter(pk=partner.organisation_id).update(name="Kraamzorg Nieuw")
    assert "Kraamzorg Oud" in page(client, map_url(coalition))


# --- Roles, coalitions, queries, dates ----------------------------------------------------


def test_anonymous_visitors_never_get_the_members_fragment_with_contact_people(
    client, member, coalition, partner
):
    ContactPersonFactory(partnership=partner, name="Noor Verdonk")
    client.force_login(member)
    assert "Noor Verdonk" in cached(client, map_url(coalition))
    client.logout()
    assert "Noor Verdonk" not in cached(client, map_url(coalition))
    client.force_login(member)  # and the public fragment is not served to the member either
    assert "Noor Verdonk" in page(client, map_url(coalition))


def test_a_change_in_one_coalition_leaves_the_others_version_alone(
    coalition, other_coalition, partner
):
    CoalitionPartnerFactory(coalition=other_coalition)
    before = version(other_coalition), version(coalition)
    Organisation.objects.filter(pk=partner.organisation_id).update(name="Kraamzorg Nieuw")
    ContactPersonFactory(partnership=partner)
    assert version(other_coalition) == before[0]
    assert version(coalition) != before[1]


def test_an_organisation_bumps_every_coalition_it_is_a_partner_of(
    coalition, other_coalition, partner
):
    CoalitionPartnerFactory(coalition=other_coalition, organisation=partner.organisation)
    before = version(coalition), version(other_coalition)
    Organisation.objects.filter(pk=partner.organisation_id).update(place="Rijswijk")
    assert version(coalition) != before[0] and version(other_coalition) != before[1]


@pytest.mark.parametrize(
    "url_for",
    [
        detail_url,
        map_url,
        lambda c: reverse("partners:network", args=[c.slug]),
        lambda c: reverse("coalitions:public_list"),
        lambda c: reverse("experiments:public_werkagenda", args=[c.slug]),
    ],
    ids=["public_detail", "partner_map", "network", "public_list", "public_werkagenda"],
)
def test_a_cached_page_runs_fewer_queries_than_a_fresh_one(client, coalition, partner, url_for):
    url = url_for(coalition)
    with CaptureQueriesContext(connection) as miss:
        page(client, url)
    with CaptureQueriesContext(connection) as hit:
        page(client, url)
    assert len(hit) < len(miss)
    assert len(hit) <= 2, [q["sql"] for q in hit]


def test_a_partnership_whose_end_date_passes_leaves_the_page_the_next_day(
    client, coalition, settings
):
    """The local date is part of the key: nothing is written when a day passes. The day is
    moved by the time zone (UTC-12 and UTC+14 are always on different dates)."""
    settings.TIME_ZONE = "Etc/GMT+12"
    today = timezone.localdate()
    CoalitionPartnerFactory(
        coalition=coalition,
        organisation__name="Stopt Morgen",
        until=today + datetime.timedelta(days=1),
    )
    assert "Stopt Morgen" in cached(client, detail_url(coalition))
    settings.TIME_ZONE = "Etc/GMT-14"
    assert timezone.localdate() > today
    assert "Stopt Morgen" not in page(client, detail_url(coalition))


def test_emptying_the_versions_and_a_table_with_truncate_still_gives_a_new_key(coalition, partner):
    """Versions are random, never counters: after a TRUNCATE (a flushed test database, a
    restore) no earlier key comes back, because the TRUNCATE trigger sets a new reference."""
    before = page_cache.every_version()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE common_pagecacheversion, partners_contactperson")
    assert PageCacheVersion.objects.filter(key=page_cache.REFERENCE).exists()
    assert page_cache.every_version() != before


def test_a_fragment_with_a_form_token_is_never_stored(rf):
    request = rf.get("/")
    fragment = page_cache.fragment(request, "test", role="public", versions="x")
    assert not page_cache.store(fragment, '<input name="csrfmiddlewaretoken" value="geheim">')
    assert not page_cache.fragment(request, "test", role="public", versions="x").hit


# --- The rule cannot drift -----------------------------------------------------------------

# Tables of the project that no cached page shows, with the reason. Anything else must have
# the version triggers: a new table fails here until it is registered (or listed, with why).
NOT_ON_CACHED_PAGES = {
    "coalitions.Feedback": "Pharos' notes: rendered outside the overview's cached parts",
    "coalitions.Invitation": "the team page",
    "coalitions.RunningCoalitionGemeente": "a view over CoalitionGemeente, which has triggers",
    "coalitions.Goal_pillars": "the overview's cached goals card shows no pillars",
    "coalitions.Goal_elements": "the overview's cached goals card shows no elements",
    "coalitions.Goal_indicators": "the overview's cached goals card shows no indicators",
    "experiments.WorkItem_pillars": "the pijlerdekking (workspace), not a cached page",
    "experiments.WorkItem_elements": "the pijlerdekking (workspace), not a cached page",
    "notifications.Notification": "a user's own notices",
    "notifications.NotificationSettings": "a user's own settings",
    "kansrijke.AuditLogEntry": "the audit log",
    "kansrijke.EstablishedReport": "Pharos' stored reports",
    "api.ApiToken": "API tokens",
    "common.SubmittedForm": "form tokens",
    "common.ImportJob": "import progress",
    "common.PageCacheVersion": "the versions themselves",
}
PROJECT_APPS = {"coalitions", "partners", "pijlers", "experiments", "kansrijke", "common"}
PROJECT_APPS |= {"notifications", "api"}


def installed_triggers() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE %s",
            [f"pgtrigger_{page_cache.TRIGGER_PREFIX}%"],
        )
        found: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name.split("_")[2])
        return found


def project_tables():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        if issubclass(model, pghistory.models.Event) or model._meta.db_table == "pghistory_events":
            continue  # the history's own tables
        yield model


def test_every_table_a_cached_page_may_show_bumps_its_versions_in_the_database():
    triggers = installed_triggers()
    missing = [
        model._meta.label
        for model in project_tables()
        if model._meta.label not in NOT_ON_CACHED_PAGES
        and triggers.get(model._meta.db_table) != {"ins", "upd", "del", "trunc"}
    ]
    assert not missing, (
        "These tables have no page-cache version triggers: register them in the app's "
        "models/cache_versions.py (common/page_cache.py says how) or list them in "
        f"NOT_ON_CACHED_PAGES with the reason: {missing}"
    )


def test_every_table_with_a_coalition_key_has_the_triggers_or_a_reason():
    triggers = installed_triggers()
    for model in project_tables():
        points_at_coalition = any(
            f.is_relation and f.related_model is Coalition for f in model._meta.fields
        )
        if points_at_coalition and model._meta.label not in NOT_ON_CACHED_PAGES:
            assert model._meta.db_table in triggers, model._meta.label


def test_the_partnership_table_is_covered_so_the_drift_check_can_fail():
    assert installed_triggers()[CoalitionPartner._meta.db_table] == {"ins", "upd", "del", "trunc"}


def test_parts_looked_up_together_are_the_parts_looked_up_alone(rf):
    """The workspace overview reads its five parts in one round trip (`fragments`): a part
    stored there is found by `fragment` and the other way round."""
    request = rf.get("/werkruimte/delft/")
    alone = page_cache.fragment(request, "a", role="editor", versions="v1")
    page_cache.store(alone, "<p>A</p>")
    together = page_cache.fragments(request, ["a", "b"], role="editor", versions="v1")
    assert together["a"].html == "<p>A</p>" and not together["b"].hit
    page_cache.store(together["b"], "<p>B</p>")
    assert page_cache.fragment(request, "b", role="editor", versions="v1").html == "<p>B</p>"
    assert not page_cache.fragment(request, "b", role="member", versions="v1").hit
