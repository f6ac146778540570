"""The outbox's `key_links` plugin module: the follow-up answer links, signed when an email carrying one
is sent (see apps/core/key_links.py)."""

from .services import (
    FOLLOW_UP_KEY_LINK,
    SEMINAR_FOLLOW_UP_KEY_LINK,
    follow_up_url_for,
    seminar_follow_up_url_for,
)

KEY_LINKS = {FOLLOW_UP_KEY_LINK: follow_up_url_for, SEMINAR_FOLLOW_UP_KEY_LINK: seminar_follow_up_url_for}
