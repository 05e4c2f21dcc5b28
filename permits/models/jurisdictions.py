from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.audit import acting as acting_as
from config.audit import by_is_actor
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

    def name_taken(self, *, organization_id, jurisdiction, name: str) -> bool:
        """Would a group's (or, with no `organization_id`, a shared) authority of this name repeat
        one it can already name in the jurisdiction? Other groups' additions are invisible to it,
        and so are not in the way (nor revealed by a refusal)."""
        return self.usable_for(organization_id).filter(jurisdiction=jurisdiction, name__iexact=name.strip()).exists()

    def awaiting_review(self):
        """The editors' queue: groups' additions no editor has published, merged or declined yet."""
        return self.filter(organization__isnull=False, review_status=Authority.Review.PENDING)

    def publish(self, *, by) -> tuple[int, list["Authority"]]:
        """Make these group additions shared (an editor's act): (how many, those left private
        because a shared authority of that name already exists in the jurisdiction)."""
        published, clashing = 0, []
        for authority in self.filter(organization__isnull=False):
            try:
                authority.publish(by=by)
            except ValidationError:
                clashing.append(authority)
            else:
                published += 1
        return published, clashing


class Authority(models.Model):
    """A body that answers notifications and applications, e.g. the Almaty city akimat."""

    class Review(models.TextChoices):
        # A group's addition waits in the editors' queue; an editor publishes it (it becomes shared),
        # merges it into a shared one (its applications move there and the row goes) or declines
        # it (the group keeps it, private). Shared rows from the reference files have no review.
        PENDING = "pending", _("Waiting for an editor")
        PUBLISHED = "published", _("Published for everyone")
        MERGED = "merged", _("Merged into a shared authority")
        DECLINED = "declined", _("Kept private to the group")

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

    review_status = models.CharField(
        _("review"), max_length=10, choices=Review.choices, blank=True, help_text=_("Empty for the reference data.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("editor's note"), blank=True)

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
            # A group's addition always has a review state; a shared row is reference data or published.
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(review_status__in=["pending", "merged", "declined"]))
                | (Q(organization__isnull=True) & Q(review_status__in=["", "published"])),
                name="authority_review_matches_sharing",
            ),
        ]
        indexes = [
            # The editors' queue (Authority.objects.awaiting_review).
            models.Index(fields=["id"], condition=Q(review_status="pending"), name="authority_awaiting_review"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A group's addition, however it is made (the form, the API, the admin, an import, the demo),
        # starts in the editors' queue: the database refuses one with no review state.
        if self.organization_id is not None and not self.review_status:
            self.review_status = self.Review.PENDING
        super().save(*args, **kwargs)

    @classmethod
    def add_for_group(cls, *, organization, name: str, jurisdiction, by) -> "Authority":
        """A group's own addition ("my authority is missing"): private to it, and in the editors'
        queue. Who may ask is the caller's question (access.EDITING_ROLES of the group)."""
        with acting_as(by):
            return cls.objects.create(
                organization=organization,
                name=name.strip(),
                jurisdiction=jurisdiction,
                created_by=by,
                review_status=cls.Review.PENDING,
            )

    @property
    def is_shared(self) -> bool:
        return self.organization_id is None

    def _reviewed(self, status: str, *, by, note: str = ""):
        self.review_status, self.reviewed_by, self.reviewed_at = status, by, timezone.now()
        self.review_note = note

    def _lock_for_review(self) -> "Authority":
        """This row, locked, if a group's addition is still reviewable; two editors acting on it at
        once (a double click, two tabs) must not both publish, or merge a row already gone."""
        current = Authority.objects.select_for_update().filter(pk=self.pk, organization__isnull=False).first()
        if current is None or current.review_status not in (self.Review.PENDING, self.Review.DECLINED):
            raise ValidationError(_("Another editor has already dealt with this authority."), code="reviewed")
        return current

    @by_is_actor
    @transaction.atomic
    def publish(self, *, by):
        """Share this group's addition with every group (an editor's act)."""
        current = self._lock_for_review()
        if Authority.objects.name_taken(organization_id=None, jurisdiction=current.jurisdiction_id, name=current.name):
            raise ValidationError(
                _("A shared authority of this name exists in this jurisdiction: merge into it instead."),
                code="name_taken",
            )
        group_id = current.organization_id
        current.organization = None
        current._reviewed(self.Review.PUBLISHED, by=by)
        current.save()
        self.__dict__.update(current.__dict__)
        _tell_the_group(self, group_id, by=by)

    @by_is_actor
    @transaction.atomic
    def decline(self, *, by, note: str = ""):
        """Leave this addition private to its group, saying why (an editor's act)."""
        current = self._lock_for_review()
        if current.review_status != self.Review.PENDING:
            raise ValidationError(_("Another editor has already dealt with this authority."), code="reviewed")
        current._reviewed(self.Review.DECLINED, by=by, note=note.strip())
        current.save()
        self.__dict__.update(current.__dict__)
        _tell_the_group(self, self.organization_id, by=by)

    @by_is_actor
    @transaction.atomic
    def merge_into(self, shared: "Authority", *, by):
        """Move the group's applications to `shared` (an authority every group sees) and remove
        this addition (an editor's act). Only the applications naming this authority move — and
        only its own group may name it (PermitApplication.clean) — so no other group's are touched.
        Deadlines are recomputed where the jurisdiction, and so the law and calendar, changes."""
        current = self._lock_for_review()
        if not shared.is_shared or shared.pk == current.pk:
            raise ValidationError(_("Choose a shared authority to merge into."), code="not_shared")
        moved_jurisdiction = shared.jurisdiction_id != current.jurisdiction_id
        for application in current.applications.select_for_update():
            application.authority = shared
            application.save(update_fields=["authority", "updated_at"])
            if moved_jurisdiction:
                application.refresh_deadlines(by=by)
        # Recorded before the row goes, so the audit trail holds who merged it, when, and into what.
        current._reviewed(self.Review.MERGED, by=by, note=str(shared))
        current.save()
        group_id = current.organization_id
        self.__dict__.update(current.__dict__)
        _tell_the_group(self, group_id, by=by, merged_into=shared)
        current.delete()


def _tell_the_group(authority: Authority, organization_id, *, by, merged_into: Authority | None = None):
    """The group's coordinators learn of an editor's decision on what they asked for (reminders
    rings their bell once this commits: permits.signals.authority_reviewed)."""
    from permits.signals import authority_reviewed

    authority_reviewed.send(
        sender=Authority,
        organization_id=organization_id,
        actor_id=getattr(by, "pk", None),
        params={
            "authority_id": authority.pk,
            "outcome": authority.review_status,
            "authority": authority.name,
            "into": merged_into.name if merged_into else "",
            "note": authority.review_note if authority.review_status == Authority.Review.DECLINED else "",
        },
    )
