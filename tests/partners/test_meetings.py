"""Meetings (overleggen) per level, and a werkagenda item discussed ("getoetst") at a level."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from experiments.models import WorkItemReview
from partners.models import Meeting, MeetingLevel, MeetingParticipant
from tests.factories import CoalitionPartnerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def meetings_url(coalition):
    return reverse("partners:workspace_meetings", args=[coalition.slug])


def add_url(coalition):
    return reverse("partners:workspace_meeting_add", args=[coalition.slug])


def test_editor_records_a_meeting_with_its_organisations_and_decisions(client, editor, coalition):
    a = CoalitionPartnerFactory(coalition=coalition, organisation__name="VSV Delft")
    b = CoalitionPartnerFactory(coalition=coalition, organisation__name="Wijkteam Delft")
    client.force_login(editor)
    response = client.post(
        add_url(coalition),
        {"level": "casusoverleg", "held_on": "2025-03-04", "title": "Kwetsbare zwangeren",
         "participants": [a.pk, b.pk], "decisions": "Vaste verwijsroute naar het wijkteam"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert set(meeting.participants.all()) == {a, b}
    page = client.get(meetings_url(coalition), {"niveau": "casusoverleg"}).content.decode()
    assert "VSV Delft, Wijkteam Delft" in page and "Vaste verwijsroute" in page
    other_level = client.get(meetings_url(coalition), {"niveau": "bestuurlijk"})
    assert other_level.context["meetings"] == []


def test_a_meeting_is_recorded_after_it_took_place(client, editor, coalition):
    client.force_login(editor)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        add_url(coalition), {"level": "werkgroep", "held_on": tomorrow, "title": "Later"}
    )
    assert "Leg een overleg vast als het geweest is." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_organisation_of_another_coalition_cannot_take_part(
    client, editor, coalition, other_coalition
):
    stranger = CoalitionPartnerFactory(coalition=other_coalition)
    client.force_login(editor)
    response = client.post(
        add_url(coalition),
        {"level": "werkgroep", "held_on": "2025-01-01", "title": "X",
         "participants": [stranger.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    meeting = Meeting.objects.create(
        coalition=coalition, level="werkgroep", held_on=datetime.date(2025, 1, 1), title="X"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingParticipant.objects.create(meeting=meeting, partner=stranger)


def test_member_reads_meetings_but_cannot_record_one(client, member, coalition):
    client.force_login(member)
    assert client.get(meetings_url(coalition)).status_code == 200
    assert client.get(add_url(coalition)).status_code == 403
    response = client.post(add_url(coalition), {"level": "werkgroep", "title": "X"})
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_editor_of_another_coalition_gets_a_404(client, other_editor, coalition):
    client.force_login(other_editor)
    assert client.get(meetings_url(coalition)).status_code == 404
    assert client.post(add_url(coalition), {"title": "X"}).status_code == 404


def test_an_item_records_that_it_was_discussed_at_a_level_and_shows_it(
    client, member, coalition, other_coalition
):
    item = WorkItemFactory(coalition=coalition)
    meeting = Meeting.objects.create(
        coalition=coalition, level="ambtelijk", held_on=datetime.date(2025, 3, 3), title="MT"
    )
    review = WorkItemReview(
        item=item, level=MeetingLevel.AMBTELIJK, reviewed_on=datetime.date(2025, 3, 3),
        meeting=meeting,
    )  # fmt: skip
    review.full_clean()
    review.save()
    client.force_login(member)
    page = client.get(reverse("experiments:item_detail", args=[coalition.slug, item.pk]))
    assert "Ambtelijk (3 maart 2025)" in page.content.decode()

    elsewhere = Meeting.objects.create(
        coalition=other_coalition, level="ambtelijk", held_on=datetime.date(2025, 3, 3), title="Y"
    )
    with pytest.raises(ValidationError):
        WorkItemReview(
            item=item, level="ambtelijk", reviewed_on=datetime.date(2025, 3, 3), meeting=elsewhere
        ).full_clean()
    with pytest.raises(ValidationError):
        WorkItemReview(
            item=item, level="bestuurlijk", reviewed_on=datetime.date(2025, 3, 3), meeting=meeting
        ).full_clean()
