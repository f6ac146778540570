"""Who may open the staff area: active staff who have passed the second factor (`has_staff_powers`).
Everyone else is sent to sign in (visitors) or refused."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.has_staff_powers:
            raise PermissionDenied("The staff area is for the unit's staff.")
        return view(request, *args, **kwargs)

    return wrapper
