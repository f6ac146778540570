"""Signed links that work without signing in: the preferences page and one-click unsubscribe (RFC 8058).

Also the `unsubscribe` plugin module: `apps.core.services.outbox_unsubscribe_headers(user=)` finds
`list_unsubscribe_headers` here, so any app can mark its bulk email without importing notifications.

In email these links are never stored: an email carries `key_link(...)` placeholders (apps/core/key_links.py)
and the outbox signs each link when it sends the email (`key_links.py` in this app offers the makers).
"""

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from apps.core.emails import absolute_url
from apps.core.key_links import key_link

# A salt of its own, so a token signed for anything else in the portal is never accepted here. Links
# carry the time they were signed (TimestampSigner) and work for EMAIL_LINK_MAX_AGE.
TOKEN_SALT = "notifications.email-links"
# Links from before they had a lifetime (a plain Signer under this salt): recognised, so the person gets
# the "this link has expired" page and what to do instead, and never accepted.
UNDATED_TOKEN_SALT = "notifications.email-preferences"
# A year after the email was sent: an unsubscribe link in a digest found months later in the archive
# still works, and anyone still getting digests has a newer one (monthly at the least).
EMAIL_LINK_MAX_AGE = timedelta(days=365)

# The links' purposes for the outbox (see key_links.py).
PREFERENCES_LINK = "notifications.preferences"
UNSUBSCRIBE_LINK = "notifications.unsubscribe"
UNSUBSCRIBE_MAILTO = "notifications.unsubscribe-mailto"


class EmailLinkExpired(Exception):
    """A genuine link older than EMAIL_LINK_MAX_AGE (or from before links had a lifetime)."""


def user_token_for(user_id: int) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"user": user_id})


def user_token(user) -> str:
    """A token that names this user, for EMAIL_LINK_MAX_AGE from now."""
    return user_token_for(user.pk)


def _user_id(data) -> int | None:
    user_id = data.get("user") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def user_from_token(token: str):
    """The active user a token names, or None if it was tampered with or the account is gone.

    Raises EmailLinkExpired for a genuine link past its lifetime.
    """
    try:
        data = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token, max_age=EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise EmailLinkExpired from error
    except signing.BadSignature:
        _refuse_undated(token)
        return None
    user_id = _user_id(data)
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def _refuse_undated(token: str) -> None:
    try:
        data = signing.Signer(salt=UNDATED_TOKEN_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return
    if _user_id(data) is not None:
        raise EmailLinkExpired


def preferences_url_for(user_id: int) -> str:
    token = user_token_for(user_id)
    return absolute_url(reverse("notifications:preferences_signed", kwargs={"token": token}))


def unsubscribe_url_for(user_id: int) -> str:
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": user_token_for(user_id)}))


def unsubscribe_mailto_for(user_id: int) -> str:
    address = settings.NOTIFICATION_UNSUBSCRIBE_EMAIL
    if not address:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "iau.example"
        address = f"unsubscribe@{domain}"
    return f"mailto:{address}?subject={quote('unsubscribe ' + user_token_for(user_id))}"


def preferences_link(user) -> str:
    """For an email's context: the signed preferences link, made when the email is sent."""
    return key_link(PREFERENCES_LINK, user.pk)


def unsubscribe_link(user) -> str:
    """For an email's context: the signed unsubscribe link, made when the email is sent."""
    return key_link(UNSUBSCRIBE_LINK, user.pk)


def list_unsubscribe_headers(user) -> dict[str, str]:
    """The headers every digest and bulk email to `user` carries (RFC 2369 and RFC 8058).

    For the outbox only: the links in them are made when the email is sent.
    """
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(user)}>, <{key_link(UNSUBSCRIBE_MAILTO, user.pk)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def allows_bulk_email(user) -> bool:
    """False once the user has used an unsubscribe link, until they choose a digest again."""
    from .models import NotificationPreference

    return not NotificationPreference.objects.filter(user=user, unsubscribed_at__isnull=False).exists()


def accepting_bulk_email(users):
    """The same rule for a whole audience in its own query: `users` without those who unsubscribed."""
    return users.exclude(notification_preference__unsubscribed_at__isnull=False)
