import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import CoalitionFactory, CoalitionPartnerFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False


def admin_models():
    return [m for m in admin.site._registry if m._meta.app_label not in ("auth",)]


def test_pharos_opens_every_changelist_and_a_change_form_with_demo_data(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="pharos"))
    opened = 0
    for model in admin_models():
        opts = model._meta
        if not admin.site._registry[model].has_view_permission(
            type("R", (), {"user": get_user_model().objects.get(username="pharos")})()
        ):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change
        opened += 1
    assert opened >= 6


def test_superuser_opens_every_changelist(demo, admin_client):
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url


def test_member_without_staff_status_is_sent_to_the_admin_login(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:coalitions_coalition_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_pharos_cannot_change_a_coalition_in_the_admin(client, pharos, coalition):
    client.force_login(pharos)
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    response = client.post(url, {"name": "Overschreven", "slug": coalition.slug})
    assert response.status_code == 403
    coalition.refresh_from_db()
    assert coalition.name == "Delft test"


def make_coalitions(n):
    for i in range(n):
        c = CoalitionFactory()
        StatusUpdateFactory(coalition=c)
        CoalitionPartnerFactory(coalition=c)
        if i % 3 == 0:
            CoalitionPartnerFactory(coalition=c)


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_coalition_changelist_query_count_does_not_grow_from_10_to_100(
    admin_client, django_assert_max_num_queries
):
    url = reverse("admin:coalitions_coalition_changelist")
    make_coalitions(10)
    small = count_queries(admin_client, url, django_assert_max_num_queries)
    make_coalitions(90)
    large = count_queries(admin_client, url, django_assert_max_num_queries)
    assert small == large
    assert large <= 12


def test_coalition_changelist_checkbox_is_exactly_djangos_own():
    from coalitions.admin import CoalitionAdmin
    from coalitions.models import Coalition

    coalition = CoalitionFactory(name="Kansrijk <Oudstede>")
    ours = admin.site._registry[Coalition]
    assert isinstance(ours, CoalitionAdmin)
    djangos = admin.ModelAdmin.action_checkbox(ours, coalition)
    assert ours.action_checkbox(coalition) == djangos


def test_coalition_changelist_shows_last_update_and_running_partners(client, superuser):
    import datetime

    coalition = CoalitionFactory(name="Kansrijk Oudstede")
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2024, 3, 1))
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2025, 3, 1))
    CoalitionPartnerFactory.create_batch(3, coalition=coalition)
    CoalitionPartnerFactory(coalition=coalition, until=datetime.date(2024, 1, 1))
    client.force_login(superuser)
    response = client.get(reverse("admin:coalitions_coalition_changelist"))
    row = next(r for r in response.content.decode().split("<tr") if "Kansrijk Oudstede" in r)
    assert '<td class="field-partner_count">3</td>' in row
    assert '<td class="field-last_update nowrap">1 maart 2025</td>' in row


def test_coalition_changelist_filters_on_advisers_with_coalitions_only(client, superuser):
    from tests.factories import UserFactory

    adviser = UserFactory(username="adviseur-met-coalitie")
    UserFactory(username="gebruiker-zonder-coalitie")
    CoalitionFactory(pharos_adviser=adviser)
    client.force_login(superuser)
    html = client.get(reverse("admin:coalitions_coalition_changelist")).content.decode()
    assert f"pharos_adviser__id__exact={adviser.pk}" in html
    assert "gebruiker-zonder-coalitie" not in html
