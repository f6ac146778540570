"""Links that act as keys (a question's status page, unsubscribing, cancelling a registration) are never
stored in the outbox: the stored email holds a placeholder, and the delivery step puts a freshly signed
link in its place just before sending.

How an app uses it:
- it offers its links in a plugin module `key_links.py` with `KEY_LINKS = {purpose: make_url}`, where
  `make_url(object_id: int) -> str` signs a fresh absolute link (no database query needed: the token
  names the object by its id). Purposes are "<app>.<what>", e.g. "brokering.status".
- where an email wants the link, it passes `key_link(purpose, object_id)` instead of the URL: in a
  template's context (`{{ status_url }}`) or in a header (`f"<{key_link(...)}>"`). Pages use the real
  URL; only email goes through this.

So the link in an email lives from the moment it is sent (its lifetime is the app's `max_age`), the
admin and the database show only "[[key-link:...]]", and nothing a changelist lookup or a backup finds
opens anything.

Why the two forms: `key_link()` writes a marker carrying a random number made fresh in each process and
never stored; `outbox_enqueue` turns only markers carrying this process's number into placeholders bound
to the recipient by an HMAC. Text someone typed (a question quoted back to them in the acknowledgement)
cannot write either, so it can never ask the outbox for a link to someone else's question or account.
"""

import re
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from .plugins import app_modules

_PROCESS_NONCE = secrets.token_hex(16)
_PURPOSE, _OBJECT_ID = r"(?P<purpose>[a-z0-9_.-]+)", r"(?P<object_id>\d+)"
_MARKER = re.compile(rf"\[\[key-link:(?P<nonce>[0-9a-f]{{32}}):{_PURPOSE}:{_OBJECT_ID}\]\]")
_PLACEHOLDER = re.compile(rf"\[\[key-link:{_PURPOSE}:{_OBJECT_ID}:(?P<mac>[0-9a-f]{{32}})\]\]")
MAC_SALT = "apps.core.key_links.placeholder"
# What staff see in the admin in place of a link.
MASKED_LINK = "[personal link, made when the email is sent]"


def key_link(purpose: str, object_id: int) -> str:
    """Stands in an email for the link `purpose` makes for `object_id`; see the module's docstring."""
    return f"[[key-link:{_PROCESS_NONCE}:{purpose}:{int(object_id)}]]"


def _mac(purpose: str, object_id: str, recipient: str) -> str:
    value = f"{purpose}:{object_id}:{recipient.strip().lower()}"
    return salted_hmac(MAC_SALT, value, algorithm="sha256").hexdigest()[:32]


def bind_key_links(text: str, *, recipient: str) -> str:
    """The text to store: this process's markers become placeholders only `recipient`'s email can fill."""

    def placeholder(match: re.Match) -> str:
        if not constant_time_compare(match["nonce"], _PROCESS_NONCE):
            return match[0]  # not written by key_link() here: plain text, left alone
        purpose, object_id = match["purpose"], match["object_id"]
        return f"[[key-link:{purpose}:{object_id}:{_mac(purpose, object_id, recipient)}]]"

    return _MARKER.sub(placeholder, text) if text else text


def _makers() -> dict:
    makers = {}
    for module in app_modules("key_links"):
        makers.update(getattr(module, "KEY_LINKS", {}))
    return makers


def fill_key_links(text: str, *, recipient: str) -> str:
    """The text to send: each placeholder bound to `recipient` replaced by a freshly signed link.

    A placeholder bound to someone else (copied into a question, say) is left as the text it is. A
    purpose no app offers is a mistake in the code: KeyError, so the email fails where staff see it.
    """
    if not text or "[[key-link:" not in text:
        return text
    makers = _makers()

    def link(match: re.Match) -> str:
        purpose, object_id = match["purpose"], match["object_id"]
        if not constant_time_compare(match["mac"], _mac(purpose, object_id, recipient)):
            return match[0]
        return makers[purpose](int(object_id))

    return _PLACEHOLDER.sub(link, text)


def mask_key_links(text: str) -> str:
    """The text for staff: placeholders (and any marker) shown as MASKED_LINK."""
    if not text:
        return text
    return _MARKER.sub(MASKED_LINK, _PLACEHOLDER.sub(MASKED_LINK, text))


def link_expired(request, *, what: str, lifetime: str, advice: str):
    """The page for a genuine link past its lifetime: what it was, what to do now (410 Gone, not an error).

    For any app's signed links: `what` says what the link was for, `lifetime` how long such links work
    ("a year"), `advice` where to find a fresh one.
    """
    from django.shortcuts import render

    context = {"what": what, "lifetime": lifetime, "advice": advice}
    return render(request, "core/link_expired.html", context, status=410)
