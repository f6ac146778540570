"""Text kept encrypted at rest: the outbox's emails that carry a sign-in code or a one-time link, and
the secrets of authenticator apps (allauth's MFA adapter, apps/accounts/adapters.py).

Fernet (from `cryptography`, which allauth's two-factor sign-in already depends on) is authenticated
encryption: AES in CBC mode with an HMAC-SHA256 over the result, so a stored value cannot be read or
altered without the key. The key is derived from SECRET_KEY (an HMAC of it under a salt of its own), so
there is no second secret to deploy, and a value sealed under a key listed in SECRET_KEY_FALLBACKS can
still be opened while the key is being rotated. Whoever can read the database (a backup, an admin
changelist lookup) sees only "fernet:gAAAA...".
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

# Stored values start with this, so a sealed value is never taken for plain text, or the other way round.
PREFIX = "fernet:"
KEY_SALT = "apps.core.encryption.outbox-at-rest"


class CannotOpen(Exception):
    """The value was sealed under a key the portal no longer has (SECRET_KEY changed without a fallback)."""


def _fernet(secret_key: str) -> Fernet:
    digest = salted_hmac(KEY_SALT, "fernet", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    # The first key seals; every key (the current one first) may open.
    return MultiFernet([_fernet(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]])


def is_sealed(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(value: str) -> str:
    """The value encrypted for storage. Empty stays empty; a sealed value is not sealed twice."""
    if not value or is_sealed(value):
        return value
    return PREFIX + _keys().encrypt(value.encode()).decode("ascii")


def unseal(value: str) -> str:
    """The plain text of a value from seal(); any other value is returned as it is."""
    if not is_sealed(value):
        return value
    try:
        return _keys().decrypt(value[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken as error:
        raise CannotOpen("The text was encrypted with a key the portal no longer has.") from error
