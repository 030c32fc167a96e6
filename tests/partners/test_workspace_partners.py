"""Managing a coalition's partners and their contact people from the workspace."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import CoalitionPartner, ContactPerson, Level, Organisation, PartnerRole
from tests.factories import (
    CoalitionPartnerFactory,
    ContactPersonFactory,
    OrganisationFactory,
)
from tests.workspace import written_count

pytestmark = pytest.mark.django_db


def version(obj):
    obj.refresh_from_db()
    return obj.updated_at.isoformat()


def url(name, coalition, *args):
    return reverse(f"partners:{name}", args=[coalition.slug, *args])


def test_partner_list_shows_active_and_ended_partners_with_contacts(client, member, coalition):
    active = CoalitionPartnerFactory(coalition=coalition, organisation__name="JGZ Delft")
    ContactPersonFactory(partnership=active, name="Noor Verdonk")
    CoalitionPartnerFactory(
        coalition=coalition, organisation__name="Oud Welzijn", until=datetime.date(2022, 1, 1)
    )
    client.force_login(member)
    html = client.get(url("workspace_partners", coalition)).content.decode()
    assert "JGZ Delft" in html and "Noor Verdonk" in html
    ended = html.split("Beëindigde partnerschappen", 1)[1]
    assert "Oud Welzijn" in ended and "1 januari 2022" in ended


def test_search_step_finds_organisations_without_javascript(client, editor, coalition):
    OrganisationFactory(name="Kraamzorg Delflanden")
    OrganisationFactory(name="Bibliotheek Delft")
    already = CoalitionPartnerFactory(coalition=coalition, organisation__name="Kraamzorg Oud")
    client.force_login(editor)
    html = client.get(url("workspace_partner_add", coalition), {"q": "kraam"}).content.decode()
    assert 'type="radio"' in html
    assert "Kraamzorg Delflanden" in html
    assert "Bibliotheek Delft" not in html.split("Kies de organisatie")[1]
    assert f'value="{already.organisation.pk}"' not in html  # running partners are not offered
    assert '<datalist id="organisation-names">' in html and 'list="organisation-names"' in html


def test_editor_adds_an_existing_organisation_with_role_and_levels(client, editor, coalition):
    org = OrganisationFactory(name="Kraamzorg Delflanden")
    client.force_login(editor)
    response = client.post(
        url("workspace_partner_add", coalition),
        {
            "q": "Kraamzorg",
            "organisation": org.pk,
            "role": PartnerRole.KERNPARTNER,
            "levels": [Level.MANAGEMENT, Level.UITVOERING],
            "since": "2024-09-01",
        },
        follow=True,
    )
    assert "Kraamzorg Delflanden is toegevoegd als partner." in response.content.decode()
    partnership = CoalitionPartner.objects.get(coalition=coalition, organisation=org)
    assert partnership.role == PartnerRole.KERNPARTNER
    assert partnership.levels == [Level.MANAGEMENT, Level.UITVOERING]


def test_adding_a_running_partner_twice_is_refused(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    before = written_count()
    response = client.post(
        url("workspace_partner_add", coalition),
        {
            "q": partnership.organisation.name,
            "organisation": partnership.organisation.pk,
            "role": "partner",
        },
    )
    assert response.status_code == 200
    assert "Deze organisatie is al partner van de coalitie." in response.content.decode()
    assert written_count() == before


def test_former_partner_can_join_again(client, editor, coalition):
    old = CoalitionPartnerFactory(coalition=coalition, until=datetime.date(2021, 1, 1))
    client.force_login(editor)
    client.post(
        url("workspace_partner_add", coalition),
        {"q": old.organisation.name, "organisation": old.organisation.pk, "role": "partner"},
    )
    assert CoalitionPartner.objects.filter(organisation=old.organisation).count() == 2


def test_editor_creates_a_new_organisation_with_coordinates_as_partner(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_create", coalition),
        {
            "org-name": "Moedercafé De Hoven",
            "org-category": "moedercafe",
            "org-place": "Delft",
            "org-postcode": "2611 HX",
            "org-latitude": "52.004100",
            "org-longitude": "4.361200",
            "partner-role": "partner",
            "partner-levels": ["uitvoering"],
            "partner-since": "2025-01-01",
        },
        follow=True,
    )
    assert "Moedercafé De Hoven is aangemaakt en toegevoegd als partner." in (
        response.content.decode()
    )
    org = Organisation.objects.get(name="Moedercafé De Hoven")
    assert org.latitude == Decimal("52.004100") and org.domain == "informeel"
    assert org.partnerships.get().coalition == coalition


def test_new_organisation_with_half_a_position_writes_nothing(client, editor, coalition):
    client.force_login(editor)
    before = written_count()
    response = client.post(
        url("workspace_organisation_create", coalition),
        {
            "org-name": "Halve Positie",
            "org-category": "welzijn",
            "org-latitude": "52.0",
            "partner-role": "partner",
        },
    )
    assert response.status_code == 200
    assert "Vul breedte- én lengtegraad in, of laat beide leeg." in response.content.decode()
    assert not Organisation.objects.filter(name="Halve Positie").exists()
    assert written_count() == before


def test_new_organisation_that_already_exists_is_refused(client, editor, coalition):
    OrganisationFactory(name="Welzijn Delft", place="Delft")
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_create", coalition),
        {
            "org-name": "welzijn delft",
            "org-place": "Delft",
            "org-category": "welzijn",
            "partner-role": "partner",
        },
    )
    assert "Er bestaat al een organisatie met deze naam" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_invalid_partnership_part_creates_no_organisation(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_create", coalition),
        {"org-name": "Los", "org-category": "welzijn", "partner-role": "baas"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Los").exists()


def test_editor_sets_levels_and_role_of_a_partnership(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        url("workspace_partner_edit", coalition, partnership.pk),
        {
            "role": "trekker",
            "levels": ["bestuurlijk"],
            "since": "2020-01-01",
            "loaded_version": version(partnership),
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.role == "trekker" and partnership.levels == ["bestuurlijk"]


def test_ending_a_partnership_keeps_it_with_an_end_date(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2020, 1, 1))
    client.force_login(editor)
    response = client.post(
        url("workspace_partner_end", coalition, partnership.pk),
        {"until": "2024-12-31", "loaded_version": version(partnership)},
        follow=True,
    )
    assert "is beëindigd" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.until == datetime.date(2024, 12, 31)
    assert CoalitionPartner.objects.filter(pk=partnership.pk).exists()


def test_end_date_before_start_is_refused(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition, since=datetime.date(2020, 1, 1))
    client.force_login(editor)
    response = client.post(
        url("workspace_partner_end", coalition, partnership.pk),
        {"until": "2019-01-01", "loaded_version": version(partnership)},
    )
    assert "De einddatum ligt vóór de begindatum" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.until is None


def test_editor_edits_a_partner_organisation(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    org = partnership.organisation
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_edit", coalition, org.pk),
        {
            "name": "Verloskundigen Delft-Noord",
            "category": "verloskundigen",
            "postcode": "2612 AB",
            "place": "Delft",
            "latitude": "52.02",
            "longitude": "4.36",
            "website": "verloskundigen.example",
            "loaded_version": version(org),
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Verloskundigen Delft-Noord"
    assert org.website == "https://verloskundigen.example"


def test_bad_postcode_is_shown_next_to_the_field_and_nothing_written(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    org = partnership.organisation
    client.force_login(editor)
    before = written_count()
    response = client.post(
        url("workspace_organisation_edit", coalition, org.pk),
        {"name": "X", "category": "welzijn", "postcode": "12", "loaded_version": version(org)},
    )
    assert "Vul een Nederlandse postcode in" in response.content.decode()
    assert written_count() == before


def test_stale_organisation_form_is_refused(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    org = partnership.organisation
    loaded = version(org)
    org.name = "Door collega hernoemd"
    org.save()
    client.force_login(editor)
    response = client.post(
        url("workspace_organisation_edit", coalition, org.pk),
        {"name": "Mijn naam", "category": "verloskundigen", "loaded_version": loaded},
    )
    assert response.status_code == 409
    assert "Door collega hernoemd" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Door collega hernoemd"


def test_stale_partnership_form_is_refused(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    loaded = version(partnership)
    partnership.role = "kernpartner"
    partnership.save()
    client.force_login(editor)
    response = client.post(
        url("workspace_partner_end", coalition, partnership.pk),
        {"until": "2024-12-31", "loaded_version": loaded},
    )
    assert response.status_code == 409
    partnership.refresh_from_db()
    assert partnership.until is None and partnership.role == "kernpartner"


def test_editor_adds_edits_and_removes_a_contact_person(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    client.post(
        url("workspace_contact_create", coalition, partnership.pk),
        {"name": "Femke Hoogland", "function": "Coördinator", "email": "f@example.org"},
    )
    contact = ContactPerson.objects.get(name="Femke Hoogland")
    assert contact.partnership == partnership
    response = client.post(
        url("workspace_contact_edit", coalition, contact.pk),
        {"name": "Femke Hoogland", "phone": "015 212 3456", "loaded_version": version(contact)},
        follow=True,
    )
    assert "De contactpersoon is opgeslagen." in response.content.decode()
    contact.refresh_from_db()
    assert contact.phone == "015 212 3456"
    response = client.post(
        url("workspace_contact_delete", coalition, contact.pk),
        {"loaded_version": version(contact)},
        follow=True,
    )
    assert "Femke Hoogland is verwijderd." in response.content.decode()
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()


def test_invalid_contact_writes_nothing(client, editor, coalition):
    contact = ContactPersonFactory(partnership=CoalitionPartnerFactory(coalition=coalition))
    client.force_login(editor)
    before = written_count()
    response = client.post(
        url("workspace_contact_edit", coalition, contact.pk),
        {"name": "", "email": "geen-mail", "loaded_version": version(contact)},
    )
    html = response.content.decode()
    assert "Dit veld is verplicht." in html and "Voer een geldig e-mailadres in." in html
    assert written_count() == before


def test_stale_contact_form_is_refused(client, editor, coalition):
    contact = ContactPersonFactory(partnership=CoalitionPartnerFactory(coalition=coalition))
    loaded = version(contact)
    ContactPerson.objects.get(pk=contact.pk).save()
    client.force_login(editor)
    response = client.post(
        url("workspace_contact_edit", coalition, contact.pk),
        {"name": "Andere naam", "loaded_version": loaded},
    )
    assert response.status_code == 409
    contact.refresh_from_db()
    assert contact.name != "Andere naam"


def test_contacts_are_never_on_the_public_coalition_page(client, coalition):
    ContactPersonFactory(
        partnership=CoalitionPartnerFactory(coalition=coalition),
        name="Geheime Persoon",
    )
    html = client.get(reverse("coalitions:public_detail", args=[coalition.slug])).content.decode()
    assert "Geheime Persoon" not in html


def test_contacts_of_a_former_partner_are_no_longer_editable(client, editor, coalition):
    ended = CoalitionPartnerFactory(coalition=coalition, until=datetime.date(2022, 1, 1))
    contact = ContactPersonFactory(partnership=ended)
    client.force_login(editor)
    for target in [
        url("workspace_contact_edit", coalition, contact.pk),
        url("workspace_organisation_edit", coalition, ended.organisation.pk),
        url("workspace_contact_create", coalition, ended.pk),
    ]:
        assert client.get(target).status_code == 404, target


def test_removing_a_contact_someone_just_changed_is_refused(client, editor, coalition):
    contact = ContactPersonFactory(partnership=CoalitionPartnerFactory(coalition=coalition))
    loaded = version(contact)
    ContactPerson.objects.filter(pk=contact.pk).update(phone="015 999 9999")
    ContactPerson.objects.get(pk=contact.pk).save()
    client.force_login(editor)
    response = client.post(
        url("workspace_contact_delete", coalition, contact.pk), {"loaded_version": loaded}
    )
    assert response.status_code == 409
    assert "015 999 9999" in response.content.decode()
    assert ContactPerson.objects.filter(pk=contact.pk).exists()


def test_pages_with_contact_details_are_kept_out_of_shared_caches(client, editor, coalition):
    partnership = CoalitionPartnerFactory(coalition=coalition)
    contact = ContactPersonFactory(partnership=partnership)
    client.force_login(editor)
    for page in [
        url("workspace_partners", coalition),
        url("workspace_contact_edit", coalition, contact.pk),
        reverse("coalitions:workspace_history", args=[coalition.slug]),
    ]:
        response = client.get(page)
        assert response.status_code == 200
        assert "no-store" in response.get("Cache-Control", ""), page
        assert "private" in response["Cache-Control"], page
