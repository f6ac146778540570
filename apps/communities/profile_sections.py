"""On a person's public profile: the communities they facilitate or broker knowledge for, where they chose
to be named."""

from apps.core.contracts import ProfileSection

from .enums import PUBLIC_ROLES, MembershipStatus
from .models import Membership


def sections(profile) -> list[ProfileSection]:
    if profile.user_id is None:
        return []
    memberships = list(
        Membership.objects.filter(
            user_id=profile.user_id,
            status=MembershipStatus.APPROVED,
            role__in=PUBLIC_ROLES,
            named_publicly=True,  # named as facilitator (or broker) only with their own consent
            community__is_active=True,
        )
        .select_related("community")
        .order_by("community__name")
    )
    if not memberships:
        return []
    return [
        ProfileSection(
            title="Communities of practice",
            template="communities/includes/profile_section.html",
            context={"memberships": memberships},
            order=30,
        )
    ]
