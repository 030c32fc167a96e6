"""Accounts: password reset by e-mail (Django's views with Dutch mails) and the account page
(name, e-mail address, password, my coalitions, notification choices)."""
