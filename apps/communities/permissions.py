"""Who may see and do what in a community. Used by views, selectors and plugin modules alike."""

from django.core.exceptions import PermissionDenied

from .enums import MemberRole, MembershipStatus
from .models import Community, Membership

STAFF_PERMISSION = "communities.change_community"
UNNAMED_MEMBER = "A member who has not given a name"


def member_name(user) -> str:
    """How a member is named to facilitators and other members: their display name, never their email
    address (User.__str__ falls back to the email, which a facilitator, who is not staff, must not see)."""
    return user.display_name or UNNAMED_MEMBER


def is_staff_manager(user) -> bool:
    """Staff who hold the permission to manage communities manage every one of them."""
    return bool(user and user.has_perm(STAFF_PERMISSION))


def membership_of(user, community: Community) -> Membership | None:
    if not (user and user.is_authenticated):
        return None
    return Membership.objects.filter(community=community, user=user).first()


def can_manage(user, community: Community, membership: Membership | None = None) -> bool:
    """Facilitators of THIS community, and staff with the permission."""
    if is_staff_manager(user):
        return True
    if membership is None:
        membership = membership_of(user, community)
    return bool(
        membership
        and membership.status == MembershipStatus.APPROVED
        and membership.role == MemberRole.FACILITATOR
    )


def is_member(user, community: Community, membership: Membership | None = None) -> bool:
    """Approved members see join links, papers and notes; so do those who manage the community."""
    if membership is None:
        membership = membership_of(user, community)
    if membership and membership.status == MembershipStatus.APPROVED:
        return True
    return is_staff_manager(user)


def can_remove(user, membership: Membership) -> bool:
    """Who may end this membership: staff who manage communities, anyone's; a facilitator of the
    community, a member's, but never a facilitator's (their own included): the unit appoints facilitators."""
    if is_staff_manager(user):
        return True
    return (
        membership.role != MemberRole.FACILITATOR
        and membership.user_id != user.pk
        and can_manage(user, membership.community)
    )


def require_manager(*, actor, community: Community) -> None:
    """Refuse (PermissionDenied) anyone who is not a facilitator of `community` or staff."""
    if not can_manage(actor, community):
        raise PermissionDenied("Only a facilitator of this community or staff can do this.")
