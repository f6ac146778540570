"""Ask for the password (or a code) again before something sensitive.

Admin actions and views that export personal data, change someone's permissions or download a person's
data call `require_recent_authentication(request)`; function views may use allauth's own decorator,
`allauth.account.decorators.reauthentication_required`, which asks the same question. Someone who has
not confirmed who they are within `ACCOUNT_REAUTHENTICATION_TIMEOUT` seconds is sent to allauth's
"confirm it's you" page; a POST is kept and carried out once they have confirmed (allauth's
AccountMiddleware does this).
"""

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required


def require_recent_authentication(request) -> None:
    """Raise allauth's ReauthenticationRequired unless the person confirmed who they are recently.

    For admin actions and function views alike: call it first, before reading or changing anything.
    """
    raise_if_reauthentication_required(request, app="")
