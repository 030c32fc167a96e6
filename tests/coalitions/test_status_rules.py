"""Status-update rules live on the model: the workspace form, the admin and the service refuse
the same input with the same Dutch message, and write nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Phase, StatusUpdate
from coalitions.services import post_status_update

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
FUTURE = "Een statusupdate kan niet in de toekomst liggen."
PHASE_CHANGE = "De fase verandert van Vorming naar Uitvoering: licht dat toe in de samenvatting."


def workspace_post(client, coalition, **data):
    url = reverse("coalitions:workspace_status", args=[coalition.slug])
    return client.post(url, {"phase": coalition.phase, "summary": "", **data})


def admin_post(client, coalition, **data):
    url = reverse("admin:coalitions_statusupdate_add")
    return client.post(url, {"coalition": coalition.pk, "phase": coalition.phase, **data})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": TOMORROW.isoformat(), "summary": "Vooruitgelopen."}, FUTURE),
        ({"date": "2024-01-01", "phase": Phase.UITVOERING}, PHASE_CHANGE),
    ],
    ids=["future date", "phase change without summary"],
)
def test_the_admin_refuses_what_the_workspace_refuses_with_the_same_message(
    client, editor, superuser, coalition, data, message
):
    client.force_login(editor)
    workspace = workspace_post(client, coalition, **data)
    client.force_login(superuser)
    admin_page = admin_post(client, coalition, **data)

    for response in (workspace, admin_page):
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not StatusUpdate.objects.exists()
    coalition.refresh_from_db()
    assert coalition.phase == Phase.VORMING


def test_the_service_refuses_a_future_update_and_writes_nothing(coalition):
    with pytest.raises(ValidationError) as refused:
        post_status_update(
            coalition=coalition, author=None, date=TOMORROW, phase=coalition.phase, summary="x"
        )
    assert refused.value.message_dict == {"date": [FUTURE]}
    assert not StatusUpdate.objects.exists()


def test_the_service_refuses_a_phase_change_without_summary(coalition):
    with pytest.raises(ValidationError) as refused:
        post_status_update(
            coalition=coalition,
            author=None,
            date=datetime.date(2024, 1, 1),
            phase=Phase.UITVOERING,
            summary="   ",
        )
    assert refused.value.message_dict == {"summary": [PHASE_CHANGE]}
    assert not StatusUpdate.objects.exists()


def test_a_valid_update_through_the_admin_moves_the_phase(client, superuser, coalition):
    client.force_login(superuser)
    response = admin_post(
        client, coalition, date="2024-01-01", phase=Phase.UITVOERING, summary="Aan de slag."
    )
    assert response.status_code == 302
    coalition.refresh_from_db()
    assert coalition.phase == Phase.UITVOERING
    assert StatusUpdate.objects.get().author == superuser
