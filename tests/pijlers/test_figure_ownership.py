"""Figures are written only for the coalition's own running gemeenten; national ones by Pharos.

Reproduces the finding "taking over another coalition's gemeente" (issue 14): with Utrecht's
gemeente added to Delft, Delft's editor deleted Utrecht's figure and entered a fake one that
showed on Utrecht's public chart.
"""

import csv
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitions.models import CoalitionRole
from pijlers.models import Indicator, Measurement
from tests.factories import CoalitionRoleFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def take_over(client, coalition, gemeente):
    """The first step of the attack: the old basics form accepted any gemeente."""
    client.post(
        reverse("coalitions:workspace_basics", args=[coalition.slug]),
        {
            "ambition": coalition.ambition,
            "start_date": "2020-01-01",
            "gemeenten": [coalition.gemeenten.get().pk, gemeente.pk],
            "loaded_version": coalition.updated_at.isoformat(),
        },
    )


def add_figure(client, coalition, gemeente, value="99"):
    return client.post(
        reverse("pijlers:measurement_add", args=[coalition.slug]),
        {
            "gemeente": gemeente.pk if gemeente else "",
            "indicator": Indicator.objects.get(code="vroeggeboorte").pk,
            "period": "2023",
            "value": value,
            "source": "nep",
        },
    )


def delete_figure(client, coalition, measurement):
    return client.post(reverse("pijlers:measurement_delete", args=[coalition.slug, measurement.pk]))


def import_file(client, coalition, tmp_path, rows):
    path = tmp_path / "cijfers.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["gemeente", "indicator", "periode", "waarde", "bron"])
        writer.writerows(rows)
    url = reverse("pijlers:measurement_import", args=[coalition.slug])
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    preview = client.post(url, {"step": "preview", "file": file})
    client.post(url, {"step": "confirm", "staged": preview.context.get("staged") or ""})
    return preview


@pytest.fixture
def theirs(other_coalition):
    return other_coalition.gemeenten.get()


@pytest.fixture
def their_figure(theirs):
    return MeasurementFactory(
        gemeente=theirs, indicator=Indicator.objects.get(code="vroeggeboorte"), value="7.0"
    )


def test_editor_cannot_enter_a_figure_for_another_coalitions_gemeente(
    client, editor, coalition, theirs
):
    client.force_login(editor)
    take_over(client, coalition, theirs)

    response = add_figure(client, coalition, theirs)

    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Measurement.objects.filter(gemeente=theirs).exists()


def test_a_fake_figure_never_reaches_the_other_coalitions_public_chart(
    client, editor, coalition, other_coalition, theirs, their_figure
):
    client.force_login(editor)
    take_over(client, coalition, theirs)
    add_figure(client, coalition, theirs, value="99")
    client.logout()

    page = client.get(other_coalition.get_absolute_url())

    [trend] = [t for t, _chart in page.context["public_trends"]]
    assert [str(m.value) for s in trend.series for m in s.points.values()] == ["7.0000"]


def test_editor_cannot_delete_a_figure_of_another_coalitions_gemeente(
    client, editor, coalition, theirs, their_figure
):
    client.force_login(editor)
    take_over(client, coalition, theirs)

    assert delete_figure(client, coalition, their_figure).status_code == 404
    assert Measurement.objects.filter(pk=their_figure.pk).exists()


def test_editor_cannot_enter_or_delete_a_national_figure(client, editor, coalition):
    national = MeasurementFactory(gemeente=None, indicator=Indicator.objects.get(code="big2"))
    client.force_login(editor)

    refused = add_figure(client, coalition, None)

    assert refused.status_code == 200
    assert "Dit veld is verplicht." in refused.content.decode()
    assert delete_figure(client, coalition, national).status_code == 404
    assert list(Measurement.objects.all()) == [national]


def test_the_measurement_form_offers_only_the_coalitions_running_gemeenten(
    client, editor, coalition, theirs
):
    client.force_login(editor)

    form = client.get(reverse("pijlers:measurement_add", args=[coalition.slug])).context["form"]

    assert list(form.fields["gemeente"].queryset) == list(coalition.gemeenten.all())
    assert theirs not in form.fields["gemeente"].queryset


def test_an_editor_of_two_coalitions_imports_in_one_only_that_coalitions_gemeenten(
    client, editor, coalition, other_coalition, theirs, tmp_path
):
    """The import used to accept the gemeenten of every coalition the user edits."""
    CoalitionRoleFactory(user=editor, coalition=other_coalition, role=CoalitionRole.Role.EDITOR)
    client.force_login(editor)

    preview = import_file(
        client, coalition, tmp_path, [[theirs.cbs_code, "vroeggeboorte", "2019", "7", ""]]
    )

    [message] = preview.context["problems"]
    assert message.startswith("Regel 2, kolom ‘gemeente’: ")
    assert "hoort niet bij deze coalitie" in message
    assert not Measurement.objects.exists()


def test_editor_cannot_import_figures_for_another_coalitions_gemeente_after_taking_it(
    client, editor, coalition, theirs, tmp_path
):
    client.force_login(editor)
    take_over(client, coalition, theirs)

    import_file(client, coalition, tmp_path, [[theirs.cbs_code, "vroeggeboorte", "2019", "7", ""]])

    assert not Measurement.objects.exists()


def test_figures_of_a_gemeente_whose_link_ended_are_no_longer_the_editors(
    client, editor, coalition
):
    gemeente = coalition.gemeenten.get()
    figure = MeasurementFactory(gemeente=gemeente)
    coalition.gemeente_links.update(until=datetime.date.today())
    client.force_login(editor)

    assert add_figure(client, coalition, gemeente).status_code == 200
    assert delete_figure(client, coalition, figure).status_code == 404
    assert list(Measurement.objects.all()) == [figure]
