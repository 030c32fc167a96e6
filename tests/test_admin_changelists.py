"""Every changelist on the admin site runs as many queries with many rows as with a few.

A changelist column that follows a foreign key, or counts something, without
`list_select_related` / an annotation in `get_queryset` asks one query per row: the admin's
coalition list at national scale is then hundreds of queries. The test walks
`admin.site._registry`, so a newly registered admin is checked too; it makes rows with the
model's factory from tests/factories.py, or with a maker below for models without one (a new
admin without either fails here until it gets one).
"""

import datetime
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factory.base import BaseFactory

import tests.factories as factories

pytestmark = pytest.mark.django_db

FEW, MORE = 2, 8


def _factories() -> dict:
    """{model: its factory} from tests/factories.py (the first one declared per model)."""
    found = {}
    for obj in vars(factories).values():
        if isinstance(obj, type) and issubclass(obj, BaseFactory) and obj._meta.model:
            found.setdefault(obj._meta.model._meta.label, obj)
    return found


def _invitation(i):
    from coalitions.models import CoalitionRole, Invitation

    return Invitation.objects.create(
        coalition=factories.CoalitionFactory(),
        email=f"uitgenodigd{uuid.uuid4().hex[:8]}@example.org",
        role=CoalitionRole.Role.MEMBER,
        token_hash=uuid.uuid4().hex,
        invited_by=factories.UserFactory(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def _escalation(i):
    from experiments.models import Escalation

    return Escalation.objects.create(
        bottleneck=factories.BottleneckFactory(),
        sequence=1,
        date=datetime.date(2025, 1, 1),
        escalated_by="Trekker",
        reason="Komt niet verder.",
        from_level="werkgroep",
        to_level="ambtelijk",
    )


def _pillar(i):
    # The database allows pillars 1 to 9 only: add the free numbers, as many as there are.
    from pijlers.models import Pillar

    taken = set(Pillar.objects.values_list("number", flat=True))
    free = [n for n in range(1, 10) if n not in taken]
    return Pillar.objects.create(number=free[0], name=f"Pijler {free[0]}") if free else None


def _element(i):
    from pijlers.models import CrossCuttingElement

    order = 100 + CrossCuttingElement.objects.count()
    return CrossCuttingElement.objects.create(order=order, name=f"Element {order}")


def _question(i):
    from pijlers.models import Pillar, PillarQuestion

    pillar = Pillar.objects.get(number=1)
    order = 100 + PillarQuestion.objects.count()
    return PillarQuestion.objects.create(pillar=pillar, order=order, text="Hoe staat het?")


def _target(i):
    from pijlers.models import Pillar, Target

    return Target.objects.create(
        coalition=factories.CoalitionFactory(),
        pillar=Pillar.objects.get(number=1),
        level="ingericht",
        target_date=datetime.date(2027, 1, 1),
    )


def _api_token(i):
    from kansrijke.api.models import ApiToken

    token = ApiToken(name=f"Koppeling {uuid.uuid4().hex[:6]}", user=factories.UserFactory())
    token.new_token()
    token.save()
    return token


def _audit_log_entry(i):
    from kansrijke.models import AuditLogEntry

    user = factories.UserFactory()
    return AuditLogEntry.objects.create(action="login", user=user, username=user.username)


def _access(model_path):
    def make(i):
        from django.apps import apps

        model = apps.get_model(model_path)
        fields = {"user_agent": "test", "ip_address": "127.0.0.1", "username": uuid.uuid4().hex}
        fields["path_info"] = "/admin/login/"
        if model_path == "axes.AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1, http_accept="*/*")
        if model_path == "axes.AccessLog":
            fields["http_accept"] = "*/*"
        return model.objects.create(**fields)

    return make


def _task_result(i):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="common.import_jobs.run_import",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def _history_event(i):
    # The history admin lists pghistory events: every tracked write makes some, here each by
    # another user (the user column and filter must not cost a query per row).
    import pghistory

    with pghistory.context(user=factories.UserFactory().pk, url="/werkruimte/"):
        return factories.CoalitionPartnerFactory()


MAKERS = {
    "auth.Group": lambda i: Group.objects.create(name=f"Groep {uuid.uuid4().hex[:8]}"),
    "coalitions.Invitation": _invitation,
    "coalitions.AuditEvent": _history_event,
    "experiments.Escalation": _escalation,
    "pijlers.Pillar": _pillar,
    "pijlers.CrossCuttingElement": _element,
    "pijlers.PillarQuestion": _question,
    "pijlers.Target": _target,
    "api.ApiToken": _api_token,
    "kansrijke.AuditLogEntry": _audit_log_entry,
    "axes.AccessAttempt": _access("axes.AccessAttempt"),
    "axes.AccessLog": _access("axes.AccessLog"),
    "axes.AccessFailureLog": _access("axes.AccessFailureLog"),
    "django_tasks_database.DBTaskResult": _task_result,
}

REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def make_rows(label, n):
    factory = None if label in MAKERS else _factories()[label]
    for i in range(n):
        MAKERS[label](i) if factory is None else factory()


def changelist_queries(client, url) -> tuple[int, int]:
    """(queries, rows listed) of the changelist at `url`."""
    client.get(url)  # one-off work (content types, templates) is not per request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.context["cl"].result_count


def test_every_registered_admin_can_make_rows_here():
    known = set(MAKERS) | set(_factories())
    assert [label for label in REGISTERED if label not in known] == []


@pytest.mark.parametrize("label", REGISTERED)
def test_the_changelist_asks_the_same_queries_with_more_rows(label, client, superuser):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    client.force_login(superuser)

    make_rows(label, FEW)
    few, rows = changelist_queries(client, url)
    make_rows(label, MORE)
    more, more_rows = changelist_queries(client, url)

    assert more_rows > rows > 0
    assert more == few, f"{label}: {few} queries for {rows} rows, {more} for {more_rows}"
