"""What the notifications app reminds people about: community meetings starting in a window."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Prefetch

from apps.core.contracts import Attendee, Occasion

from .enums import MembershipStatus, RsvpAnswer
from .models import Meeting, Membership, Rsvp


def occasions_between(*, start: datetime, end: datetime) -> list[Occasion]:
    """Meetings starting in [start, end), cancelled ones flagged, in four queries however many
    (meetings, their papers, the RSVPs of those not going, the members).

    Attendees are the approved members who have not said they are not going.
    """
    meetings = list(
        Meeting.objects.filter(start__gte=start, start__lt=end, community__is_active=True)
        .select_related("community")
        .prefetch_related(
            "papers",
            Prefetch("rsvps", queryset=Rsvp.objects.filter(answer=RsvpAnswer.NOT_GOING), to_attr="declined"),
        )
        .order_by("start")
    )
    # Plain rows, not model instances: a week of meetings can mean tens of thousands of members, and
    # building a Membership and a User for each was most of a reminder sweep's time.
    members_by_community = defaultdict(list)
    for community_id, user_id, email, display_name in Membership.objects.filter(
        community__in={meeting.community_id for meeting in meetings},
        status=MembershipStatus.APPROVED,
        user__is_active=True,
    ).values_list("community_id", "user_id", "user__email", "user__display_name"):
        members_by_community[community_id].append((user_id, email, display_name or email))

    occasions = []
    for meeting in meetings:
        not_going = {rsvp.user_id for rsvp in meeting.declined}
        url = meeting.get_absolute_url()
        attendees = [
            Attendee(
                email=email,
                name=name,  # as User.get_full_name(): the display name, else the address
                user_id=user_id,
                may_see_join_link=True,
                change_url=url,
            )
            for user_id, email, name in members_by_community[meeting.community_id]
            if user_id not in not_going
        ]
        occasions.append(
            Occasion(
                source="community-meeting",
                obj=meeting,
                title=f"{meeting.title} ({meeting.community.name})",
                starts_at=meeting.start,
                ends_at=meeting.end,
                url=url,
                attendees=attendees,
                where=meeting.where,
                mode=meeting.mode,
                join_link=meeting.join_link,
                papers=[(paper.title, paper.get_absolute_url()) for paper in meeting.papers.all()],
                uid=meeting.calendar_uid,
                sequence=meeting.sequence,
                cancelled=meeting.cancelled,
            )
        )
    return occasions
