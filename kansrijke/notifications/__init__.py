"""Notifications by e-mail, listed on the user's notifications page: Pharos feedback received,
a knelpunt escalated to a level the user takes part in, and a monthly digest per editor of
what needs attention. `manage.py send_notifications` (run by a scheduler) finds and sends
them; each has a unique key (recipient, kind, object, period), so none is sent twice.
Invitations are mailed when they are made (coalitions.services.invite) and listed here."""
