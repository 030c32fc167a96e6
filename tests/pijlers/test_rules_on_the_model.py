"""The self-assessment and measurement rules live on the model, so every way in (workspace
form, service, admin, import) refuses the same input with the same Dutch message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pijlers.models import Assessment, Indicator, Measurement, Pillar
from pijlers.services import record_assessment

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
FUTURE = "Een zelfevaluatie kan niet in de toekomst liggen."
BACKWARDS = "Het eindjaar ligt vóór het beginjaar."


def test_the_service_refuses_a_future_assessment_with_the_forms_message(client, editor, coalition):
    pillar = Pillar.objects.get(number=1)
    client.force_login(editor)
    url = reverse("pijlers:assess", args=[coalition.slug, 1])
    response = client.post(url, {"date": TOMORROW.isoformat(), "level": "geborgd"})

    with pytest.raises(ValidationError) as refused:
        record_assessment(
            coalition=coalition, pillar=pillar, author=editor, date=TOMORROW, level="geborgd"
        )

    assert FUTURE in response.content.decode()
    assert refused.value.message_dict == {"date": [FUTURE]}
    assert not Assessment.objects.exists()


def test_admin_and_workspace_refuse_a_period_that_runs_backwards_with_the_same_message(
    client, editor, superuser, coalition
):
    data = {
        "gemeente": coalition.gemeenten.get().pk,
        "indicator": Indicator.objects.get(code="big2").pk,
        "period": "2021-2017",
        "value": "10.4",
        "source": "regiobeeld",
    }
    client.force_login(editor)
    workspace = client.post(reverse("pijlers:measurement_add", args=[coalition.slug]), data)
    client.force_login(superuser)
    admin_page = client.post(reverse("admin:pijlers_measurement_add"), data)

    for response in (workspace, admin_page):
        assert response.status_code == 200
        assert BACKWARDS in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_period_with_spaces_around_it_is_stored_trimmed(coalition):
    measurement = Measurement(
        gemeente=coalition.gemeenten.get(),
        indicator=Indicator.objects.get(code="big2"),
        period=" 2021 ",
        value="1.5",
    )
    measurement.full_clean()
    assert measurement.period == "2021" and measurement.end_year == 2021
