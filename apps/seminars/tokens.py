"""Signed links for people who registered without an account (django.core.signing).

Each purpose has its own salt, so a cancel link cannot be used as a feedback link. A link is a key (whoever
holds it sees the registration and can act on it), so each has a lifetime that fits its use: the cancel link
works until its seminar has ended (`cancel_link_expired`, read from the seminar as it stands, so a moved
seminar moves it; after that there is nothing to cancel); the stop-emails link for a year and the feedback
link for six months after it was made (`MAX_AGE`). Emails never store them: they carry
`apps.core.key_links.key_link(purpose, registration id)` and the outbox signs the link as it sends
(`key_links.py`), so a link's lifetime starts when its email goes out.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url

CANCEL = "seminars.registration.cancel"
STOP_EMAILS = "seminars.registration.stop-emails"
FEEDBACK = "seminars.registration.feedback"
CERTIFICATE = "seminars.registration.certificate"

URL_NAMES = {
    CANCEL: "seminars:cancel",
    STOP_EMAILS: "seminars:stop_emails",
    FEEDBACK: "seminars:feedback",
    CERTIFICATE: "seminars:certificate_link",
}
# How long a link works after it was made. The cancel link has none: it works until the seminar ends.
# The certificate link shows only a name, a seminar and hours, and people ask for it late (an appraisal,
# a CPD return), so it lasts a year like the stop-emails link.
MAX_AGE = {STOP_EMAILS: timedelta(days=365), FEEDBACK: timedelta(days=183), CERTIFICATE: timedelta(days=365)}


class Expired(Exception):
    """A genuine link, past its lifetime."""


def _signer(purpose: str) -> signing.Signer:
    return signing.TimestampSigner(salt=purpose) if purpose in MAX_AGE else signing.Signer(salt=purpose)


def make_token_for(registration_id: int, purpose: str) -> str:
    """From the id alone (no query), so the outbox can sign it as the email is sent."""
    return _signer(purpose).sign_object({"registration": int(registration_id)})


def read_token(token: str, purpose: str) -> int | None:
    """The registration id in a token, or None when it was tampered with or is for another purpose.
    Raises Expired for a genuine link past its lifetime (or made before links had one)."""
    try:
        if purpose in MAX_AGE:
            data = signing.TimestampSigner(salt=purpose).unsign_object(token, max_age=MAX_AGE[purpose])
        else:
            data = signing.Signer(salt=purpose).unsign_object(token)
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature:
        if purpose in MAX_AGE and _is_undated(token, purpose):
            raise Expired from None
        return None
    registration_id = data.get("registration") if isinstance(data, dict) else None
    return registration_id if isinstance(registration_id, int) else None


def _is_undated(token: str, purpose: str) -> bool:
    try:
        signing.Signer(salt=purpose).unsign_object(token)
    except signing.BadSignature:
        return False
    return True


def make_token(registration, purpose: str) -> str:
    return make_token_for(registration.pk, purpose)


def signed_path(registration, purpose: str) -> str:
    """For pages (a member's own registrations); emails use key_link instead."""
    return reverse(URL_NAMES[purpose], kwargs={"token": make_token(registration, purpose)})


def signed_url(registration, purpose: str) -> str:
    return absolute_url(signed_path(registration, purpose))


def url_for(purpose: str):
    """`make_url(registration_id)` for the outbox's KEY_LINKS: a fresh absolute link."""

    def make_url(registration_id: int) -> str:
        token = make_token_for(registration_id, purpose)
        return absolute_url(reverse(URL_NAMES[purpose], kwargs={"token": token}))

    return make_url


def cancel_link_expired(registration, *, now=None) -> bool:
    """A cancel link stops working once the seminar it is for has ended."""
    return registration.seminar.ends_at <= (now or timezone.now())
