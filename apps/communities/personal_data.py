from django.db.models import Q

from .models import Attendance, CalendarFeed, JoinRequest, Membership, Rsvp
from .services import personal_data_erase


def export_personal_data(user) -> dict:
    return {
        "community_memberships": [
            {
                "community": membership.community.name,
                "role": membership.get_role_display(),
                "status": membership.get_status_display(),
                "asked_on": membership.created_at.isoformat(),
                "decided_on": membership.decided_at.isoformat() if membership.decided_at else None,
                "member_since": membership.approved_at.isoformat() if membership.approved_at else None,
                "ended_on": membership.ended_at.isoformat() if membership.ended_at else None,
            }
            for membership in Membership.objects.filter(user=user).select_related("community")
        ],
        "community_meeting_replies": [
            {
                "meeting": rsvp.meeting.title,
                "community": rsvp.meeting.community.name,
                "starts": rsvp.meeting.start.isoformat(),
                "reply": rsvp.get_answer_display(),
            }
            for rsvp in Rsvp.objects.filter(user=user).select_related("meeting__community")
        ],
        "community_meeting_attendance": [
            {
                "meeting": attendance.meeting.title,
                "community": attendance.meeting.community.name,
                "starts": attendance.meeting.start.isoformat(),
            }
            for attendance in Attendance.objects.filter(user=user).select_related("meeting__community")
        ],
        "community_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "community_join_requests": [
            {
                "community": join_request.community.name,
                "name": join_request.name,
                "email": join_request.email,
                "role": join_request.get_role_display(),
                "organisation": join_request.organisation,
                "why": join_request.reason,
                "status": join_request.get_status_display(),
                "asked_on": join_request.created_at.isoformat(),
            }
            for join_request in JoinRequest.objects.filter(
                Q(user=user) | Q(email__iexact=user.email)
            ).select_related("community")
        ],
    }


def erase_personal_data(user) -> None:
    """Memberships, requests to join, replies and the calendar link go; attendance stays only as an
    anonymous count."""
    personal_data_erase(user=user)
