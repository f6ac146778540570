"""Authentication backends. Permissions count only for active staff accounts.

A permission given by mistake to a member's account (through a group, or by hand) grants nothing: a
member never sees personal details or exports, whatever rows the permission tables hold. Superusers
too have their powers only while their account is active staff (see `User.has_perm`).
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


def is_active_staff(user) -> bool:
    return bool(user is not None and user.is_active and getattr(user, "is_staff", False))


class StaffOnlyPermissionsMixin:
    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if is_active_staff(user_obj) else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if is_active_staff(user_obj) else set()

    def get_all_permissions(self, user_obj, obj=None):
        return super().get_all_permissions(user_obj, obj) if is_active_staff(user_obj) else set()

    def has_perm(self, user_obj, perm, obj=None):
        return is_active_staff(user_obj) and super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        return is_active_staff(user_obj) and super().has_module_perms(user_obj, app_label)

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        users = super().with_perm(perm, is_active, include_superusers, obj)
        return users.filter(is_staff=True, is_active=True)


class ActiveStaffModelBackend(StaffOnlyPermissionsMixin, ModelBackend):
    """Django's backend (password sign-in for the test client and management commands)."""


class PortalAuthenticationBackend(StaffOnlyPermissionsMixin, AuthenticationBackend):
    """allauth's backend (sign-in by email, by code) with the same rule for permissions."""
