from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations import access
from organizations.models import Organization
from permits.workdays import UnknownCountry, WorkingCalendar

# The one permission that makes a person a site editor: they change the reference data every group
# relies on — the argument library and its citations, draft templates, refusal reasons,
# jurisdictions, deadline rules, calendar corrections and shared authorities. One permission rather
# than each model's add/change/delete: the role is given in one tick, the API and the admin ask the
# same question, and a staff account given "change argument" for another reason is not an editor.
# Not an organization kind: anyone can create a group of any kind.
EDIT_REFERENCE_DATA = "permits.edit_reference_data"

# How deep the tree of jurisdictions goes: a country, its regions, their cities (Kazakhstan's cities
# of regional significance). `within_jurisdiction` follows this many levels, and `Jurisdiction.clean`
# refuses a deeper one, so that a report filtered by the country cannot miss a city's refusals.
MAX_DEPTH = 3


def is_site_editor(user) -> bool:
    """May `user` change the shared reference data (EDIT_REFERENCE_DATA)? Inactive accounts may not
    (ModelBackend gives them no permission); superusers may."""
    return bool(user is not None and user.is_authenticated and user.has_perm(EDIT_REFERENCE_DATA))


def validate_time_zone(value: str):
    from zoneinfo import available_timezones

    if value not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def within_jurisdiction(jurisdiction, path: str) -> Q:
    """Rows whose `path` (to a Jurisdiction, e.g. "authority__jurisdiction") is `jurisdiction` or lies
    inside it: a report on Kazakhstan counts an Aktobe city akimat's refusals, one on Aktobe Region
    too. One join per level rather than a recursive query: the tree is MAX_DEPTH deep at most."""
    condition = Q()
    for level in range(MAX_DEPTH):
        condition |= Q(**{path + "__parent" * level: jurisdiction})
    return condition


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
        # Declared here because permits holds most of the reference data; see EDIT_REFERENCE_DATA.
        permissions = [("edit_reference_data", _("Can edit the shared reference data (site editor)"))]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.parent_id and self.pk and self.pk in {j.pk for j in self.parent.lineage()}:
            raise ValidationError({"parent": _("A jurisdiction cannot be part of itself.")})
        if self.parent_id and len(self.parent.lineage()) >= MAX_DEPTH:
            raise ValidationError(
                {"parent": _("A jurisdiction can be a country, a region or a city in a region, no deeper.")}
            )
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

    def shared(self):
        return self.filter(organization__isnull=True)

    def usable_by(self, user):
        """The authorities `user` may see and name on an application: the shared ones and those
        their own groups added. Another group's addition is invisible until an editor publishes it."""
        return self.filter(access.shared_or_own_reference(user))

    def usable_for(self, organization_id):
        """The authorities an application led by `organization_id` may name."""
        return self.filter(Q(organization__isnull=True) | Q(organization=organization_id))

    def proposed_for(self, organization, event_type: str = "") -> "Authority | None":
        """The authority a new application of `organization` most likely goes to: the one body of
        the jurisdiction named as the group's city (in any of its languages), never what someone
        else entered last. Under Law 333-VI every type of assembly — a picket's notice as a march's
        application — goes to the local executive body (akimat), so `event_type` narrows nothing
        yet; a type-specific body would be chosen here. Two or more candidates: no guess."""
        city = (organization.city or "").strip().casefold() if organization else ""
        if not city:
            return None
        # Compared in Python: SQLite folds the case of ASCII letters only ("алматы" ≠ "Алматы"
        # there), and the authorities a group may name are a few dozen rows.
        columns = [f"jurisdiction__name_{code}" for code, _label in settings.LANGUAGES]
        candidates = [
            pk
            for pk, *names in self.usable_for(organization.pk).values_list("pk", *columns)
            if city in {(name or "").strip().casefold() for name in names}
        ]
        return self.get(pk=candidates[0]) if len(candidates) == 1 else None

    def publish(self) -> tuple[int, list["Authority"]]:
        """Make these group additions shared (an editor's act): (how many, those left private
        because a shared authority of that name already exists in the jurisdiction)."""
        published, clashing = 0, []
        for authority in self.filter(organization__isnull=False):
            if Authority.objects.shared().filter(jurisdiction=authority.jurisdiction_id, name=authority.name).exists():
                clashing.append(authority)
                continue
            authority.organization = None
            authority.save(update_fields=["organization"])
            published += 1
        return published, clashing


class Authority(models.Model):
    """A body that answers notifications and applications, e.g. the Almaty city akimat."""

    name = models.CharField(_("name"), max_length=300)
    # The natural key of a shared authority in permits/reference/authorities.yaml, so that correcting
    # its name there updates the row instead of adding a second one. Empty for a group's addition.
    code = models.SlugField(
        _("code"),
        max_length=60,
        blank=True,
        help_text=_("Stable name of a shared authority in the reference files, e.g. akimat-almaty."),
    )
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
    # Empty: shared by every group (changed by site editors only). Set: a group's own addition,
    # seen and used by that group alone until a site editor publishes it.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by the group"),
        help_text=_("Empty for an authority every group sees."),
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        # Names are unique among the shared authorities and within one group's own: a group's
        # addition must not block (or reveal itself to) another group adding the same name.
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                condition=Q(organization__isnull=True),
                name="authority_unique_name_per_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["organization", "jurisdiction", "name"],
                condition=Q(organization__isnull=False),
                name="authority_unique_name_per_group_and_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organization__isnull=True) & ~Q(code=""),
                name="authority_unique_code_among_shared",
            ),
        ]

    def __str__(self):
        return self.name
