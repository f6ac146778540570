"""Who may open the brokers' queue: staff with the permission each page names."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_needed(permission: str):
    """Visitors are sent to sign in; anyone signed in without `permission` is refused (403).

    Permissions count only for active staff (apps.accounts.backends), so a member never gets in.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied("Your role does not include the brokers' queue.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
