"""Meetings (overleggen) per level, and a werkagenda item discussed ("getoetst") at a level."""

import datetime
import uuid

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


def test_editor_corrects_a_meeting_and_members_cannot(client, editor, member, coalition):
    a = CoalitionPartnerFactory(coalition=coalition, organisation__name="VSV Delft")
    meeting = Meeting.objects.create(
        coalition=coalition, level="werkgroep", held_on=datetime.date(2025, 3, 3), title="WG"
    )
    url = reverse("partners:workspace_meeting_edit", args=[coalition.slug, meeting.pk])
    data = {"level": "casusoverleg", "held_on": "2025-03-04", "title": "Kwetsbare zwangeren",
            "participants": [a.pk], "decisions": ""}  # fmt: skip
    client.force_login(member)
    assert client.post(url, data).status_code == 403
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.level, meeting.title) == ("casusoverleg", "Kwetsbare zwangeren")
    assert list(meeting.participants.all()) == [a]


def review_url(coalition, item):
    return reverse("experiments:review_create", args=[coalition.slug, item.pk])


def test_editor_records_from_the_item_that_it_was_discussed_at_a_meeting(client, editor, coalition):
    item = WorkItemFactory(coalition=coalition)
    meeting = Meeting.objects.create(
        coalition=coalition, level="bestuurlijk", held_on=datetime.date(2025, 5, 12), title="BO"
    )
    client.force_login(editor)
    detail = reverse("experiments:item_detail", args=[coalition.slug, item.pk])
    assert review_url(coalition, item) in client.get(detail).content.decode()
    # At a recorded meeting, its level and date count (not what was typed beside it).
    response = client.post(
        review_url(coalition, item),
        {"meeting": meeting.pk, "level": "werkgroep", "reviewed_on": "2025-01-01"},
        follow=True,
    )
    assert "getoetst bestuurlijk op 12 mei 2025" in response.content.decode()
    review = WorkItemReview.objects.get()
    assert (review.level, review.reviewed_on) == ("bestuurlijk", datetime.date(2025, 5, 12))
    assert "Bestuurlijk (12 mei 2025), BO" in client.get(detail).content.decode()

    delete = reverse("experiments:review_delete", args=[coalition.slug, review.pk])
    # As the browser sends it: the page's one-time token (an empty POST is no submit).
    assert client.post(delete, {"form_token": uuid.uuid4().hex}).status_code == 302
    assert not WorkItemReview.objects.exists()


def test_a_review_without_a_meeting_needs_level_and_date_and_writes_nothing_otherwise(
    client, editor, coalition
):
    item = WorkItemFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(review_url(coalition, item), {"meeting": "", "level": "ambtelijk"})
    assert response.status_code == 200
    assert "Vul dit in, of kies een vastgelegd overleg." in response.content.decode()
    assert not WorkItemReview.objects.exists()
    client.post(review_url(coalition, item), {"level": "ambtelijk", "reviewed_on": "2025-02-03"})
    assert WorkItemReview.objects.get().reviewed_on == datetime.date(2025, 2, 3)


def test_only_the_coalitions_own_meetings_are_offered_and_others_cannot_record(
    client, editor, member, other_editor, coalition, other_coalition
):
    item = WorkItemFactory(coalition=coalition)
    elsewhere = Meeting.objects.create(
        coalition=other_coalition, level="ambtelijk", held_on=datetime.date(2025, 3, 3), title="X"
    )
    client.force_login(editor)
    response = client.post(review_url(coalition, item), {"meeting": elsewhere.pk})
    assert response.status_code == 200 and not WorkItemReview.objects.exists()
    data = {"level": "ambtelijk", "reviewed_on": "2025-02-03"}
    client.force_login(member)
    assert client.post(review_url(coalition, item), data).status_code == 403
    client.force_login(other_editor)
    assert client.post(review_url(coalition, item), data).status_code == 404
    assert not WorkItemReview.objects.exists()
