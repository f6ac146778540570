"""The outbox's `key_links` plugin module: the email-choice and unsubscribe links, signed when an email
carrying them is sent (apps/core/key_links.py)."""

from .unsubscribe import (
    PREFERENCES_LINK,
    UNSUBSCRIBE_LINK,
    UNSUBSCRIBE_MAILTO,
    preferences_url_for,
    unsubscribe_mailto_for,
    unsubscribe_url_for,
)

KEY_LINKS = {
    PREFERENCES_LINK: preferences_url_for,
    UNSUBSCRIBE_LINK: unsubscribe_url_for,
    UNSUBSCRIBE_MAILTO: unsubscribe_mailto_for,
}
