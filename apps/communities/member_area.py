from django.utils import timezone

from apps.accounts.second_factor import has_second_factor
from apps.core.contracts import MemberPanel

from .selectors import meetings_for_user, memberships_of_user


def panels(user) -> list[MemberPanel]:
    memberships = [m for m in memberships_of_user(user) if m.status in ("approved", "requested")]
    if not memberships:
        return []
    meetings = list(meetings_for_user(user, include_past=False)[:10])
    for meeting in meetings:
        meeting.my_rsvp = meeting.my_rsvps[0] if meeting.my_rsvps else None
    return [
        MemberPanel(
            title="Your communities of practice",
            template="communities/includes/member_panel.html",
            context={
                "memberships": memberships,
                "meetings": meetings,
                "now": timezone.now(),
                "suggest_two_factor": _facilitates(memberships) and not has_second_factor(user),
            },
            order=20,
        )
    ]


def _facilitates(memberships) -> bool:
    return any(m.role == "facilitator" and m.status == "approved" for m in memberships)
