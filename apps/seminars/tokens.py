"""Signed links for people who registered without an account (django.core.signing).

Each purpose has its own salt, so a cancel link cannot be used as a feedback link. A link is a key (whoever
holds it sees the registration and can act on it), so each has a lifetime that fits its use: the cancel link
works until its seminar has ended (`cancel_link_expired`, read from the seminar as it stands, so a moved
seminar moves it; after that there is nothing to cancel). Stopping email and feedback stay open: they are
used after the seminar.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url

CANCEL = "seminars.registration.cancel"
STOP_EMAILS = "seminars.registration.stop-emails"
FEEDBACK = "seminars.registration.feedback"

URL_NAMES = {CANCEL: "seminars:cancel", STOP_EMAILS: "seminars:stop_emails", FEEDBACK: "seminars:feedback"}


def make_token(registration, purpose: str) -> str:
    # No timestamp: the same link in every email, made from the id alone (no query). How long it works is
    # decided when it is opened (see cancel_link_expired), from the registration's seminar.
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


def cancel_url_for(registration_id: int) -> str:
    """The one place a registration's cancel link is made, from the id alone (no query): emails and
    reminders use it through `cancel_url`, and it fits the outbox's `KEY_LINKS` (`make_url(object_id)`)
    if the link is to be signed when the email is sent rather than stored."""
    token = signing.Signer(salt=CANCEL).sign_object({"registration": int(registration_id)})
    return absolute_url(reverse(URL_NAMES[CANCEL], kwargs={"token": token}))


def cancel_url(registration) -> str:
    return cancel_url_for(registration.pk)


def cancel_link_expired(registration, *, now=None) -> bool:
    """A cancel link stops working once the seminar it is for has ended."""
    return registration.seminar.ends_at <= (now or timezone.now())
