"""Reads about accounts that other apps need."""

from django.db.models import QuerySet

from .backends import ActiveStaffModelBackend


def active_staff_with_permission(permission: str) -> QuerySet:
    """Active staff who hold `permission` ("app_label.codename") directly or through a group, and active
    staff superusers; by name. The people to offer in a "who does this" choice or to tell about work.

    The backend's `with_perm` is the one statement of who holds a permission (the same rule as
    `user.has_perm`); it asks with EXISTS, so no one appears twice.
    """
    return ActiveStaffModelBackend().with_perm(permission).order_by("display_name", "email")
