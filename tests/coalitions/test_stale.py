"""Stale data: coalitions whose status or partners went six months untouched."""

import datetime

import pgtrigger
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition, StatusUpdate, months_before
from partners.models import CoalitionPartner
from tests.factories import AssessmentFactory, CoalitionPartnerFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=200)
RECENTLY = timezone.now() - datetime.timedelta(days=10)


def age(coalition, *, status=None, partners=None, created=LONG_AGO):
    """Move the recorded times back, as if the coalition had been left alone."""
    Coalition.objects.filter(pk=coalition.pk).update(created_at=created)
    if status is not None:
        # Status updates are append-only in the database; tests may rewrite time itself.
        with pgtrigger.ignore("coalitions.StatusUpdate:statusupdate_append_only"):
            StatusUpdate.objects.filter(coalition=coalition).update(created_at=status)
    if partners is not None:
        CoalitionPartner.objects.filter(coalition=coalition).update(updated_at=partners)


def test_a_coalition_with_an_old_status_is_stale_and_names_the_part(coalition):
    StatusUpdateFactory(coalition=coalition)
    CoalitionPartnerFactory(coalition=coalition)
    AssessmentFactory(coalition=coalition)  # the denkraam is up to date
    age(coalition, status=LONG_AGO, partners=RECENTLY)

    [stale] = Coalition.objects.stale()

    assert stale == coalition
    assert [p["key"] for p in stale.stale_parts()] == ["status"]


def test_a_coalition_with_old_partners_is_stale(coalition):
    StatusUpdateFactory(coalition=coalition)
    CoalitionPartnerFactory(coalition=coalition)
    AssessmentFactory(coalition=coalition)  # the denkraam is up to date
    age(coalition, status=RECENTLY, partners=LONG_AGO)

    assert [p["key"] for p in Coalition.objects.get(pk=coalition.pk).stale_parts()] == ["partners"]


def test_a_coalition_touched_recently_is_not_stale(coalition):
    StatusUpdateFactory(coalition=coalition)
    CoalitionPartnerFactory(coalition=coalition)
    AssessmentFactory(coalition=coalition)  # the denkraam is up to date
    age(coalition, status=RECENTLY, partners=RECENTLY)

    assert list(Coalition.objects.stale()) == []


def test_a_new_coalition_without_anything_yet_is_not_stale_for_six_months(coalition):
    assert list(Coalition.objects.stale()) == []
    later = timezone.now() + datetime.timedelta(days=190)
    assert list(Coalition.objects.stale(now=later)) == [coalition]


def test_editors_are_reminded_of_their_own_stale_coalitions_only(
    editor, member, other_editor, coalition, other_coalition
):
    age(coalition)
    age(other_coalition, created=RECENTLY)

    assert list(Coalition.objects.reminders_for(editor)) == [coalition]
    assert list(Coalition.objects.reminders_for(member)) == []
    assert list(Coalition.objects.reminders_for(other_editor)) == []

    html = render_to_string(
        "coalitions/_reminders.html",
        {"stale_coalitions": Coalition.objects.reminders_for(editor)},
    )
    assert "Delft test: statusupdate is sinds" in html
    assert "Delft test: partners is sinds" in html


def test_pharos_sees_the_stale_coalitions_in_the_admin(client, pharos, coalition, other_coalition):
    age(coalition)
    age(other_coalition, created=RECENTLY)
    client.force_login(pharos)

    html = client.get(reverse("pharos:stale")).content.decode()

    assert coalition.name in html
    assert other_coalition.name not in html
    assert "(verouderd)" in html


def test_six_months_before_the_end_of_august_is_the_end_of_february():
    assert months_before(datetime.date(2025, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 1, 1), 6) == datetime.date(2024, 7, 1)
