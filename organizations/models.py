"""Who belongs where: groups, their members and roles, invitations. What each role may see and
do is the access rule in organizations/access.py, which every view, viewset, export and feed uses.
"""

import contextlib
import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.audit import by_is_actor
from config.mail import subject_line

INVITATION_LIFETIME = timedelta(days=7)


class Organization(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        NGO = "ngo", _("NGO")
        LEGAL_AID = "legal_aid", _("Legal-aid organization")
        INITIATIVE = "initiative", _("Informal initiative")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    city = models.CharField(_("city"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Members without two-factor authentication are asked to set it up before anything else."),
    )
    # Whether this group's refusals count in the authority records other groups cite (reports.services).
    share_statistics = models.BooleanField(_("share refusal statistics"), default=False)
    # Whether this group's refusals count in the public statistics page and its open data
    # (reports.public): a coordinator's consent, off by default, read afresh on every request.
    publish_statistics = models.BooleanField(_("publish refusals in the public statistics"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations", verbose_name=_("members")
    )

    objects = models.Manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def role_of(self, user) -> str | None:
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None

    def is_coordinator(self, user) -> bool:
        return self.role_of(user) == Membership.Role.COORDINATOR

    @classmethod
    @transaction.atomic
    def create_with_coordinator(cls, *, creator, **fields) -> "Organization":
        organization = cls.objects.create(**fields)
        Membership.objects.create(organization=organization, user=creator, role=Membership.Role.COORDINATOR)
        return organization

    @transaction.atomic
    def invite(self, *, by, role: str, username: str = "", email: str = "") -> "Invitation":
        """Invite someone by username or email; never a membership (they join by accepting).

        The result looks the same to the coordinator whether or not an account has that username
        or address: by username, the invitation is bound to the account's address (hidden from
        the coordinator) and mailed there; an unknown username gets an invitation nobody can
        accept and no mail. A previous pending invitation to the same person is revoked, so one
        person never holds two live links to one group."""
        from django.contrib.auth import get_user_model

        if username:
            active = get_user_model().objects.filter(is_active=True)
            # The exact name first: usernames differing only in case are two people.
            account = (
                active.filter(username=username).first()
                or active.filter(username__iexact=username).order_by("pk").first()
            )
            bound_to = account.email if account else ""
            previous = self.invitations.pending().filter(username__iexact=username)
        else:
            bound_to = email
            previous = self.invitations.pending().filter(username="", email__iexact=email)
        for invitation in previous.select_for_update():
            invitation.revoke()
        return Invitation.objects.create(organization=self, invited_by=by, role=role, username=username, email=bound_to)

    @by_is_actor
    def set_publish_statistics(self, publish: bool, *, by) -> bool:
        """Opt in to (or out of) the public statistics. A save, not an UPDATE, so the audit trail
        records who changed it and when. False if it already was so."""
        if self.publish_statistics == publish:
            return False
        self.publish_statistics = publish
        self.save(update_fields=["publish_statistics"])
        return True


class MembershipQuerySet(models.QuerySet):
    def coordinators(self):
        return self.filter(role=Membership.Role.COORDINATOR)


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")
        LEGAL = "legal", _("Legal volunteer")

    # Roles that may create and change the lead organization's applications.
    EDITING_ROLES = (Role.COORDINATOR, Role.MEMBER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_organization")
        ]
        ordering = ["organization", "role", "user__username"]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    def ensure_not_last_coordinator(self):
        """A group must keep a coordinator, or nobody could manage its members again."""
        if self.role != self.Role.COORDINATOR:
            return
        others = self.organization.memberships.coordinators().exclude(pk=self.pk)
        if not others.exists():
            raise ValidationError(
                _("%(organization)s needs at least one coordinator: appoint another one first.")
                % {"organization": self.organization.name}
            )

    def change_role(self, role: str):
        if role != self.role and self.role == self.Role.COORDINATOR:
            self.ensure_not_last_coordinator()
        self.role = role
        self.save(update_fields=["role"])

    def leave(self):
        self.ensure_not_last_coordinator()
        self.delete()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def addressed_to(self, user):
        """Pending invitations sent to one of the user's verified addresses, for "My groups". Only
        verified ones: an address typed on an account but never confirmed (someone else's, not
        yet on Ruqsat) must not show its owner's invitations to whoever typed it."""
        if user is None or not user.is_authenticated:
            return self.none()
        from allauth.account.models import EmailAddress

        addresses = {
            a.lower() for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
        }
        if not addresses:
            return self.none()
        query = models.Q()
        for address in addresses:
            query |= models.Q(email__iexact=address)
        return self.pending().filter(query)


WRONG_ACCOUNT = _(
    "This invitation was sent to an email address this account has not verified. Log in with the account "
    "that has that address, or add and verify the address on your email page, then open the link again."
)


def has_verified_address(user, email: str) -> bool:
    """Whether `user` proved they read mail at `email` (allauth's EmailAddress, verified)."""
    from allauth.account.models import EmailAddress

    if user is None or not user.is_authenticated or not email:
        return False
    return EmailAddress.objects.filter(user=user, verified=True, email__iexact=email).exists()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class SingleUseLink(models.Model):
    """What every invitation is: an unguessable token, single-use, expiring after
    INVITATION_LIFETIME, revocable, with who sent and who accepted it. Group invitations
    (Invitation) and appeal invitations (appeals.AppealInvitation) differ only in what accepting grants."""

    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + INVITATION_LIFETIME
        super().save(*args, **kwargs)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    STATES = ("pending", "accepted", "revoked", "expired")

    @property
    def state(self) -> str:
        """One of STATES, for pages, the API and the admin."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def grant(self, user):
        """What accepting gives `user` (a membership, an assignment); returns it."""
        raise NotImplementedError

    @property
    def is_bound(self) -> bool:
        """Sent to a person (an address) rather than a link the inviter shares themselves."""
        return bool(getattr(self, "email", ""))

    def may_be_accepted_by(self, user) -> bool:
        """An invitation sent to an address is accepted only by an account that has verified that
        address: a forwarded, leaked or mistyped link enlists nobody else. A shared link (no
        address) is the credential itself, as before."""
        if not self.is_bound:
            return True
        email = getattr(self, "email", "")
        return bool(email) and has_verified_address(user, email)

    def refusal_message(self) -> str:
        """Why may_be_accepted_by said no, for the person who tried."""
        return str(WRONG_ACCOUNT)

    @transaction.atomic
    def accept(self, user):
        """Grant what the link gives and use it up. Returns what `grant` made. Raises
        ValidationError (code "wrong_account") for an account without the invited address, which
        leaves the link usable for its owner."""
        # Lock the row so that a link opened twice at once grants once, not twice.
        link = type(self).objects.select_for_update().get(pk=self.pk)
        if not link.is_usable:
            raise ValidationError(_("This invitation has expired or has already been used."), code="used")
        if not link.may_be_accepted_by(user):
            raise ValidationError(link.refusal_message(), code="wrong_account")
        granted = link.grant(user)
        link.accepted_at = timezone.now()
        link.accepted_by = user
        link.save(update_fields=["accepted_at", "accepted_by"])
        self.accepted_at, self.accepted_by = link.accepted_at, user
        return granted

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def invitee_account(self):
        """The one active Ruqsat account with this email address, if there is exactly one."""
        from django.contrib.auth import get_user_model

        if not self.email:
            return None
        accounts = list(get_user_model().objects.filter(email__iexact=self.email, is_active=True)[:2])
        return accounts[0] if len(accounts) == 1 else None

    @contextlib.contextmanager
    def in_invitees_language(self, language: str | None = None):
        """The language and time zone of the email: the person's account's when the address has
        one; for a stranger, `language` or the one the inviter is using (a group invites people
        who share its language far more often than not), else the site's."""
        account = self.invitee_account()
        codes = {code for code, _name in settings.LANGUAGES}
        chosen = (account.language if account else "") or language or translation.get_language() or ""
        if chosen not in codes:
            chosen = settings.LANGUAGE_CODE
        zone = timezone.get_current_timezone()
        if account and account.time_zone:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = zoneinfo.ZoneInfo(account.time_zone)
        with translation.override(chosen), timezone.override(zone):
            yield


class Invitation(SingleUseLink):
    """An invitation to join a group, sent by email or shared as a single-use link that expires."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organization")
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Leave empty to create a link you share yourself."))
    # An invitation by username shows the coordinator the name they typed, never the account's
    # address, and exists whether or not the account does: the pending list is no username oracle.
    username = models.CharField(_("username"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} ← {self.email or self.username or _('link')}"

    def get_absolute_url(self) -> str:
        return reverse("organizations:invitation_accept", args=[self.token])

    @property
    def is_bound(self) -> bool:
        # One by username is bound even when no account has that name (its email is then empty
        # and nobody can accept it); only an invitation with neither is a shareable link.
        return bool(self.email or self.username)

    @property
    def recipient_label(self) -> str:
        """What the inviting coordinator may see of the recipient: what they typed."""
        return f"@{self.username}" if self.username else self.email

    def grant(self, user) -> Membership:
        membership, _created = Membership.objects.get_or_create(
            organization=self.organization, user=user, defaults={"role": self.role}
        )
        return membership

    def send_email(self, *, accept_url: str):
        """Mail the link to `email`, in the invitee's language (in_invitees_language). An
        invitation without an address (a shared link, an unknown username) sends nothing."""
        if not self.email:
            return
        with self.in_invitees_language():
            context = {"invitation": self, "accept_url": accept_url}
            subject = subject_line(render_to_string("organizations/email/invitation_subject.txt", context))
            body = render_to_string("organizations/email/invitation_body.txt", context)
        send_mail(subject, body, None, [self.email])
