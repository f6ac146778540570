"""The outbox's `key_links` plugin module: the status link, signed when an email carrying it is sent."""

from .services import STATUS_KEY_LINK, status_url_for

KEY_LINKS = {STATUS_KEY_LINK: status_url_for}
