"""Who is asking, and how often: the client's address behind proxies and the portal's own abuse limits.

Every limit of ours keys on `client_key(request)`: the client's address (`client_address`), never
`REMOTE_ADDR` directly (behind a proxy `REMOTE_ADDR` is the proxy, and every visitor would share one
limit), with an IPv6 address counted as its whole /64 (`IPV6_LIMIT_PREFIX`): one home or phone connection
is given a /64 and may use any address in it, so counting each address alone would let a single client
reset its limit at will. allauth reads the same setting (`ALLAUTH_TRUSTED_PROXY_COUNT`) and, through our
account adapter, `client_address`; its own limits group IPv6 by the same /64
(`ALLAUTH_RATE_LIMIT_IPV6_PREFIX`, 64 by default).

Counters live in the cache (`CACHE_URL`; Redis in production, so every gunicorn worker shares them),
in fixed windows: simple, cheap, and good enough to stop a script, not a precise meter.
"""

import hashlib
import ipaddress
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request) -> str:
    """The address of the person at the other end.

    With `TRUSTED_PROXY_COUNT = 0` (no proxy) it is `REMOTE_ADDR` and `X-Forwarded-For` is ignored: anyone
    can send that header. With N trusted proxies it is the N-th address from the right of
    `X-Forwarded-For` (each proxy appends the address it saw; what the client wrote is further left).
    A header too short or not an address means the request did not come through our proxies as expected:
    then `REMOTE_ADDR` is used.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# The part of an IPv6 address one client holds (a /64 is what a connection is given).
IPV6_LIMIT_PREFIX = 64


def limit_group(address: str) -> str:
    """What a limit counts an address as: an IPv4 address itself, an IPv6 address its /64 network.

    An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address. Anything that is not an
    address is returned as it is.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_LIMIT_PREFIX}", strict=False))
    return str(ip)


def client_key(request) -> str:
    """The client as every limit counts it: `client_address`, grouped by `limit_group`."""
    return limit_group(client_address(request))


def _counter_key(scope: str, key: str, period: int) -> str:
    # Hashed: cache key names must not hold email addresses, and must be short and plain.
    digest = hashlib.sha256(f"{scope}\x00{key.strip().lower()}".encode()).hexdigest()[:32]
    return f"limit:{scope}:{digest}:{int(time.time() // period)}"


def limit_reached(*, scope: str, key: str, limit: int, period: int) -> bool:
    """True once `key` has been counted `limit` times in the current window of `period` seconds."""
    return cache.get(_counter_key(scope, key, period), 0) >= limit


def limit_count(*, scope: str, key: str, period: int) -> int:
    """Count one use of `key` in the current window; returns the count so far."""
    counter = _counter_key(scope, key, period)
    if cache.add(counter, 1, timeout=period + 60):
        return 1
    try:
        return cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, timeout=period + 60)
        return 1


def limit_take(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one use and say whether it is still within the limit (the check and count in one step)."""
    return limit_count(scope=scope, key=key, period=period) <= limit


def form_limit_refused(request, form, *, scope: str, limit: int, what: str, period: int = 3600) -> bool:
    """For a public form shown again with the person's answers: True once this connection has sent
    `limit` accepted forms in this window, with a message at the top of the form ("a lot of `what`").

    Only forms that got through are counted (`form_limit_count`, after `is_valid()`), so someone
    correcting mistakes is never shut out. The view answers 429 with the form, so nothing typed is lost.
    """
    if not limit_reached(scope=scope, key=client_key(request), limit=limit, period=period):
        return False
    form.add_error(
        None,
        f"We have had a lot of {what} from your connection in the last hour. "
        "Please try again later, or email us.",
    )
    return True


def form_limit_count(request, *, scope: str, period: int = 3600) -> None:
    """Count one accepted form from this connection (see `form_limit_refused`)."""
    limit_count(scope=scope, key=client_key(request), period=period)


# The hidden field of every public form (`core.forms.HoneypotField`): people never see it, bots fill it in.
HONEYPOT_FIELD = "website"


def honeypot_filled(cleaned_data: dict) -> bool:
    """True when a bot filled in the honeypot: the view thanks it as usual and stores nothing."""
    return bool(cleaned_data.get(HONEYPOT_FIELD))


class PublicFormAnswer(NamedTuple):
    """What a public form's view does with a request (see `public_form_submitted`)."""

    status: int  # 200, or 429 when this connection has sent too many forms (the form is shown again)
    accepted: bool  # the form is valid and was counted: act on it, or thank a bot
    by_bot: bool  # accepted, but the honeypot is filled in: thank it and store nothing


def public_form_submitted(
    request, form, *, scope: str, limit: int, what: str, period: int = 3600
) -> PublicFormAnswer:
    """The rate limit and the honeypot of a public form, in one place.

    A GET, or a form refused by the limit (`form_limit_refused`: a message at the top of the form and a
    429, so nothing typed is lost), or a form with mistakes is not accepted: the view shows the form
    again with `status`. A valid form is counted (`form_limit_count`) and accepted; `by_bot` says whether
    to store it.
    """
    if request.method != "POST":
        return PublicFormAnswer(status=200, accepted=False, by_bot=False)
    if form_limit_refused(request, form, scope=scope, limit=limit, what=what, period=period):
        return PublicFormAnswer(status=429, accepted=False, by_bot=False)
    if not form.is_valid():
        return PublicFormAnswer(status=200, accepted=False, by_bot=False)
    form_limit_count(request, scope=scope, period=period)
    return PublicFormAnswer(status=200, accepted=True, by_bot=honeypot_filled(form.cleaned_data))


def too_many_requests(request, *, doing: str, retry_after: int = 3600):
    """The 429 page: what happened, in plain words, and what to do now.

    `doing` completes "You have ... many times in a short while", e.g. "registered for seminars".
    """
    minutes = max(1, round(retry_after / 60))
    response = render(
        request,
        "429.html",
        {"doing": doing, "retry_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
