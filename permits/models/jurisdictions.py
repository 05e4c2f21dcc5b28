from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str):
    from zoneinfo import available_timezones

    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Jurisdiction(models.Model):
    """A place whose law and calendar govern deadlines: a country, or a city within it."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("For example KZ-ALA."))
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 two-letter code, e.g. KZ."))
    subdivision = models.CharField(
        _("holiday subdivision"),
        max_length=20,
        blank=True,
        help_text=_("Subdivision code for regional public holidays, if the country has them."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("A city inherits the deadline rules and calendar corrections of its country."),
    )

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        from permits.workdays import UnknownCountry, WorkingCalendar

        if self.parent_id and self.pk and self.pk in {j.pk for j in self.parent.lineage()}:
            raise ValidationError({"parent": _("A jurisdiction cannot be part of itself.")})
        if self.country:
            try:
                WorkingCalendar(self.country, self.subdivision)
            except UnknownCountry:
                raise ValidationError(
                    {"country": _("No public-holiday calendar is known for this country and subdivision.")}
                ) from None

    def lineage(self) -> list["Jurisdiction"]:
        """This jurisdiction, then its parent, grandparent… (nearest first). Stops at a cycle."""
        chain, seen, current = [], set(), self
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.parent
        return chain


class AuthorityQuerySet(models.QuerySet):
    def for_choice(self):
        return self.select_related("jurisdiction").order_by("jurisdiction__code", "name")


class Authority(models.Model):
    """A body that answers notifications and applications, e.g. the Almaty city akimat."""

    name = models.CharField(_("name"), max_length=300)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("jurisdiction")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="authority_unique_name_per_jurisdiction")
        ]

    def __str__(self):
        return self.name
