"""Facet counts in the admin ("Toon aantallen", `?_facets=True`): never a server error."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_change_history_answers_with_facets_asked_for(client, superuser, coalition):
    """Found by the adversarial test: pghistory's change list cannot count facets (500)."""
    coalition.name = "Delft hernoemd"
    coalition.save()
    client.force_login(superuser)
    url = reverse("admin:coalitions_auditevent_changelist")
    response = client.get(url, {"_facets": "True"})
    assert response.status_code == 200
    assert "Delft hernoemd" in response.content.decode()


def test_every_admin_list_answers_with_facets_asked_for(client, superuser, coalition):
    client.force_login(superuser)
    failures = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = client.get(url, {"_facets": "True"}).status_code
        if status != 200:
            failures.append(f"{url}?_facets=True: {status}")
    assert not failures, "\n".join(failures)
