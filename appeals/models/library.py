"""The argument library and the draft templates the first draft is assembled from.

The library is reference data shared by every group (law, not case data), kept from LEGAL.md in
appeals/reference/*.yaml (loaded by `manage.py sync_reference_data`), and changed by site editors
alone (permits.models.is_site_editor): anyone can create a group of any kind, so no group's role
may rewrite what every group's drafts cite. A group may add arguments of its own (`organization`),
which only that group sees and its drafts use until a site editor publishes them. Every change of
an argument is a new `version`; a draft revision records the codes and versions it was assembled
from. A citation is shown in drafts as it stands; one not marked confirmed carries "[verify]".

An argument and a citation carry the day from which the law or ruling they rest on holds
(`in_force_from`, empty: for as long as the library matters). A draft cites an argument as binding
only if it held on the day of the decision appealed; a later one goes under "Since then"
(appeals.drafting), so a 2021 refusal is not argued from a 2025 ruling as if it bound the authority.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appeals.models.vocabularies import Venue
from organizations import access
from organizations.models import Organization
from permits.models import is_site_editor


class ArgumentKind(models.TextChoices):
    GROUND = "ground", _("Answers a refusal ground")
    NO_ALTERNATIVE = "no_alternative", _("No other place or time was offered")
    STANDARD = "standard", _("A standard for every appeal")
    REMEDY = "remedy", _("The remedy must come before the event")


class ArgumentQuerySet(models.QuerySet):
    def in_language(self, language: str):
        return self.filter(language=language, is_active=True)

    def shared(self):
        return self.filter(organization__isnull=True)

    def visible_to(self, user):
        """The shared library and the arguments the user's own groups added."""
        return self.filter(access.shared_or_own_reference(user))

    def editable_by(self, user):
        """Shared arguments for site editors; a group's own for its coordinators and legal volunteers."""
        own = access.own_reference_editable(user)
        return self.filter(own | Q(organization__isnull=True)) if is_site_editor(user) else self.filter(own)

    def for_organization(self, organization_id):
        """What a draft of `organization_id`'s application is assembled from: the shared library and
        that group's own arguments, never another group's."""
        return self.filter(Q(organization__isnull=True) | Q(organization=organization_id))

    def for_appeal(self, appeal):
        return self.for_organization(appeal.application.organization_id).in_language(appeal.language)

    def for_venue(self, venue: str) -> list["Argument"]:
        """The arguments that apply to `venue` (none listed: every venue), in library order. In
        Python: a JSON list lookup is not portable to SQLite."""
        return [a for a in self.order_by("position", "id") if a.applies_to_venue(venue)]

    def publish(self, *, by) -> tuple[int, list["Argument"]]:
        """Make these group arguments shared (site editor `by`'s act, a new version): (how many,
        those left with their group because the shared library already has the code in that language)."""
        published, clashing = 0, []
        for argument in self.filter(organization__isnull=False):
            if Argument.objects.shared().filter(code=argument.code, language=argument.language).exists():
                clashing.append(argument)
                continue
            argument.organization = None
            argument.save_new_version(by=by)
            published += 1
        return published, clashing


class Argument(models.Model):
    """One argument against a refusal, with its citations, in one language."""

    Kind = ArgumentKind

    code = models.SlugField(
        _("code"),
        max_length=80,
        help_text=_("A stable name, shared by the translations of the same argument (e.g. iccpr-article-21)."),
    )
    kind = models.CharField(_("used for"), max_length=20, choices=ArgumentKind.choices, default=ArgumentKind.GROUND)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    reasons = models.ManyToManyField(
        "permits.RefusalReason",
        related_name="arguments",
        blank=True,
        verbose_name=_("refusal reasons it answers"),
    )
    venues = models.JSONField(
        _("venues"), default=list, blank=True, help_text=_("The venues it is for; none means every venue.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    in_force_from = models.DateField(
        _("holds from"),
        null=True,
        blank=True,
        help_text=_(
            "The day the law or ruling it argues from came into force; empty if it held before any refusal "
            "Ruqsat records. A draft against an earlier decision lists it under “Since then”."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True, help_text=_("Untick to keep it out of new drafts."))
    # Empty: the shared library (site editors). Set: the group's own, private to it until published.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by the group"),
        help_text=_("Empty for an argument every group's drafts use."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False, help_text=_("Goes up with every change; drafts record it.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArgumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("argument")
        verbose_name_plural = _("arguments")
        ordering = ["language", "kind", "position", "id"]
        # A code is unique in the shared library and within one group's own arguments, so that a
        # group's addition neither blocks nor reveals itself to another group.
        constraints = [
            models.UniqueConstraint(
                fields=["code", "language"],
                condition=Q(organization__isnull=True),
                name="argument_code_language_unique",
            ),
            models.UniqueConstraint(
                fields=["organization", "code", "language"],
                condition=Q(organization__isnull=False),
                name="argument_group_code_language_unique",
            ),
        ]

    def __str__(self):
        return f"[{self.language}] {self.title}"

    def clean(self):
        if not isinstance(self.venues, list) or not all(isinstance(v, str) for v in self.venues):
            raise ValidationError({"venues": _("Give the venues as a list of codes.")})
        unknown = sorted(set(self.venues) - set(Venue.values))
        if unknown:
            raise ValidationError({"venues": _("Unknown venues: %(codes)s.") % {"codes": ", ".join(unknown)}})
        self.venues = sorted(set(self.venues))

    def applies_to_venue(self, venue: str) -> bool:
        return not self.venues or venue in self.venues

    @property
    def holds_from(self):
        """The latest day from which the argument and every citation it rests on hold; None: always.
        Reads prefetched citations."""
        days = [day for day in (self.in_force_from, *(c.in_force_from for c in self.citations.all())) if day]
        return max(days, default=None)

    @property
    def is_shared(self) -> bool:
        return self.organization_id is None

    def save_new_version(self, *, by):
        """Save a change as the next version. The current number is read under a row lock, so two
        editors saving at once get two versions, not the same one twice."""
        with transaction.atomic():
            if self.pk is not None:
                current = Argument.objects.select_for_update().values_list("version", flat=True).get(pk=self.pk)
                self.version = current + 1
            self.updated_by = by
            self.save()


class Citation(models.Model):
    argument = models.ForeignKey(
        Argument, on_delete=models.CASCADE, related_name="citations", verbose_name=_("argument")
    )
    instrument = models.CharField(
        _("instrument"), max_length=300, help_text=_("The treaty, law, comment or case, e.g. ICCPR.")
    )
    article_or_paragraph = models.CharField(
        _("article or paragraph"),
        max_length=100,
        blank=True,
        help_text=_("Only a number read in the text; leave empty and cite the instrument otherwise."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    in_force_from = models.DateField(
        _("holds from"),
        null=True,
        blank=True,
        help_text=_(
            "The day the instrument came into force or the ruling was given; empty if it held before any "
            "refusal Ruqsat records."
        ),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Read in the text or an official source. Drafts mark others “verify”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["position", "id"]

    def __str__(self):
        return ", ".join(part for part in (self.instrument, self.article_or_paragraph) if part)


class DraftTemplate(models.Model):
    """The fixed parts of a first draft for one venue and language. {authority}, {decision} ("of
    26 November 2021, No. 12"), {decision_date}, {decision_number}, {lead}, {organizations},
    {signatories}, {event_title}, {event_day}, {place} and {jurisdiction} are filled in (see
    appeals.drafting.template_values); `# ` starts a heading line, `- ` a list item."""

    venue = models.CharField(_("venue"), max_length=30, choices=Venue.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    heading = models.TextField(_("heading"), help_text=_("Addressee, sender and title."))
    request = models.TextField(_("request"), help_text=_("What is asked for."))
    closing = models.TextField(_("closing"), blank=True, help_text=_("Attachments, date and signatures."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("draft template")
        verbose_name_plural = _("draft templates")
        ordering = ["venue", "language"]
        constraints = [models.UniqueConstraint(fields=["venue", "language"], name="draft_template_venue_language")]

    def __str__(self):
        return f"{self.get_venue_display()} [{self.language}]"
