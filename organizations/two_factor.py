"""Two-factor authentication a group can require of its members (Organization.require_two_factor)."""

from allauth.mfa.models import Authenticator

from organizations.access import organizations_of

# A recovery code alone is a fallback, not a second factor.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def groups_requiring_two_factor(user):
    return organizations_of(user).filter(require_two_factor=True)


def two_factor_missing(user) -> bool:
    """True when one of the user's groups requires two-factor and they have none."""
    if user is None or not user.is_authenticated:
        return False
    return groups_requiring_two_factor(user).exists() and not has_two_factor(user)


def must_verify_email_first(user) -> bool:
    """allauth refuses to add an authenticator while any of the account's addresses is unverified
    (else whoever signed up with someone else's address could lock its owner out): such a member
    has to confirm their email before they can set two-factor up."""
    from allauth.account.models import EmailAddress
    from allauth.mfa import app_settings

    if app_settings.ALLOW_UNVERIFIED_EMAIL:
        return False
    return EmailAddress.objects.filter(user_id=user.pk, verified=False).exists()
