"""Finding and sending notifications (`manage.py send_notifications`).

Each finder returns unsaved `Notification`s for one kind in a fixed number of queries.
`send_notifications` stores them with ON CONFLICT DO NOTHING on the unique key, so a message
that exists is never made again, then mails the unsent ones under a row lock that a second run
at the same moment skips (SKIP LOCKED): nobody receives the same message twice.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalitions.models import Coalition, CoalitionRole, Feedback
from experiments.models import EscalationLevel
from experiments.models.bottlenecks import Escalation
from kansrijke.models import AuditAction, AuditLogEntry
from kansrijke.notifications.models import (
    Kind,
    Notification,
    NotificationSettings,
    unsubscribe_token,
)

# Feedback and escalations older than this are not announced (the first run after an upgrade
# would otherwise mail the whole history).
RECENT_DAYS = 31


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def feedback_notices(now) -> list[Notification]:
    """Recent Pharos feedback, to the coalition's editors (who read it in the workspace)."""
    feedback = list(
        Feedback.objects.filter(created_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
        .select_related("coalition")
        .order_by("pk")
    )
    editors = _people({f.coalition_id for f in feedback}, roles=[CoalitionRole.Role.EDITOR])
    return [
        Notification(
            recipient_id=user_id,
            kind=Kind.FEEDBACK,
            object_key=f"feedback:{f.pk}",
            coalition=f.coalition,
            subject=_("Feedback van Pharos voor %(coalition)s") % {"coalition": f.coalition.name},
            body=_("Pharos gaf op %(date)s feedback op %(coalition)s:\n\n%(text)s")
            % {
                "date": formats.date_format(f.date, "j F Y"),
                "coalition": f.coalition.name,
                "text": f.text,
            },
            url=f.coalition.get_workspace_url(),
        )
        for f in feedback
        for user_id, _levels in editors[f.coalition_id]
    ]


def escalation_notices(now) -> list[Notification]:
    """Recent escalations, to the coalition's people who take part in the level it reached."""
    escalations = list(
        Escalation.objects.filter(created_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
        .select_related("bottleneck__work_item__coalition")
        .order_by("pk")
    )
    people = _people({e.bottleneck.work_item.coalition_id for e in escalations})
    notices = []
    for escalation in escalations:
        coalition = escalation.bottleneck.work_item.coalition
        level = EscalationLevel(escalation.to_level).label
        for user_id, levels in people[coalition.pk]:
            if escalation.to_level not in levels:
                continue
            notices.append(
                Notification(
                    recipient_id=user_id,
                    kind=Kind.ESCALATION,
                    object_key=f"escalation:{escalation.pk}",
                    coalition=coalition,
                    subject=_("Knelpunt opgeschaald naar %(level)s in %(coalition)s")
                    % {"level": level, "coalition": coalition.name},
                    body=_(
                        "Op %(date)s is een knelpunt van %(coalition)s opgeschaald naar het "
                        "niveau %(level)s.\n\nKnelpunt: %(description)s\nWaarom: %(reason)s"
                    )
                    % {
                        "date": formats.date_format(escalation.date, "j F Y"),
                        "coalition": coalition.name,
                        "level": level,
                        "description": escalation.bottleneck.description,
                        "reason": escalation.reason,
                    },
                    url=reverse("experiments:bottleneck_overview", args=[coalition.slug]),
                )
            )
    return notices


def digest_notices(today) -> list[Notification]:
    """Once a month per editor: what the workspace's attention checks (coalitions/attention.py)
    list for their coalitions. Nothing needs attention: no digest."""
    roles = list(
        CoalitionRole.objects.filter(role=CoalitionRole.Role.EDITOR, user__is_active=True)
        .values_list("user_id", "coalition_id")
        .order_by("user_id", "coalition_id")
    )
    coalitions = {
        c.pk: c
        for c in Coalition.objects.filter(pk__in={c for _u, c in roles}).for_workspace(today=today)
    }
    per_editor = defaultdict(list)
    for user_id, coalition_id in roles:
        coalition = coalitions[coalition_id]
        items = coalition.attention_items
        if items:
            per_editor[user_id].append((coalition, items))
    period = today.strftime("%Y-%m")
    notices = []
    for user_id, rows in per_editor.items():
        lines = []
        for coalition, items in sorted(rows, key=lambda row: row[0].name):
            lines.append(f"{coalition.name}:")
            lines.extend(f"- {item.message}" for item in items)
            lines.append("")
        notices.append(
            Notification(
                recipient_id=user_id,
                kind=Kind.DIGEST,
                object_key="digest",
                period=period,
                subject=_("Wat aandacht vraagt in uw coalities (%(month)s)")
                % {"month": formats.date_format(today, "F Y")},
                body="\n".join(lines).strip(),
                url=reverse("coalitions:workspace"),
            )
        )
    return notices


def _people(coalition_ids, roles=None) -> dict[int, list[tuple[int, list[str]]]]:
    """{coalition id: [(user id, levels they take part in)]} of active users with a role."""
    qs = CoalitionRole.objects.filter(coalition_id__in=coalition_ids, user__is_active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    result = defaultdict(list)
    for coalition_id, user_id, levels in qs.values_list(
        "coalition_id", "user_id", "user__notification_settings__levels"
    ).order_by("user_id"):
        result[coalition_id].append((user_id, levels or []))
    return result


def collect(now=None) -> int:
    """Store every notice that is due and not stored yet; returns how many were new."""
    now = now or timezone.now()
    notices = [
        *feedback_notices(now),
        *escalation_notices(now),
        *digest_notices(timezone.localdate(now)),
    ]
    muted = dict(
        NotificationSettings.objects.filter(
            user_id__in={n.recipient_id for n in notices}
        ).values_list("user_id", "muted")
    )
    for notice in notices:
        notice.by_mail = notice.kind not in muted.get(notice.recipient_id, [])
    before = Notification.objects.count()
    Notification.objects.bulk_create(notices, ignore_conflicts=True)
    return Notification.objects.count() - before


def render_mail(notice: Notification) -> EmailMultiAlternatives:
    """The Dutch mail of one notice, text and HTML, with its kind's unsubscribe link."""
    unsubscribe = site_url(
        reverse(
            "notifications:unsubscribe", args=[unsubscribe_token(notice.recipient, notice.kind)]
        )
    )
    context = {
        "notice": notice,
        "link": site_url(notice.url) if notice.url else "",
        "user": notice.recipient,
        "kind_label": Kind(notice.kind).label,
        "unsubscribe_url": unsubscribe,
        "account_url": site_url(reverse("accounts:account")),
    }
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=render_to_string("notifications/email/notice.txt", context),
        to=[notice.recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    message.attach_alternative(
        render_to_string("notifications/email/notice.html", context), "text/html"
    )
    return message


def send(batch_size=200) -> tuple[int, int]:
    """Mail the stored notices not sent yet; returns (sent, failed). A notice whose mail the
    server refused stays unsent and is tried again on the next run."""
    sent = failed = 0
    failed_ids: set[int] = set()
    while True:
        with transaction.atomic():
            batch = list(
                Notification.objects.to_mail()
                .exclude(pk__in=failed_ids)
                .select_related("recipient")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return sent, failed
            done = []
            with get_connection() as connection:
                for notice in batch:
                    if not notice.recipient.email:
                        failed_ids.add(notice.pk)
                        failed += 1
                        continue
                    message = render_mail(notice)
                    message.connection = connection
                    try:
                        message.send()
                    except Exception:  # one refused address must not stop the others
                        failed_ids.add(notice.pk)
                        failed += 1
                        continue
                    notice.sent_at = timezone.now()
                    done.append(notice)
            Notification.objects.bulk_update(done, ["sent_at"])
            AuditLogEntry.objects.bulk_create(
                AuditLogEntry(
                    action=AuditAction.NOTIFICATION_SENT,
                    user=notice.recipient,
                    username=notice.recipient.get_username(),
                    what=f"{Kind(notice.kind).label}: {notice.subject}"[:300],
                )
                for notice in done
            )
            sent += len(done)
