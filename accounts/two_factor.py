"""Two-factor authentication a group can require of its members (Organization.require_two_factor)."""

from allauth.mfa.models import Authenticator

# A recovery code alone is a fallback, not a second factor.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def groups_requiring_two_factor(user):
    from organizations.access import organizations_of

    return organizations_of(user).filter(require_two_factor=True)


def two_factor_missing(user) -> bool:
    """True when one of the user's groups requires two-factor and they have none."""
    if user is None or not user.is_authenticated:
        return False
    return groups_requiring_two_factor(user).exists() and not has_two_factor(user)
