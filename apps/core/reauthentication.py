"""Asking a signed-in person to confirm who they are again, through allauth, before something sensitive
(an export of personal data, a change to someone's permissions)."""

from allauth.account.decorators import reauthentication_required


@reauthentication_required
def _confirmed(request) -> None:
    return None


def require_recent_authentication(request) -> None:
    """Return quietly if the person confirmed their password (or a code) within allauth's
    ACCOUNT_REAUTHENTICATION_TIMEOUT; otherwise raise allauth's ReauthenticationRequired.

    allauth's middleware turns that into a redirect to /accounts/reauthenticate/ and, once confirmed,
    replays the original request (a POST too), so an admin action carries on where it stopped.
    """
    _confirmed(request)
