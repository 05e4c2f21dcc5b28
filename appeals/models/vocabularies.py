"""Where an appeal goes, the states it passes through and how it can end."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Venue(models.TextChoices):
    HIGHER_AUTHORITY = "higher_authority", _("Higher authority (pre-trial complaint)")
    COURT = "court", _("Court")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    UN_COMMITTEE = "un_committee", _("UN Human Rights Committee")


class AppealStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    FILED = "filed", pgettext_lazy("appeal status", "Filed")
    HEARING_SCHEDULED = "hearing_scheduled", _("Hearing scheduled")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", pgettext_lazy("appeal status", "Withdrawn")


class AppealOutcome(models.TextChoices):
    NONE = "", _("Not decided yet")
    OVERTURNED = "overturned", _("Refusal overturned")
    UPHELD = "upheld", _("Refusal upheld")
    PARTLY = "partly", _("Partly granted")
    DISMISSED = "dismissed", _("Dismissed")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
