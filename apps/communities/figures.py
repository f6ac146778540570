"""The figures of communities of practice on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    counts_of,
)

from .enums import MemberRole, MembershipStatus
from .models import Attendance, Community, Meeting
from .models import Membership as CommunityMembership

# The community membership field that says whether someone joined as a clinician, academic,
# commissioner or patient. Point this at another field (and ROLE_CHOICES at its choices) if the
# role moves, e.g. to the join request.
COMMUNITY_ROLE_FIELD = "role"
COMMUNITY_ROLE_CHOICES = MemberRole.choices


def communities_activity(period: Period) -> Figure:
    """Meetings held and planned, attendance and members per community (4 queries)."""
    # A meeting belongs to the period by its start; it was held once it has ended, unless cancelled.
    now = timezone.now()
    meetings = Meeting.objects.filter(
        start__gte=period.start_at, start__lt=period.end_before, cancelled=False
    )
    held = Q(end__lte=now)
    meeting_rows = {
        row["community"]: row
        for row in meetings.values("community")
        .annotate(
            held=Count("pk", filter=held),
            planned=Count("pk", filter=Q(end__gt=now)),
            anonymous=Sum("anonymous_attendance", filter=held),
        )
        .order_by()
    }
    attendance = counts_of(Attendance.objects.filter(meeting__in=meetings.filter(held)), "meeting__community")
    joined_at = Coalesce("decided_at", "created_at")
    approved = CommunityMembership.objects.filter(status=MembershipStatus.APPROVED).annotate(
        joined_at=joined_at
    )
    member_rows = {
        row["community"]: row
        for row in approved.values("community")
        .annotate(
            members=Count("pk", filter=Q(joined_at__lt=period.end_before)),
            new=Count("pk", filter=Q(joined_at__gte=period.start_at, joined_at__lt=period.end_before)),
        )
        .order_by()
    }
    rows = []
    for community in Community.objects.order_by("name").only("pk", "name"):
        meeting = meeting_rows.get(community.pk, {})
        members = member_rows.get(community.pk, {})
        rows.append(
            [
                community.name,
                meeting.get("held", 0),
                attendance.get(community.pk, 0) + (meeting.get("anonymous") or 0),
                members.get("members", 0),
                members.get("new", 0),
                meeting.get("planned", 0),
            ]
        )
    return Figure(
        slug="communities",
        title="Communities of practice",
        description="Meetings held, attendance, members at the period's end and new members, per "
        "community, and the meetings still to come.",
        columns=[
            ("Community", "text"),
            ("Meetings held", "int"),
            ("Attendance", "int"),
            ("Members", "int"),
            ("New members", "int"),
            ("Meetings planned", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-communities",
            title="Attendance and members per community",
            description="For each community, a bar for attendance at its meetings and a bar for its members.",
            categories=[row[0] for row in rows],
            series=[("Attendance", [row[2] for row in rows]), ("Members", [row[3] for row in rows])],
        ),
        summary=[
            Stat("Meetings held", sum(row[1] for row in rows)),
            Stat("Attendance at meetings", sum(row[2] for row in rows)),
            Stat("Meetings planned", sum(row[5] for row in rows)),
        ],
        note="A meeting is held once it has ended; meetings still to come are planned. Cancelled meetings "
        "are not counted. Attendance counts each person at each meeting held once.",
    )


def communities_new_members_by_role(period: Period) -> Figure:
    """Members who joined a community in the period, by the role they joined as, and the people who
    joined (2 queries)."""
    joined = (
        CommunityMembership.objects.filter(status=MembershipStatus.APPROVED)
        .annotate(joined_at=Coalesce("decided_at", "created_at"))
        .filter(joined_at__gte=period.start_at, joined_at__lt=period.end_before)
    )
    counts = counts_of(joined, COMMUNITY_ROLE_FIELD)
    # Someone who joined two communities is a new member of each, and one person who joined.
    people = joined.aggregate(people=Count("user", distinct=True))["people"]
    rows = [[label, counts.get(value, 0)] for value, label in COMMUNITY_ROLE_CHOICES]
    return Figure(
        slug="communities-new-members-by-role",
        title="New community members by role",
        description="People who joined a community of practice in the period, by the role they joined as.",
        columns=[("Role", "text"), ("New members", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-community-roles",
            title="New community members by role",
            description="One bar per role: clinicians, academics, commissioners, patients and others.",
            categories=[row[0] for row in rows],
            series=[("New members", [row[1] for row in rows])],
        ),
        summary=[Stat("People who joined a community", people)],
        note="Someone who joined two communities counts in each; the headline counts each person once.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "communities",
            "Communities of practice",
            "Communities of practice",
            ("communities.view_meeting", "communities.view_attendance", "communities.view_membership"),
            communities_activity,
            order=50,
        ),
        FigureSpec(
            "communities-new-members-by-role",
            "New community members by role",
            "Communities of practice",
            ("communities.view_membership",),
            communities_new_members_by_role,
            order=60,
        ),
    ]
