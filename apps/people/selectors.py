"""Reads about people that views and other apps reuse."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .enums import TERM_ROLES
from .models import Profile, ProfileRole

RENEWAL_WINDOW_DAYS = 90


def profiles_listed() -> QuerySet[Profile]:
    """Profiles the public may see, with what a list or detail page shows."""
    return Profile.objects.filter(is_listed=True).prefetch_related("roles", "expertise")


def profiles_by_user_id(user_ids, *, listed_only: bool = True) -> dict[int, Profile]:
    """The profiles of these users, keyed by user id, in one query. Users without a profile are absent.

    By default only public (listed) profiles, so callers may link to them without further checks.
    """
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    profiles = Profile.objects.filter(user_id__in=ids)
    if listed_only:
        profiles = profiles.filter(is_listed=True)
    return {profile.user_id: profile for profile in profiles}


def profile_roles_due_for_renewal(
    *, today: date | None = None, within_days: int = RENEWAL_WINDOW_DAYS
) -> QuerySet[ProfileRole]:
    """Champion and fellow roles whose term ends between today and `within_days` from now, soonest first."""
    today = today or timezone.localdate()
    return (
        ProfileRole.objects.filter(
            role__in=TERM_ROLES, term_end__gte=today, term_end__lte=today + timedelta(days=within_days)
        )
        .select_related("profile")
        .order_by("term_end", "profile__name")
    )
