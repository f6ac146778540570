"""How many sign-in codes and password-reset links go out, and to whom.

Each address gets at most ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR of them an hour, whoever asks, and each
requester (a client address, an IPv6 /64 counted as one) may ask for ACCOUNT_EMAILS_PER_REQUESTER_PER_HOUR
an hour in all. Strangers share only part of an address's allowance: the rest is kept for its holder,
recognised by a signed cookie their browser received when it last signed in to that account, so that
someone asking again and again for another person's codes never locks that person out.

The check happens on the form, for every address whether it has an account or not (the answer must not
tell which), and a refusal is said next to the field: nothing was sent, and why. A page that says "we
have sent you a code" after sending nothing leaves the person waiting for an email that never comes.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

from apps.core.limits import client_key, limit_count, limit_reached

HOUR = 3600
KNOWN_ACCOUNTS_COOKIE = "iau_known_accounts"
KNOWN_ACCOUNTS_COOKIE_SALT = "accounts.known-accounts"
KNOWN_ACCOUNTS_KEPT = 5
KNOWN_ACCOUNTS_MAX_AGE = 400 * 24 * 3600

FOR_THIS_ADDRESS = (
    "We have sent as many codes and links to this address as we can for now, so nothing was sent this "
    "time. Look for the last one we sent, or try again in an hour. You can also sign in with your password."
)
FOR_THIS_DEVICE = (
    "A lot of codes and links have been asked for from this connection in the last hour, so nothing was "
    "sent this time. Please try again in an hour."
)


def _fingerprint(email: str) -> str:
    # The cookie names no address: a keyed hash of it, which only this portal can match.
    return salted_hmac(KNOWN_ACCOUNTS_COOKIE_SALT, email.strip().lower(), algorithm="sha256").hexdigest()[:24]


def _known_fingerprints(request) -> list[str]:
    value = request.get_signed_cookie(
        KNOWN_ACCOUNTS_COOKIE, default="", salt=KNOWN_ACCOUNTS_COOKIE_SALT, max_age=KNOWN_ACCOUNTS_MAX_AGE
    )
    return [part for part in value.split(":") if part]


def remember_account_holder(request, response, email: str) -> None:
    """After a sign-in: this browser is the holder of `email` (so its requests use the reserve)."""
    fingerprint = _fingerprint(email)
    known = [fingerprint, *(part for part in _known_fingerprints(request) if part != fingerprint)]
    response.set_signed_cookie(
        KNOWN_ACCOUNTS_COOKIE,
        ":".join(known[:KNOWN_ACCOUNTS_KEPT]),
        salt=KNOWN_ACCOUNTS_COOKIE_SALT,
        max_age=KNOWN_ACCOUNTS_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_account_holder(request, email: str) -> bool:
    return _fingerprint(email) in _known_fingerprints(request)


def account_email_refusal(request, email: str) -> str | None:
    """None, having counted this request, when a code or link may be sent to `email` now; otherwise the
    reason nothing will be sent, in words for the person."""
    requester = client_key(request)
    if limit_reached(
        scope="accounts:email-requester",
        key=requester,
        limit=settings.ACCOUNT_EMAILS_PER_REQUESTER_PER_HOUR,
        period=HOUR,
    ):
        return FOR_THIS_DEVICE
    allowance = settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR
    if not is_account_holder(request, email):
        allowance -= allowance // 2  # the holder's reserve: strangers share the rest
    if limit_reached(scope="accounts:email", key=email, limit=allowance, period=HOUR):
        return FOR_THIS_ADDRESS
    limit_count(scope="accounts:email-requester", key=requester, period=HOUR)
    limit_count(scope="accounts:email", key=email, period=HOUR)
    return None
