"""Contact people belong to a partnership, and a shared organisation's master data belongs to
Pharos (issue 14: adding another coalition's organisation as partner exposed its contact
people and let the adding coalition change what the other coalition's public map shows)."""

import csv
import datetime
import importlib
import io
from types import SimpleNamespace

import pghistory
import pytest
from django.urls import reverse

from partners.forms import OrganisationForm
from partners.models import (
    SHARED_ORGANISATION_MESSAGE,
    Category,
    ContactPerson,
    Organisation,
)
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    ContactPersonFactory,
    OrganisationFactory,
)
from tests.fuzz import admin_form_data
from tests.migrating import migrate

pytestmark = pytest.mark.django_db

BEA = ["Bea Geheim", "bea@bieb.example", "030 999 8888"]  # coalition B's contact


@pytest.fixture
def shared(coalition, other_coalition):
    """Utrecht's library, a partner of both coalitions, each with its own contact person."""
    library = OrganisationFactory(
        name="Bibliotheek Utrecht",
        category=Category.BIBLIOTHEEK,
        place="Utrecht",
        latitude=52.0907,
        longitude=5.1214,
    )
    ours = CoalitionPartnerFactory(coalition=coalition, organisation=library)
    theirs = CoalitionPartnerFactory(coalition=other_coalition, organisation=library)
    own = ContactPersonFactory(
        partnership=ours, name="Anna Eigenaar", email="anna@bieb.example", phone="030 111 2222"
    )
    secret = ContactPersonFactory(
        partnership=theirs, name=BEA[0], email=BEA[1], phone=BEA[2], function="Bibliothecaris"
    )
    return SimpleNamespace(library=library, ours=ours, theirs=theirs, own=own, secret=secret)


def workspace(name, coalition, *args):
    return reverse(f"partners:{name}", args=[coalition.slug, *args])


def organisation_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "category": organisation.category,
        "domain": organisation.domain,
        "place": organisation.place,
        "postcode": organisation.postcode,
        "latitude": str(organisation.latitude),
        "longitude": str(organisation.longitude),
        "loaded_version": organisation.updated_at.isoformat(),
    }
    return {**data, **changes}


def organisation_events():
    return Organisation.pgh_event_model.objects.count()


# --- contact people are each coalition's own --------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["member", "editor"])
def test_a_coalition_never_sees_another_coalitions_contacts_on_its_partner_map(
    request, client, coalition, shared, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    html = client.get(reverse("partners:map", args=[coalition.slug])).content.decode()
    assert "Bibliotheek Utrecht" in html and "Anna Eigenaar" in html
    for secret in BEA:
        assert secret not in html


def test_the_workspace_partner_list_shows_only_the_coalitions_own_contacts(
    client, member, coalition, shared
):
    client.force_login(member)
    html = client.get(workspace("workspace_partners", coalition)).content.decode()
    assert "Anna Eigenaar" in html
    for secret in BEA:
        assert secret not in html


def test_the_contact_export_holds_only_the_coalitions_own_contacts(
    client, member, coalition, shared
):
    client.force_login(member)
    response = client.get(reverse("partners:map_export", args=[coalition.slug, "csv"]))
    rows = {
        r["organisatie"]: r
        for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    }
    assert rows["Bibliotheek Utrecht"]["contactpersonen"] == (
        "Anna Eigenaar (Verloskundige) anna@bieb.example 030 111 2222"
    )
    for secret in BEA:
        assert secret not in response.content.decode()


def test_editor_cannot_open_change_or_delete_another_coalitions_contact(
    client, editor, other_editor, coalition, other_coalition, shared
):
    client.force_login(editor)
    version = {"loaded_version": shared.secret.updated_at.isoformat()}
    edit = workspace("workspace_contact_edit", coalition, shared.secret.pk)
    delete = workspace("workspace_contact_delete", coalition, shared.secret.pk)
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Overschreven", **version}).status_code == 404
    assert client.get(delete).status_code == 404
    assert client.post(delete, version).status_code == 404

    shared.secret.refresh_from_db()
    assert shared.secret.name == "Bea Geheim"
    client.force_login(other_editor)
    html = client.get(workspace("workspace_partners", other_coalition)).content.decode()
    assert "Bea Geheim" in html and "Overschreven" not in html


def test_editor_cannot_add_a_contact_to_another_coalitions_partnership(
    client, editor, coalition, shared
):
    client.force_login(editor)
    target = workspace("workspace_contact_create", coalition, shared.theirs.pk)
    assert client.post(target, {"name": "Indringer"}).status_code == 404
    assert not ContactPerson.objects.filter(name="Indringer").exists()


def test_a_contact_added_by_an_editor_belongs_to_the_editors_partnership_only(
    client, editor, member, other_editor, coalition, other_coalition, shared
):
    client.force_login(editor)
    client.post(
        workspace("workspace_contact_create", coalition, shared.ours.pk),
        {"name": "Nieuwe Nora", "email": "nora@bieb.example"},
    )
    assert ContactPerson.objects.get(name="Nieuwe Nora").partnership == shared.ours
    client.force_login(other_editor)
    html = client.get(workspace("workspace_partners", other_coalition)).content.decode()
    assert "Nieuwe Nora" not in html


def test_contacts_come_back_when_an_organisation_rejoins_the_coalition(
    client, editor, coalition, shared
):
    shared.ours.until = datetime.date(2023, 12, 31)
    shared.ours.save()
    client.force_login(editor)
    client.post(
        workspace("workspace_partner_add", coalition),
        {"q": "Bibliotheek", "organisation": shared.library.pk, "role": "partner"},
    )
    rejoined = coalition.partners.get(organisation=shared.library, until__isnull=True)
    shared.own.refresh_from_db()
    shared.secret.refresh_from_db()
    assert shared.own.partnership == rejoined  # the coalition's own contact came along
    assert shared.secret.partnership == shared.theirs  # the other coalition's stayed put
    html = client.get(workspace("workspace_partners", coalition)).content.decode()
    assert "Anna Eigenaar" in html and "Bea Geheim" not in html


# --- a shared organisation's master data changes through Pharos -------------------------------


def test_editor_cannot_change_a_shared_organisations_name_coordinates_or_category(
    client, editor, coalition, shared
):
    client.force_login(editor)
    url = workspace("workspace_organisation_edit", coalition, shared.library.pk)
    page = client.get(url)
    assert page.status_code == 403
    assert "vraag Pharos om de gegevens te wijzigen" in page.content.decode()
    before = organisation_events()
    response = client.post(
        url,
        organisation_data(
            shared.library,
            name="Bibliotheek Delft",
            category=Category.OVERIG,
            latitude="52.0116",
            longitude="4.3571",
        ),
    )
    assert response.status_code == 403
    assert "vraag Pharos om de gegevens te wijzigen" in response.content.decode()
    shared.library.refresh_from_db()
    assert shared.library.name == "Bibliotheek Utrecht"
    assert shared.library.category == Category.BIBLIOTHEEK
    assert float(shared.library.latitude) == pytest.approx(52.0907)
    assert organisation_events() == before  # nothing written


def test_an_organisation_another_coalition_had_as_partner_stays_shared(
    client, editor, coalition, other_coalition
):
    ours = CoalitionPartnerFactory(coalition=coalition)
    CoalitionPartnerFactory(
        coalition=other_coalition,
        organisation=ours.organisation,
        until=datetime.date(2022, 1, 1),
    )
    client.force_login(editor)
    url = workspace("workspace_organisation_edit", coalition, ours.organisation.pk)
    response = client.post(url, organisation_data(ours.organisation, name="Anders"))
    assert response.status_code == 403
    ours.organisation.refresh_from_db()
    assert ours.organisation.name != "Anders"


def test_editor_changes_an_organisation_only_their_coalition_has(client, editor, coalition):
    ours = CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg Eigen")
    client.force_login(editor)
    url = workspace("workspace_organisation_edit", coalition, ours.organisation.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        organisation_data(
            ours.organisation,
            name="Kraamzorg Eigen en Co",
            category=Category.KRAAMZORG,
            latitude="52.1",
            longitude="4.4",
        ),
    )
    assert response.status_code == 302
    ours.organisation.refresh_from_db()
    assert ours.organisation.name == "Kraamzorg Eigen en Co"
    assert float(ours.organisation.latitude) == pytest.approx(52.1)


def test_partner_list_offers_the_edit_link_only_where_the_coalition_may_use_it(
    client, editor, coalition, shared
):
    alone = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    html = client.get(workspace("workspace_partners", coalition)).content.decode()
    assert workspace("workspace_organisation_edit", coalition, alone.organisation.pk) in html
    assert workspace("workspace_organisation_edit", coalition, shared.library.pk) not in html
    assert str(SHARED_ORGANISATION_MESSAGE) in html


def test_the_rule_has_one_home_on_the_model(coalition, other_coalition, shared):
    alone = CoalitionPartnerFactory(coalition=coalition).organisation
    third = CoalitionFactory()
    assert alone.editable_by_coalition(coalition)
    assert not alone.editable_by_coalition(third)  # a coalition without it: someone else's
    assert not shared.library.editable_by_coalition(coalition)
    assert not shared.library.editable_by_coalition(other_coalition)
    assert set(Organisation.objects.editable_by_coalition(coalition)) >= {alone}
    assert shared.library not in Organisation.objects.editable_by_coalition(coalition)


def test_the_workspace_form_refuses_a_shared_organisation_with_the_dutch_reason(coalition, shared):
    form = OrganisationForm(
        organisation_data(shared.library, name="Anders"),
        instance=shared.library,
        coalition=coalition,
    )
    assert not form.is_valid()
    assert str(SHARED_ORGANISATION_MESSAGE) in form.non_field_errors()


def test_pharos_changes_a_shared_organisation_and_every_sharing_coalition_sees_it(
    client, pharos, member, other_editor, coalition, other_coalition, shared
):
    client.force_login(pharos)
    url = reverse("admin:partners_organisation_change", args=[shared.library.pk])
    data = admin_form_data(client, url) | {"name": "Centrale Bibliotheek Utrecht"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    shared.library.refresh_from_db()
    assert shared.library.name == "Centrale Bibliotheek Utrecht"

    for user, target in [(member, coalition), (other_editor, other_coalition)]:
        client.force_login(user)
        history = reverse("coalitions:workspace_history", args=[target.slug])
        html = client.get(history).content.decode()
        assert "Centrale Bibliotheek Utrecht" in html, target
        assert "pharos-test" in html


def test_the_history_shows_only_the_coalitions_own_contact_changes(
    client, member, other_editor, coalition, other_coalition, shared
):
    client.force_login(other_editor)
    client.post(
        workspace("workspace_contact_edit", other_coalition, shared.secret.pk),
        {
            "name": "Bea Geheim",
            "phone": "030 555 5555",
            "loaded_version": shared.secret.updated_at.isoformat(),
        },
    )
    shared.secret.refresh_from_db()
    assert shared.secret.phone == "030 555 5555"  # B's editor did change it
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace_history", args=[coalition.slug])).content
    html = html.decode()
    assert "Anna Eigenaar" in html
    assert "Bea Geheim" not in html and "030 555 5555" not in html


# --- the data migration -----------------------------------------------------------------------

MIGRATION = "partners.migrations.0003_contacts_per_partnership"
BEFORE = ("partners", "0002_contactperson_export_permission")
AFTER = ("partners", "0003_contacts_per_partnership")


def test_home_coalitions_follow_the_history_then_the_only_coalition_then_copies():
    home = importlib.import_module(MIGRATION).home_coalitions
    today = datetime.date(2025, 1, 1)
    running = SimpleNamespace(until=None)
    ended = SimpleNamespace(until=datetime.date(2022, 1, 1))
    slugs = {"delft": 1, "utrecht": 2, "zeist": 3}
    both = {1: [running], 2: [running]}
    # 1. the first workspace change by a coalition that has the organisation
    urls = [None, "/admin/partners/", "/werkruimte/zeist/x/", "/werkruimte/utrecht/partners/"]
    assert home(urls, both, slugs, today) == [2]
    # 2. else the organisation's only coalition
    assert home(["/admin/"], {1: [ended]}, slugs, today) == [1]
    # 3. else every coalition whose partnership runs; if none runs, every one that had it
    assert home([], {1: [running], 2: [ended], 3: [running]}, slugs, today) == [1, 3]
    assert home([], {1: [ended], 2: [ended]}, slugs, today) == [1, 2]
    # events of deleted contacts are never copied
    assert home([], both, slugs, today, copies=False) == []


def test_the_migration_gives_each_contact_the_partnership_of_the_coalition_that_made_it(
    coalition, other_coalition
):
    """Forward and reverse on rows made as before the migration; the test's transaction rolls
    the schema back afterwards."""
    library = OrganisationFactory(name="Bibliotheek")  # shared, history tells the coalition
    ended = CoalitionPartnerFactory(
        coalition=coalition, organisation=library, until=datetime.date(2021, 1, 1)
    )
    ours = CoalitionPartnerFactory(coalition=coalition, organisation=library)
    theirs = CoalitionPartnerFactory(coalition=other_coalition, organisation=library)
    hospital = OrganisationFactory(name="Ziekenhuis")  # shared, history silent: copies
    hospital_ours = CoalitionPartnerFactory(coalition=coalition, organisation=hospital)
    hospital_theirs = CoalitionPartnerFactory(coalition=other_coalition, organisation=hospital)
    midwives = CoalitionPartnerFactory(coalition=coalition)  # one coalition only
    orphan_org = OrganisationFactory(name="Niemands organisatie")

    old = migrate([BEFORE]).get_model("partners", "ContactPerson")
    # First the rows without a context: a context lasts until the (test's) transaction ends.
    silent = old.objects.create(organisation_id=hospital.pk, name="Zonder geschiedenis")
    only = old.objects.create(organisation_id=midwives.organisation_id, name="Enige")
    orphan = old.objects.create(organisation_id=orphan_org.pk, name="Wees")
    with pghistory.context(url=f"/werkruimte/{other_coalition.slug}/partners/"):
        by_b = old.objects.create(organisation_id=library.pk, name="Door B")
    with pghistory.context(url="/admin/partners/contactperson/add/"):
        by_admin = old.objects.create(organisation_id=library.pk, name="Via admin")
    with pghistory.context(url=f"/werkruimte/{coalition.slug}/partners/1/"):
        old.objects.filter(pk=by_admin.pk).update(function="Later door A")

    after = migrate([AFTER])
    new, event_model = (
        after.get_model("partners", m) for m in ("ContactPerson", "ContactPersonEvent")
    )
    partnership_of = dict(new.objects.values_list("name", "partnership_id").order_by("pk"))
    assert partnership_of["Door B"] == theirs.pk  # made in B's workspace
    assert partnership_of["Via admin"] == ours.pk  # A's workspace touched it first; not ended
    assert partnership_of["Enige"] == midwives.pk
    assert "Wees" not in partnership_of  # nobody's partner: deleted
    copies = new.objects.filter(name="Zonder geschiedenis")
    assert sorted(copies.values_list("partnership_id", flat=True)) == sorted(
        [hospital_ours.pk, hospital_theirs.pk]
    )
    assert ended.pk not in partnership_of.values()
    assert set(
        event_model.objects.filter(pgh_obj_id=by_b.pk).values_list("partnership_id", flat=True)
    ) == {theirs.pk}
    copy = copies.exclude(pk=silent.pk).get()
    assert event_model.objects.filter(pgh_obj_id=copy.pk, pgh_label="insert").exists()
    assert event_model.objects.filter(pgh_obj_id=orphan.pk, pgh_label="delete").exists()

    old = migrate([BEFORE]).get_model("partners", "ContactPerson")
    organisation_of = dict(old.objects.values_list("name", "organisation_id"))
    assert organisation_of == {
        "Door B": library.pk,
        "Via admin": library.pk,
        "Zonder geschiedenis": hospital.pk,  # the copies became one row again
        "Enige": only.organisation_id,
    }
    assert old.objects.filter(name="Zonder geschiedenis").get().pk == silent.pk
