"""Every text area takes at most 10,000 characters: one limit with one Dutch message in the
workspace, the plain forms (status update, self-assessment, escalation) and the admin."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from coalitions.models import Coalition, Goal, StatusUpdate
from common.text import TEXT_MAX_LENGTH, TextLengthValidator
from experiments.models import Escalation
from kansrijke.apps import PROJECT_APPS
from pijlers.models import Assessment
from tests.factories import BottleneckFactory, WorkItemFactory
from tests.fuzz import admin_form_data, page_form_data

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * (TEXT_MAX_LENGTH + 1)
MESSAGE = "Deze tekst is te lang: hoogstens 10.000 tekens, nu 10.001."


def errors_of(response):
    return response.content.decode()


def test_every_text_field_of_the_project_has_the_limit():
    """A new TextField is covered without anyone remembering it."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.local_fields
        if isinstance(field, models.TextField)
        and not any(isinstance(v, TextLengthValidator) for v in field.validators)
    ]
    assert not missing, missing


def test_a_workspace_text_area_refuses_two_megabytes_in_dutch(client, editor, coalition):
    client.force_login(editor)
    url = reverse("coalitions:workspace_goal_create", args=[coalition.slug])
    data = page_form_data(client, url) | {"year": "2025", "description": "x" * 2_000_000}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Deze tekst is te lang: hoogstens 10.000 tekens, nu 2.000.000." in errors_of(response)
    assert not Goal.objects.exists()


def test_exactly_the_limit_is_still_accepted(client, editor, coalition):
    client.force_login(editor)
    url = reverse("coalitions:workspace_goal_create", args=[coalition.slug])
    data = page_form_data(client, url) | {"year": "2025", "description": "a" * TEXT_MAX_LENGTH}
    assert client.post(url, data).status_code == 302
    assert len(Goal.objects.get().description) == TEXT_MAX_LENGTH


def test_the_status_update_refuses_an_overlong_summary(client, editor, coalition):
    client.force_login(editor)
    url = reverse("coalitions:workspace_status", args=[coalition.slug])
    data = page_form_data(client, url) | {"summary": TOO_LONG}
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in errors_of(response)
    assert not StatusUpdate.objects.exists()


def test_the_self_assessment_refuses_overlong_notes(client, editor, coalition):
    client.force_login(editor)
    url = reverse("pijlers:assess", args=[coalition.slug, 1])
    data = page_form_data(client, url) | {"level": "verkennend", "next_actions": TOO_LONG}
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in errors_of(response)
    assert not Assessment.objects.exists()


def test_the_escalation_refuses_an_overlong_reason(client, editor, coalition):
    bottleneck = BottleneckFactory(work_item=WorkItemFactory(coalition=coalition))
    client.force_login(editor)
    url = reverse("experiments:bottleneck_escalate", args=[coalition.slug, bottleneck.pk])
    data = page_form_data(client, url) | {"escalated_by": "Werkgroep", "reason": TOO_LONG}
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in errors_of(response)
    assert not Escalation.objects.exists()


def test_the_admin_refuses_an_overlong_text_too(client, superuser, coalition):
    client.force_login(superuser)
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    data = admin_form_data(client, url) | {"ambition": TOO_LONG}
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE in errors_of(response)
    assert Coalition.objects.get(pk=coalition.pk).ambition != TOO_LONG
