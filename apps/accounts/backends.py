"""Authentication backends. Permissions count only for active staff accounts, and for the signed-in
person only once their session has passed the second factor (`User.has_staff_powers`).

A permission given by mistake to a member's account (through a group, or by hand) grants nothing: a
member never sees personal details or exports, whatever rows the permission tables hold. Superusers
too have their powers only while their account is active staff (see `User.has_perm`).
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


def is_active_staff(user) -> bool:
    """Staff powers: False for visitors, members, inactive accounts and staff before the second factor."""
    return bool(user is not None and getattr(user, "has_staff_powers", False))


class StaffOnlyPermissionsMixin:
    # ModelBackend answers has_perm, has_module_perms and get_all_permissions from these two, so the rule
    # is stated once here for everything a backend is asked (and `with_perm` for the reverse question).
    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if is_active_staff(user_obj) else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if is_active_staff(user_obj) else set()

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        users = super().with_perm(perm, is_active, include_superusers, obj)
        return users.filter(is_staff=True, is_active=True)


class ActiveStaffModelBackend(StaffOnlyPermissionsMixin, ModelBackend):
    """Django's backend (password sign-in for the test client and management commands)."""


class PortalAuthenticationBackend(StaffOnlyPermissionsMixin, AuthenticationBackend):
    """allauth's backend (sign-in by email, by code) with the same rule for permissions."""
