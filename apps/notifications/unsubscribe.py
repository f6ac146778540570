"""Signed links that work without signing in: the preferences page and one-click unsubscribe (RFC 8058).

Also the `unsubscribe` plugin module: `apps.core.services.outbox_unsubscribe_headers(user=)` finds
`list_unsubscribe_headers` here, so any app can mark its bulk email without importing notifications.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from apps.core.emails import absolute_url

# A salt of its own, so a token signed for anything else in the portal is never accepted here.
TOKEN_SALT = "notifications.email-preferences"


def user_token(user) -> str:
    """A token that names this user. It does not expire: unsubscribe links in old emails must keep working."""
    return signing.Signer(salt=TOKEN_SALT).sign_object({"user": user.pk})


def user_from_token(token: str):
    """The active user a token names, or None if it was tampered with or the account is gone."""
    try:
        data = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    return get_user_model().objects.filter(pk=data["user"], is_active=True).first()


def preferences_url(user, *, token: str = "") -> str:
    return absolute_url(
        reverse("notifications:preferences_signed", kwargs={"token": token or user_token(user)})
    )


def unsubscribe_url(user, *, token: str = "") -> str:
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token or user_token(user)}))


def unsubscribe_mailto(user, *, token: str = "") -> str:
    address = settings.NOTIFICATION_UNSUBSCRIBE_EMAIL
    if not address:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "iau.example"
        address = f"unsubscribe@{domain}"
    return f"mailto:{address}?subject={quote('unsubscribe ' + (token or user_token(user)))}"


def list_unsubscribe_headers(user, *, token: str = "") -> dict[str, str]:
    """The headers every digest and bulk email to `user` carries (RFC 2369 and RFC 8058)."""
    token = token or user_token(user)
    https, mailto = unsubscribe_url(user, token=token), unsubscribe_mailto(user, token=token)
    return {
        "List-Unsubscribe": f"<{https}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def allows_bulk_email(user) -> bool:
    """False once the user has used an unsubscribe link, until they choose a digest again."""
    from .models import NotificationPreference

    return not NotificationPreference.objects.filter(user=user, unsubscribed_at__isnull=False).exists()
