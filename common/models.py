"""The one table of the shared code: tokens of forms that have been submitted.

It lives here, in the bottom package, because `common/submit_once.py` needs it and `common`
imports no app of the project.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedForm(models.Model):
    """A form token that has been used: a repeat of that submit changes nothing."""

    token = models.UUIDField(_("formuliertoken"), primary_key=True)
    submitted_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True, db_index=True)
    redirect_to = models.CharField(_("doorgestuurd naar"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")

    def __str__(self):
        return str(self.token)
