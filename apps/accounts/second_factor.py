"""Two-factor sign-in: who has a second factor, and whether this session has used it."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    """An authenticator app (or a security key). Recovery codes alone do not count."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def passed_second_factor(request) -> bool:
    """True when a code from the person's authenticator (or a recovery code) was accepted in this
    session: at sign-in, when re-authenticating, or when the authenticator was set up."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))
