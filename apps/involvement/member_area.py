from django.utils import timezone

from apps.core.contracts import MemberPanel

from .benefits import benefits_panels
from .selectors import activities_of, group_ids_for, interests_of, opportunities_matching


def panels(user) -> list[MemberPanel]:
    return _involvement_panels(user) + benefits_panels(user)


def _involvement_panels(user) -> list[MemberPanel]:
    group_ids = group_ids_for(user)
    upcoming = list(activities_of(user).filter(date__gte=timezone.localdate()).order_by("date")[:5])
    if not group_ids and not upcoming:
        return []
    return [
        MemberPanel(
            title="Your involvement",
            template="involvement/includes/member_panel.html",
            context={
                "upcoming": upcoming,
                "opportunities": opportunities_matching(user, limit=5),
                "applied": list(interests_of(user)[:8]),
                "records_time": bool(group_ids),
            },
            order=20,
        )
    ]
