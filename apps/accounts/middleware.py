"""Middleware guarding staff sessions and private responses.

- `PrivacyHeadersMiddleware`: `Cache-Control: no-store, private` on every response to a signed-in
  person (except one its view declared `public`: an upload) and on every admin, staff, /me/ and
  /accounts/ response (a shared computer's back button or a proxy must never show someone's personal
  data); `Permissions-Policy` on every response.
- `StaffSessionTimeoutMiddleware`: a staff session ends after `STAFF_SESSION_IDLE_SECONDS` without a
  request and `STAFF_SESSION_MAX_SECONDS` after signing in. Members keep "keep me signed in".
- `SecondFactorAuthenticationMiddleware` (in place of Django's AuthenticationMiddleware): marks the
  signed-in staff user whose session has not passed the second factor (`User.second_factor_pending`), so
  that `User.has_staff_powers`, and through it every permission, grants nothing anywhere until it has.
- `StaffSecondFactorMiddleware`: the way there. Staff opening the admin or the staff area are sent to
  enter a code (or, without an authenticator, to set one up); and anyone setting up a first
  authenticator app first enters a code emailed to their address, so a password alone never enrols one.
"""

import re
import time

from allauth.account.internal.flows.reauthentication import suspend_request
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from apps.core.middleware import DATABASE_ERRORS
from apps.core.page_cache import cache_control_directives

from .second_factor import (
    confirmed_by_emailed_code,
    has_second_factor,
    needs_second_factor,
    passed_second_factor,
)

PRIVATE_PREFIXES = ("/admin/", "/staff/", "/me/", "/accounts/")
SESSION_STARTED_KEY = "staff_session_started_at"
SESSION_SEEN_KEY = "staff_session_seen_at"


def is_staff_area(path: str) -> bool:
    return any(re.match(pattern, path) for pattern in settings.STAFF_AREA_PATHS)


# Stands for a user who could not be read because the database is away.
UNREADABLE = object()


def _session_user(request):
    """The signed-in user, None for a visitor, or UNREADABLE while the database is away.

    Only looked at when the browser sent a session cookie: anonymous pages stay cacheable and do not gain
    a "Vary: Cookie" just for this check. A database that is away is asked once per request, not again
    by each middleware in turn (every try may wait DATABASE_CONNECT_TIMEOUT); the view then answers
    itself (the 503 page, or /healthz's own JSON) instead of a middleware failing first.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    if getattr(request, "_session_unreadable", False):
        return UNREADABLE
    try:
        user = request.user
        return user if user.is_authenticated else None
    except DATABASE_ERRORS:
        request._session_unreadable = True
        return UNREADABLE


def _signed_in(request) -> bool:
    # A session that could not be read counts as signed in: the response is treated as personal.
    return _session_user(request) is not None


def _signed_in_staff(request):
    """The signed-in staff user (or superuser), or None (also while the database is away)."""
    user = _session_user(request)
    return user if user is not None and user is not UNREADABLE and needs_second_factor(user) else None


def _with_second_factor_state(request, user):
    if needs_second_factor(user) and not passed_second_factor(request, user):
        user.second_factor_pending = True
    return user


class SecondFactorAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, whose `request.user` knows whether this session has passed the
    second factor. Every view, template, admin and permission check reads this one `request.user`."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _with_second_factor_state(request, get_user(request)))


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A response its view declared `public` (an uploaded photo or file) is the same for everyone:
        # signing in does not make it personal, and the browser keeps it instead of fetching it again.
        if request.path.startswith(PRIVATE_PREFIXES) or (
            _signed_in(request) and "public" not in cache_control_directives(response)
        ):
            patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in_staff(request) is not None:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            seen = request.session.get(SESSION_SEEN_KEY, now)
            idle = now - seen > settings.STAFF_SESSION_IDLE_SECONDS
            if idle or now - started > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(
                    request,
                    "You have been signed out because you were away for a while"
                    if idle
                    else "Staff sessions last at most a working day: please sign in again.",
                )
                return redirect(_login_url(request))
            request.session[SESSION_SEEN_KEY] = now
            # The cookie itself ends with the idle time too ("keep me signed in" is for members).
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == reverse("mfa_activate_totp"):
            refused = _first_authenticator_needs_emailed_code(request)
            if refused is not None:
                return refused
        user = _signed_in_staff(request)
        if user is not None and is_staff_area(request.path) and request.path != reverse("admin:logout"):
            if not has_second_factor(user):
                messages.info(
                    request,
                    "Staff accounts need two-factor sign-in. Set up an authenticator app to continue.",
                )
                return redirect("mfa_activate_totp")
            if not passed_second_factor(request):
                # Signed in some other way (an older session, before the authenticator was added):
                # ask for a code now.
                return redirect(_with_next(reverse("mfa_reauthenticate"), request))
        return self.get_response(request)


def _first_authenticator_needs_emailed_code(request):
    """Whoever knows a password must not enrol their own authenticator app on someone's account: a first
    one is set up only after a code sent to the account's email address (allauth's "confirm it's you by
    code"), entered in the last few minutes. The request is resumed once the code is in."""
    user = _session_user(request)
    if user is None or user is UNREADABLE or has_second_factor(user):
        return None
    if confirmed_by_emailed_code(request, user):
        return None
    messages.info(
        request,
        "Before you set up two-factor sign-in, we will email you a code to check that this is your account.",
    )
    return suspend_request(request, reverse("account_request_reauthentication_code"))


def _with_next(url: str, request) -> str:
    return url + "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})


def _login_url(request) -> str:
    return _with_next(reverse("account_login"), request)
