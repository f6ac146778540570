"""Ask for the password (or a code) again before something sensitive.

Views and admin actions that export personal data, change someone's permissions or download a
person's data call `require_recent_authentication(request)` (or decorate a view with
`recent_authentication_required`). Someone who has not confirmed who they are within
`ACCOUNT_REAUTHENTICATION_TIMEOUT` seconds is sent to allauth's "confirm it's you" page; a POST is kept
and carried out once they have confirmed (allauth's AccountMiddleware does this).
"""

from functools import wraps

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.core.exceptions import ReauthenticationRequired


def has_recently_authenticated(request) -> bool:
    return request.user.is_authenticated and did_recently_reauthenticate(request)


def require_recent_authentication(request) -> None:
    """Raise allauth's ReauthenticationRequired unless the person confirmed who they are recently.

    For admin actions and function views alike: call it first, before reading or changing anything.
    """
    if not has_recently_authenticated(request):
        raise ReauthenticationRequired()


def recent_authentication_required(view):
    """Decorator for function views: `require_recent_authentication` before the view runs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_recent_authentication(request)
        return view(request, *args, **kwargs)

    return wrapper
