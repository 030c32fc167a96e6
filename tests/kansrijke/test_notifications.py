"""Notifications: found by `send_notifications`, mailed once through a real SMTP server,
Dutch text and HTML, an unsubscribe per kind without logging in, listed in the workspace."""

import datetime
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from experiments.services import escalate_bottleneck
from kansrijke.models import AuditAction, AuditLogEntry
from kansrijke.notifications import services
from kansrijke.notifications.models import Notification, NotificationSettings
from tests.factories import (
    BottleneckFactory,
    FeedbackFactory,
    StatusUpdateFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def run():
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115


def to(mailbox, user, subject=""):
    return [m for m in mailbox if m["To"] == user.email and subject in m["Subject"]]


def fresh(coalition):
    """Not stale: an update today, so the digest has nothing about this coalition."""
    StatusUpdateFactory(coalition=coalition, date=timezone.localdate())


def test_pharos_feedback_reaches_the_editors_once(client, editor, member, coalition, mailbox):
    fresh(coalition)
    FeedbackFactory(coalition=coalition, text="Betrek de kraamzorg.")
    run()
    mails = to(mailbox, editor, "Feedback")
    assert len(mails) == 1
    assert mails[0]["Subject"] == "Feedback van Pharos voor Delft test"
    assert "Betrek de kraamzorg." in mails[0].get_body(("plain",)).get_content()
    assert "Betrek de kraamzorg." in mails[0].get_body(("html",)).get_content()
    assert "/meldingen/afmelden/" in mails[0]["List-Unsubscribe"]
    assert to(mailbox, member, "Feedback") == []  # feedback is for the editors
    sent = len(mailbox)
    run()
    assert len(mailbox) == sent
    logged = AuditLogEntry.objects.filter(
        action=AuditAction.NOTIFICATION_SENT, user=editor, what__contains="Feedback van Pharos"
    )
    assert logged.count() == 1
    client.force_login(editor)
    assert "Betrek de kraamzorg." in client.get(reverse("notifications:list")).content.decode()
    # The workspace lists it too, with a link to the coalition's workspace.
    workspace = client.get(reverse("coalitions:workspace")).content.decode()
    assert "Feedback van Pharos voor Delft test" in workspace


def test_a_monthly_digest_lists_what_needs_attention_and_is_never_sent_twice(
    editor, coalition, mailbox
):
    # The coalition has no status update since 2020: stale (coalitions/attention.py says so).
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2020, 2, 1))
    run()
    run()
    digests = to(mailbox, editor, "aandacht")
    assert len(digests) == 1
    text = digests[0].get_body(("plain",)).get_content()
    assert "Delft test:" in text
    assert "Geen statusupdate sinds 1 februari 2020" in text
    # Next month: a new digest.
    services.collect(now=timezone.now() + datetime.timedelta(days=32))
    services.send()
    assert len(to(mailbox, editor, "aandacht")) == 2


def test_a_digest_tells_an_editor_only_about_their_own_coalitions(
    editor, coalition, other_editor, other_coalition, mailbox
):
    StatusUpdateFactory(coalition=coalition, date=datetime.date(2020, 2, 1))
    fresh(other_coalition)
    run()
    text = to(mailbox, editor, "aandacht")[0].get_body(("plain",)).get_content()
    assert "Utrecht test" not in text
    for mail in to(mailbox, other_editor, "aandacht"):
        assert "Delft test" not in mail.get_body(("plain",)).get_content()


def test_an_escalation_reaches_those_taking_part_in_that_level(editor, member, coalition, mailbox):
    fresh(coalition)
    NotificationSettings.objects.create(user=member, levels=["bestuurlijk"])
    bottleneck = BottleneckFactory(work_item=WorkItemFactory(coalition=coalition))
    escalate_bottleneck(
        bottleneck=bottleneck,
        to_level="bestuurlijk",
        date=datetime.date(2020, 4, 1),
        escalated_by="Werkgroep",
        reason="Geen budget.",
    )
    run()
    mails = to(mailbox, member, "Knelpunt")
    assert len(mails) == 1
    assert mails[0]["Subject"] == "Knelpunt opgeschaald naar Bestuurlijk in Delft test"
    assert "Geen budget." in mails[0].get_body(("plain",)).get_content()
    assert to(mailbox, editor, "Knelpunt") == []  # takes part in no level


def test_unsubscribing_per_kind_works_without_login_and_the_notice_stays_listed(
    client, editor, coalition, mailbox
):
    fresh(coalition)
    FeedbackFactory(coalition=coalition)
    run()
    text = to(mailbox, editor, "Feedback")[0].get_body(("plain",)).get_content()
    link = re.search(r"http://[^/]+(/meldingen/afmelden/\S+/)", text).group(1)
    page = client.get(link)  # not logged in; a GET changes nothing (mail scanners)
    assert "Wilt u geen e-mail meer" in page.content.decode()
    assert not NotificationSettings.objects.filter(user=editor).exists()
    done = client.post(link)
    assert "geen e-mail meer voor" in done.content.decode()
    assert NotificationSettings.objects.get(user=editor).muted == ["feedback"]
    FeedbackFactory(coalition=coalition, text="Tweede feedback.")
    run()
    assert len(to(mailbox, editor, "Feedback")) == 1
    notice = Notification.objects.get(body__contains="Tweede feedback.")
    assert notice.by_mail is False and notice.sent_at is None


def test_a_forged_unsubscribe_link_is_refused_in_dutch(client):
    response = client.get(reverse("notifications:unsubscribe", args=["vals.token"]))
    assert response.status_code == 404
    assert "ongeldig" in response.content.decode()


def test_the_notifications_page_lists_a_pending_invitation(client, outsider, coalition):
    from coalitions.models import Invitation

    invitation = Invitation(coalition=coalition, email=outsider.email, role="member")
    invitation.new_token()
    invitation.save()
    client.force_login(outsider)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "U bent uitgenodigd voor Delft test" in page


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_message_once(mailbox):
    from coalitions.models import CoalitionRole
    from tests.factories import CoalitionFactory, CoalitionRoleFactory, UserFactory

    coalition = CoalitionFactory(name="Gelijktijdig")
    StatusUpdateFactory(coalition=coalition, date=timezone.localdate())
    editors = [UserFactory(username=f"redacteur{i}") for i in range(15)]
    for user in editors:
        CoalitionRoleFactory(user=user, coalition=coalition, role=CoalitionRole.Role.EDITOR)
    FeedbackFactory(coalition=coalition)
    errors = []

    def worker():
        try:
            run()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    feedback = [m["To"] for m in mailbox if "Feedback" in m["Subject"]]
    assert sorted(feedback) == sorted(u.email for u in editors)
