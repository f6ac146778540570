"""Signed links for people who registered without an account (django.core.signing).

Each purpose has its own salt, so a cancel link cannot be used as a feedback link.
"""

from django.core import signing
from django.urls import reverse

from apps.core.emails import absolute_url

CANCEL = "seminars.registration.cancel"
STOP_EMAILS = "seminars.registration.stop-emails"
FEEDBACK = "seminars.registration.feedback"

URL_NAMES = {CANCEL: "seminars:cancel", STOP_EMAILS: "seminars:stop_emails", FEEDBACK: "seminars:feedback"}


def make_token(registration, purpose: str) -> str:
    # No timestamp: the same link in every email, valid as long as the registration exists.
    return signing.Signer(salt=purpose).sign_object({"registration": registration.pk})


def read_token(token: str, purpose: str) -> int | None:
    """The registration id in a token, or None when it was tampered with or is for another purpose."""
    try:
        data = signing.Signer(salt=purpose).unsign_object(token)
    except signing.BadSignature:
        return None
    registration_id = data.get("registration") if isinstance(data, dict) else None
    return registration_id if isinstance(registration_id, int) else None


def signed_path(registration, purpose: str) -> str:
    return reverse(URL_NAMES[purpose], kwargs={"token": make_token(registration, purpose)})


def signed_url(registration, purpose: str) -> str:
    return absolute_url(signed_path(registration, purpose))
