"""The trekker is stored once: the running partnership with role trekker (partners app)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition
from partners.models import CoalitionPartner, PartnerRole
from tests.factories import CoalitionFactory, CoalitionPartnerFactory, OrganisationFactory
from tests.migrating import latest, migrate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SECOND_TREKKER = "Deze coalitie heeft al een trekker."


def trekker(coalition, name, **kwargs):
    return CoalitionPartnerFactory(
        coalition=coalition, organisation__name=name, role=PartnerRole.TREKKER, **kwargs
    )


def test_every_page_names_the_trekker_from_the_partnership_role(
    client, editor, superuser, coalition
):
    trekker(coalition, "GGD Trekkerland")
    CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg Mee")

    client.force_login(editor)
    workspace = client.get(reverse("coalitions:workspace_detail", args=[coalition.slug]))
    public = client.get(reverse("coalitions:public_detail", args=[coalition.slug]))
    client.force_login(superuser)
    admin_list = client.get(reverse("admin:coalitions_coalition_changelist"))

    assert coalition.trekker_partnership.organisation.name == "GGD Trekkerland"
    for response in (workspace, public, admin_list):
        assert "GGD Trekkerland" in response.content.decode()
        assert response.status_code == 200


def test_an_ended_or_future_trekker_is_not_the_trekker(coalition):
    trekker(coalition, "Oud", until=TODAY - DAY)
    trekker(coalition, "Gestopt vandaag", until=TODAY)
    trekker(coalition, "Nieuw", since=TODAY + DAY)

    assert coalition.trekker_partnership is None
    assert Coalition.objects.with_trekker().get(pk=coalition.pk).trekker_name is None


def test_at_a_handover_the_new_trekker_counts_from_its_start(coalition):
    trekker(coalition, "Vertrekkend", since=datetime.date(2020, 1, 1), until=TODAY + DAY)
    trekker(coalition, "Opvolger", since=TODAY + DAY)

    def on(day):
        return Coalition.objects.with_trekker(day).get(pk=coalition.pk).trekker_name

    assert on(TODAY) == "Vertrekkend"
    assert on(TODAY + DAY) == "Opvolger"


def test_the_database_refuses_two_open_ended_trekkers(coalition):
    trekker(coalition, "Eerste")
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartner.objects.create(
            coalition=coalition, organisation=OrganisationFactory(), role=PartnerRole.TREKKER
        )
    # Other coalitions and ended trekkers are not in the way.
    trekker(CoalitionFactory(), "Elders")
    trekker(coalition, "Vroeger", until=datetime.date(2021, 1, 1))


def test_the_partner_form_refuses_a_second_trekker_in_dutch_and_writes_nothing(
    client, editor, coalition
):
    trekker(coalition, "Eerste")
    other = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    other.refresh_from_db()

    response = client.post(
        reverse("partners:workspace_partner_edit", args=[coalition.slug, other.pk]),
        {
            "role": "trekker",
            "levels": ["uitvoering"],
            "since": "2020-01-01",
            "loaded_version": other.updated_at.isoformat(),
        },
    )

    assert response.status_code == 200
    assert SECOND_TREKKER in response.content.decode()
    other.refresh_from_db()
    assert other.role == PartnerRole.PARTNER


def test_the_admin_refuses_a_second_trekker_with_the_same_message(client, superuser, coalition):
    trekker(coalition, "Eerste")
    organisation = OrganisationFactory()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:partners_coalitionpartner_add"),
        {"coalition": coalition.pk, "organisation": organisation.pk, "role": "trekker"},
    )

    assert response.status_code == 200
    assert SECOND_TREKKER in response.content.decode()
    assert not CoalitionPartner.objects.filter(organisation=organisation).exists()


def test_a_list_reads_every_trekker_in_the_same_query(django_assert_num_queries):
    for i in range(5):
        trekker(CoalitionFactory(), f"Trekker {i}")

    with django_assert_num_queries(1):
        found = [c.trekker_name for c in Coalition.objects.with_trekker()]

    assert sorted(found) == [f"Trekker {i}" for i in range(5)]


def test_the_basics_form_no_longer_asks_for_a_trekker(client, editor, coalition):
    client.force_login(editor)
    response = client.get(reverse("coalitions:workspace_basics", args=[coalition.slug]))
    assert "trekker" not in response.context["form"].fields


# --- The data migration, both ways (run last: it rewinds the schema) -------------------------

BEFORE = [
    ("coalitions", "0007_coalition_gemeente_links"),
    ("partners", "0003_contacts_per_partnership"),
]


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_moves_the_trekker_to_the_role_and_back():
    leaves = latest()
    kept = CoalitionFactory(slug="al-goed")
    trekker(kept, "Trekker al goed")
    try:
        # Backwards: the coalition's field is filled from the trekker partnership.
        apps = migrate(BEFORE)
        OldCoalition = apps.get_model("coalitions", "Coalition")
        OldPartner = apps.get_model("partners", "CoalitionPartner")
        Organisation = apps.get_model("partners", "Organisation")
        old_kept = OldCoalition.objects.get(slug="al-goed")
        assert old_kept.trekker.name == "Trekker al goed"

        # Out of step, as the old code allowed: the field names one, the role another.
        drifted = OldCoalition.objects.create(name="Scheef", slug="scheef")
        named = Organisation.objects.create(name="Volgens coalitie", category="ggd")
        roled = Organisation.objects.create(name="Volgens rol", category="ggd")
        OldPartner.objects.create(coalition=drifted, organisation=named, role="partner")
        OldPartner.objects.create(coalition=drifted, organisation=roled, role="trekker")
        drifted.trekker = named
        drifted.save()
        missing = OldCoalition.objects.create(name="Zonder partner", slug="zonder-partner")
        missing.trekker = Organisation.objects.create(name="Nog geen partner", category="ggd")
        missing.save()

        # Forwards: the coalition's field wins and becomes the role; the field is gone.
        migrate(leaves)
    finally:
        migrate(leaves)

    roles = dict(
        CoalitionPartner.objects.filter(coalition__slug="scheef").values_list(
            "organisation__name", "role"
        )
    )
    assert roles == {"Volgens coalitie": "trekker", "Volgens rol": "kernpartner"}
    added = Coalition.objects.get(slug="zonder-partner").trekker_partnership
    assert added.organisation.name == "Nog geen partner"
    # Made without a start; partners 0005 then gave it the day it was recorded (today).
    assert added.since == timezone.localdate()
    assert Coalition.objects.get(slug="al-goed").trekker_partnership.organisation.name == (
        "Trekker al goed"
    )
    assert not hasattr(Coalition, "trekker")


def test_the_coalition_admin_refuses_two_new_trekkers_at_once(client, superuser, coalition):
    first, second = OrganisationFactory(), OrganisationFactory()
    data = {
        "name": coalition.name,
        "slug": coalition.slug,
        "kind": coalition.kind,
        "phase": coalition.phase,
        "gemeenten": [g.pk for g in coalition.gemeenten.all()],
    }
    for prefix in ("status_updates", "roles"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {"partners-TOTAL_FORMS": 2, "partners-INITIAL_FORMS": 0}
    for i, organisation in enumerate((first, second)):
        data |= {f"partners-{i}-organisation": organisation.pk, f"partners-{i}-role": "trekker"}
    client.force_login(superuser)

    response = client.post(reverse("admin:coalitions_coalition_change", args=[coalition.pk]), data)

    assert response.status_code == 200
    assert SECOND_TREKKER in response.content.decode()
    assert not coalition.partners.exists()
