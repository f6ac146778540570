"""The outbox's `key_links` plugin module: a registration's cancel, stop-emails, feedback and certificate
links, signed when an email carrying them is sent (see apps/core/key_links.py)."""

from .tokens import CANCEL, CERTIFICATE, FEEDBACK, STOP_EMAILS, url_for

KEY_LINKS = {purpose: url_for(purpose) for purpose in (CANCEL, STOP_EMAILS, FEEDBACK, CERTIFICATE)}
