"""Writes that touch several models at once."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.audit import log_team
from coalitions.history import status_update_entries
from coalitions.models import (
    INVITATION_VALID_DAYS,
    Coalition,
    CoalitionRole,
    Invitation,
    StatusUpdate,
)
from common.stale_edit import StaleEdit

NEWER_UPDATE_MESSAGE = _(
    "Een collega heeft intussen een nieuwere statusupdate vastgelegd. Uw statusupdate is níet "
    "opgeslagen. Hieronder ziet u wat er veranderd is; het formulier toont nu de huidige fase."
)


@transaction.atomic
def post_status_update(
    *,
    coalition: Coalition,
    author,
    date,
    phase,
    summary="",
    next_steps="",
    bottlenecks="",
    based_on: int | None = None,
    instance: StatusUpdate | None = None,
) -> StatusUpdate:
    """Append a status update and keep the coalition's current phase in step with the newest one.

    An update dated before the newest existing one is history filled in afterwards: it is
    stored but does not change the coalition's current phase.

    `based_on` is the id of the last update stored when the author's form was shown (0: none
    yet; None: not checked, e.g. an import). When a newer one was stored meanwhile, nothing is
    written and `StaleEdit` says what changed: an old form never silently reverts a phase.

    Raises ValidationError (Dutch messages per field) when the update breaks a rule of
    `StatusUpdate.clean()`, checked here against the locked coalition; nothing is written then.
    """
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    if based_on is not None:
        newer = list(coalition.status_updates.stored_after(based_on).select_related("author"))
        if newer:
            current = coalition.status_updates.order_by("-date", "-created_at").first()
            raise StaleEdit(
                NEWER_UPDATE_MESSAGE, stored=current, entries=status_update_entries(newer)
            )
    update = instance or StatusUpdate()
    update.coalition = coalition
    update.author = author
    update.date = date
    update.phase = phase
    update.summary = summary
    update.next_steps = next_steps
    update.bottlenecks = bottlenecks
    update.full_clean()
    update.save()
    newest = coalition.status_updates.order_by("-date", "-created_at").first()
    if newest.pk == update.pk and coalition.phase != phase:
        coalition.phase = phase
        coalition.save(update_fields=["phase", "updated_at"])
    return update


# --- The team: invitations and roles ------------------------------------------------------
# Every function takes the acting user and refuses a role above theirs through
# `permissions.grantable_roles` (the one home of that rule); views check access first.


class TeamError(ValueError):
    """A refused team change, with a Dutch message for the user."""


def _require_grantable(actor, coalition, role):
    from coalitions.permissions import grantable_roles

    if role not in grantable_roles(actor, coalition):
        raise TeamError(_("U kunt deze rol niet geven: die is hoger dan uw eigen rol."))


def send_invitation_mail(request, invitation: Invitation, token: str) -> None:
    """The invitation e-mail (Dutch, text and HTML) with the one-time link."""
    link = request.build_absolute_uri(reverse("coalitions:invitation", args=[token]))
    context = {
        "invitation": invitation,
        "link": link,
        "inviter_name": (
            invitation.invited_by.get_full_name() or invitation.invited_by.get_username()
            if invitation.invited_by
            else "Kansrijke Start"
        ),
        "valid_days": INVITATION_VALID_DAYS,
    }
    subject = render_to_string("coalitions/email/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("coalitions/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("coalitions/email/invitation.html", context), "text/html"
    )
    message.send()


def invite(*, request, coalition: Coalition, email: str, role: str) -> Invitation:
    """Invite `email` into `coalition` with `role` and mail the link. Inviting an address
    with an open invitation again resends that one with a new link and the new role."""
    actor = request.user
    _require_grantable(actor, coalition, role)
    email = email.strip()
    if CoalitionRole.objects.filter(coalition=coalition, user__email__iexact=email).exists():
        raise TeamError(_("Iemand met dit e-mailadres hoort al bij deze coalitie."))
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .open()
            .for_email(email)
            .filter(coalition=coalition)
            .first()
        ) or Invitation(coalition=coalition, email=email)
        invitation.role = role
        invitation.invited_by = actor
        token = invitation.new_token()
        invitation.save()
    # After the commit: a mail server that fails leaves an invitation that can be resent.
    send_invitation_mail(request, invitation, token)
    log_team(
        request,
        "invitation",
        f"{email} uitgenodigd als {invitation.get_role_display()} in {coalition}",
    )
    return invitation


def resend_invitation(*, request, invitation: Invitation) -> None:
    """A new link for an open invitation (the old link stops working), valid seven days again."""
    _require_grantable(request.user, invitation.coalition, invitation.role)
    if invitation.accepted_at or invitation.revoked_at:
        raise TeamError(_("Deze uitnodiging is al gebruikt of ingetrokken."))
    token = invitation.new_token()
    invitation.invited_by = request.user
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "invited_by"])
    send_invitation_mail(request, invitation, token)
    log_team(request, "invitation", f"Uitnodiging opnieuw verstuurd aan {invitation.email}")


def revoke_invitation(*, request, invitation: Invitation) -> None:
    """The link stops working at once."""
    _require_grantable(request.user, invitation.coalition, invitation.role)
    updated = Invitation.objects.open().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    if not updated:
        raise TeamError(_("Deze uitnodiging is al gebruikt of ingetrokken."))
    log_team(
        request,
        "invitation_revoked",
        f"Uitnodiging van {invitation.email} voor {invitation.coalition} ingetrokken",
    )


def accept_invitation(*, request, invitation: Invitation, user) -> CoalitionRole:
    """`user` joins the coalition with the invited role (see `Invitation.accept`)."""
    try:
        role = invitation.accept(user)
    except ValueError as error:
        raise TeamError(str(error)) from None
    log_team(
        request,
        "invitation_accepted",
        f"{user.get_username()} is {role.get_role_display()} van {invitation.coalition}",
        user=user,
    )
    return role


def grant_role(*, request, coalition: Coalition, user, role: str) -> CoalitionRole:
    """Give an existing user `role` in `coalition` directly (Pharos' pages), or change it."""
    _require_grantable(request.user, coalition, role)
    with transaction.atomic():
        existing = (
            CoalitionRole.objects.select_for_update().filter(coalition=coalition, user=user).first()
        )
        if existing is not None:
            _require_grantable(request.user, coalition, existing.role)
        granted, _created = CoalitionRole.objects.update_or_create(
            coalition=coalition, user=user, defaults={"role": role}
        )
    log_team(
        request,
        "role_granted",
        f"{user.get_username()} is {granted.get_role_display()} van {coalition}",
    )
    return granted


def remove_role(*, request, role: CoalitionRole) -> None:
    """Take a person's role in a coalition away (not one's own, nor one above one's own)."""
    if role.user_id == request.user.pk:
        raise TeamError(_("U kunt uzelf niet uit de coalitie verwijderen."))
    _require_grantable(request.user, role.coalition, role.role)
    role.delete()
    log_team(
        request,
        "role_revoked",
        f"{role.user.get_username()} ({role.get_role_display()}) verwijderd uit {role.coalition}",
    )
