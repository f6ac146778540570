"""Two-factor sign-in: who has a second factor, and whether this session has used it."""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    """An authenticator app (or a security key). Recovery codes alone do not count."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def needs_second_factor(user) -> bool:
    """Staff and superusers: their powers wait for the second factor."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def passed_second_factor(request, user=None) -> bool:
    """True when a code from the person's authenticator (or a recovery code) was accepted in this
    session: at sign-in, when re-authenticating, or when the authenticator was set up (which itself
    needs a code sent to their email address first: see `confirmed_by_emailed_code`)."""
    user = user if user is not None else request.user
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def confirmed_by_emailed_code(request, user) -> bool:
    """True when, within ACCOUNT_REAUTHENTICATION_TIMEOUT, this session entered a code that was emailed to
    the account's address (signing in by code, or confirming it's them by code)."""
    from allauth.account import app_settings

    limit = time.time() - app_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == "code" and record.get("at", 0) >= limit
        for record in get_authentication_records(request, user)
    )
