import datetime

import pytest
from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from coalitions.models import Coalition, Gemeente, Phase, StatusUpdate
from partners.models import CoalitionPartner, Domain, Organisation
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    OrganisationFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["0503", "GM503", "gm0503", "GM05031", "XX0503"])
def test_database_refuses_malformed_cbs_code(code):
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Gemeente.objects.create(cbs_code=code, name="Nergenshuizen", province="ZH")


def test_database_accepts_wellformed_cbs_code():
    Gemeente.objects.create(cbs_code="GM9999", name="Nergenshuizen", province="ZH")
    assert Gemeente.objects.filter(cbs_code="GM9999").exists()


def test_form_validation_explains_cbs_code_format_in_dutch():
    gemeente = Gemeente(cbs_code="503", name="Delft", province="ZH")
    with pytest.raises(Exception) as excinfo:
        gemeente.full_clean()
    assert "GM gevolgd door 4 cijfers" in str(excinfo.value)


def test_database_refuses_unknown_phase():
    coalition = CoalitionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Coalition.objects.filter(pk=coalition.pk).update(phase="klaar")


def test_database_refuses_unknown_phase_on_status_update():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdateFactory(phase="afgerond")


def test_organisation_cannot_be_partner_twice_in_the_same_coalition():
    partnership = CoalitionPartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartnerFactory(
            coalition=partnership.coalition, organisation=partnership.organisation
        )


def test_ended_partnership_stays_and_organisation_can_rejoin():
    partnership = CoalitionPartnerFactory()
    partnership.until = datetime.date(2022, 1, 1)
    partnership.save()
    CoalitionPartnerFactory(coalition=partnership.coalition, organisation=partnership.organisation)
    assert CoalitionPartner.objects.filter(coalition=partnership.coalition).count() == 2
    assert CoalitionPartner.objects.filter(coalition=partnership.coalition).running().count() == 1


def test_partnership_cannot_end_before_it_started():
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartnerFactory(since=datetime.date(2022, 1, 1), until=datetime.date(2021, 1, 1))


def test_partnership_levels_are_limited_to_known_levels():
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartnerFactory(levels=["uitvoering", "koffie"])


def test_organisation_coordinates_come_in_pairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(latitude=52.0, longitude=None)


def test_category_implies_default_domain_unless_set():
    assert OrganisationFactory(category="wijkteam").domain == Domain.SOCIAAL
    assert OrganisationFactory(category="jgz").domain == Domain.PUBLIEKE_GEZONDHEID
    assert OrganisationFactory(category="ziekenhuis", domain="overig").domain == Domain.OVERIG


def test_two_organisations_cannot_share_a_kvk_number_but_many_may_have_none():
    OrganisationFactory(kvk_number="")
    OrganisationFactory(kvk_number="")
    OrganisationFactory(kvk_number="12345678")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(kvk_number="12345678")
    assert Organisation.objects.filter(kvk_number="").count() == 2


def test_status_updates_are_append_only_in_the_database():
    update = StatusUpdateFactory()
    # The trigger refuses even bulk SQL that bypasses the model.
    with pytest.raises(DatabaseError), transaction.atomic():
        StatusUpdate.objects.filter(pk=update.pk).update(summary="herschreven")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM coalitions_statusupdate WHERE id = %s", [update.pk])
    update.refresh_from_db()
    assert update.summary == "Partners sluiten aan."


def test_coalition_with_history_cannot_be_deleted():
    update = StatusUpdateFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        update.coalition.delete()
    assert Coalition.objects.filter(pk=update.coalition_id).exists()


def test_phase_order_and_next_phase():
    assert Phase.order(Phase.VERKENNING) < Phase.order(Phase.BORGING)
    assert Phase.next_after(Phase.VORMING) == Phase.AMBITIE_PLAN
    assert Phase.next_after(Phase.BORGING) is None
