"""Reads about accounts that other apps need."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet


def active_staff_with_permission(permission: str) -> QuerySet:
    """Active staff who hold `permission` ("app_label.codename") directly or through a group, and active
    staff superusers; by name. The people to offer in a "who does this" choice or to tell about work."""
    app_label, codename = permission.split(".", 1)
    granting = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(user_permissions__in=granting) | Q(groups__permissions__in=granting))
        .distinct()
        .order_by("display_name", "email")
    )
