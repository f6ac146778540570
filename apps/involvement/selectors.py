"""Reads about involvement that more than one place needs."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from apps.accounts.selectors import active_staff_with_permission

from .enums import ExpenseStatus, InterestStatus, OpportunityStatus, PaymentPreference, PaymentStatus
from .models import (
    Activity,
    Expense,
    Group,
    Interest,
    MemberProfile,
    Membership,
    Opportunity,
    PaymentRun,
    Rate,
    TimeRecord,
)
from .payments import worked_out

PERSONAL_DETAILS_PERMISSION = "involvement.view_personal_details"
# Finance: members' names with their payments and expenses, without access needs or motivations.
PAYMENT_DETAILS_PERMISSION = "involvement.view_payment_details"
# Finance: export a payment run as a file.
EXPORT_FINANCE_PERMISSION = "involvement.export_finance"


def can_see_member_payments(user) -> bool:
    """Who may see which member is paid what, and their expense claims and receipts: coordinators
    (personal details), and finance (payment details; whoever may export the payments sees them anyway)."""
    return any(
        user.has_perm(permission)
        for permission in (
            PERSONAL_DETAILS_PERMISSION,
            PAYMENT_DETAILS_PERMISSION,
            EXPORT_FINANCE_PERMISSION,
        )
    )


def rate_in_force(on: date) -> Rate | None:
    """The rate-table row in force on a date: the latest one that took effect on or before it."""
    return Rate.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def groups_public():
    return Group.objects.all()


def group_ids_for(user) -> list[int]:
    return list(Membership.objects.filter(user=user, is_active=True).values_list("group_id", flat=True))


def opportunities_open():
    return (
        Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        .prefetch_related("groups", "topics")
        .order_by("deadline", "starts_at", "title")
    )


def opportunities_for_member(user):
    """Open opportunities for the member's groups, with their own interest (if any) attached."""
    return (
        opportunities_open()
        .filter(groups__in=group_ids_for(user))
        .distinct()
        .prefetch_related(_own_interests(user))
    )


def _own_interests(user):
    from django.db.models import Prefetch

    return Prefetch("interests", queryset=Interest.objects.filter(user=user), to_attr="own_interests")


def opportunities_matching(user, *, limit: int = 5) -> list[Opportunity]:
    """Open opportunities for the member's groups, the ones matching their interests first."""
    interest_ids = set(
        MemberProfile.interests.through.objects.filter(memberprofile__user=user).values_list(
            "topic_id", flat=True
        )
    )
    opportunities = list(opportunities_for_member(user))
    opportunities.sort(key=lambda o: not ({t.pk for t in o.topics.all()} & interest_ids))
    return opportunities[:limit]


def opportunity_for_member(user, slug: str) -> Opportunity | None:
    """An opportunity the member may see (one for their groups, or one they took part in), else None."""
    return (
        Opportunity.objects.filter(slug=slug)
        .exclude(status=OpportunityStatus.DRAFT)
        .filter(Q(groups__in=group_ids_for(user)) | Q(interests__user=user))
        .distinct()
        .prefetch_related("groups", "topics", _own_interests(user))
        .first()
    )


def interests_of(user):
    return (
        Interest.objects.filter(user=user)
        .exclude(status=InterestStatus.WITHDRAWN)
        .select_related("opportunity")
        .order_by("-created_at")
    )


def activities_of(user):
    return Activity.objects.filter(user=user).select_related("opportunity", "rate").order_by("-date", "-pk")


def expenses_of(user):
    return Expense.objects.filter(user=user).select_related("activity").order_by("-incurred_on", "-pk")


TAX_YEAR, CALENDAR_YEAR = "tax", "calendar"
YEAR_KINDS = {
    TAX_YEAR: "Tax year (6 April to 5 April)",
    CALENDAR_YEAR: "Calendar year (1 January to 31 December)",
}


def tax_year_starting(day: date) -> int:
    """The year in which the UK tax year holding `day` began: a tax year runs from 6 April to 5 April."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


def year_period(year: int, kind: str) -> dict:
    """Label, first and last day of a tax year (starting 6 April of `year`) or of a calendar year."""
    if kind == TAX_YEAR:
        return {"label": f"{year} to {year + 1}", "starts": date(year, 4, 6), "ends": date(year + 1, 4, 5)}
    return {"label": str(year), "starts": date(year, 1, 1), "ends": date(year, 12, 31)}


def totals_by_year(activities, expenses, *, kind: str = TAX_YEAR) -> list[dict]:
    """Hours, payments and approved expenses per UK tax year (the default: benefits and tax are counted
    that way) or per calendar year, newest first.

    Only what has happened counts: an activity booked for next month is not yet hours given or money due.
    """
    year_of = tax_year_starting if kind == TAX_YEAR else (lambda day: day.year)
    today = timezone.localdate()
    years = defaultdict(lambda: {"hours": Decimal("0"), "payments": Decimal("0"), "expenses": Decimal("0")})
    for activity in activities:
        if activity.date > today:
            continue
        row = years[year_of(activity.date)]
        row["hours"] += activity.hours
        if activity.payment_status in (PaymentStatus.DUE, PaymentStatus.APPROVED, PaymentStatus.PAID):
            row["payments"] += activity.amount_due
    for expense in expenses:
        if expense.status in (ExpenseStatus.APPROVED, ExpenseStatus.PAID):
            years[year_of(expense.incurred_on)]["expenses"] += expense.amount
    return [{"year": year, **year_period(year, kind), **years[year]} for year in sorted(years, reverse=True)]


def this_tax_year_of(user) -> dict:
    """The member's hours, payments and approved claims in the current UK tax year (what has happened)."""
    year = tax_year_starting(timezone.localdate())
    period = year_period(year, TAX_YEAR)
    activities = Activity.objects.filter(user=user, date__range=(period["starts"], period["ends"]))
    expenses = Expense.objects.filter(user=user, incurred_on__range=(period["starts"], period["ends"]))
    found = totals_by_year(activities, expenses)
    empty = {"hours": Decimal("0"), "payments": Decimal("0"), "expenses": Decimal("0")}
    return found[0] if found else {"year": year, **period, **empty}


def coordinators():
    """Active staff who hold the involvement permission, directly or through a group."""
    return active_staff_with_permission(PERSONAL_DETAILS_PERMISSION)


def payment_run_candidates():
    """(activities, expenses) approved for payment and in no payment run yet. An activity counts once it
    has happened (its date is today or earlier) and something is owed for it."""
    activities = (
        Activity.objects.filter(
            payment_status=PaymentStatus.APPROVED,
            payment_run_items__isnull=True,
            date__lte=timezone.localdate(),
            amount_due__gt=0,
        )
        .select_related("user")
        .order_by("user_id", "date", "pk")
    )
    expenses = (
        Expense.objects.filter(status=ExpenseStatus.APPROVED, payment_run_items__isnull=True)
        .select_related("user")
        .order_by("user_id", "incurred_on", "pk")
    )
    return activities, expenses


def paid_on(*, activity=None, expense=None) -> date | None:
    """The day finance paid the run holding this activity's payment or this claim, if it has been paid."""
    items = PaymentRun.objects.filter(paid_on__isnull=False)
    items = (
        items.filter(items__activity=activity)
        if activity is not None
        else items.filter(items__expense=expense)
    )
    return items.values_list("paid_on", flat=True).first()


def payment_runs_listed():
    """Payment runs, newest first, each with its number of items and total (one query)."""
    return (
        PaymentRun.objects.select_related("created_by", "marked_paid_by")
        .annotate(
            item_count=Count("items"),
            total=Sum(Coalesce("items__activity__amount_due", "items__expense__amount")),
        )
        .order_by("-created_at", "-pk")
    )


def payment_run_items(run):
    """The items of a run with their activity or claim and its member, ordered by member (one query)."""
    return (
        run.items.select_related(
            "activity__user__involvement_profile",
            "activity__donation_charity",
            "activity__opportunity",
            "expense__user__involvement_profile",
        )
        .annotate(member_name=Coalesce("activity__user__display_name", "expense__user__display_name"))
        .order_by(Lower("member_name"), "activity__date", "expense__incurred_on", "pk")
    )


def finance_rows(*, run=None) -> list[dict]:
    """Per member: payments for involvement (to them, or as vouchers), payments given to a charity at
    their request, expense claims, and the total paid to them (donations are not paid to them).

    For a payment run, what is in the run (what finance pays each person). Without one, everything
    approved or paid so far (three aggregate queries either way).
    """
    if run is not None:
        activities = Activity.objects.filter(payment_run_items__run=run)
        expenses = Expense.objects.filter(payment_run_items__run=run)
    else:
        activities = Activity.objects.filter(payment_status__in=[PaymentStatus.APPROVED, PaymentStatus.PAID])
        expenses = Expense.objects.filter(status__in=[ExpenseStatus.APPROVED, ExpenseStatus.PAID])
    rows: dict[int, dict] = {}
    donated = Q(payment_preference=PaymentPreference.DONATED)
    for source, key, amount_field in (
        (activities.exclude(donated), "payments", "amount_due"),
        (activities.filter(donated), "donations", "amount_due"),
        (expenses, "expenses", "amount"),
    ):
        for item in source.values("user_id", "user__email", "user__display_name").annotate(
            total=Sum(amount_field)
        ):
            row = rows.setdefault(
                item["user_id"],
                {
                    "user_id": item["user_id"],
                    "name": item["user__display_name"],
                    "email": item["user__email"],
                    "payments": Decimal("0.00"),
                    "donations": Decimal("0.00"),
                    "expenses": Decimal("0.00"),
                },
            )
            row[key] = Decimal(item["total"]).quantize(Decimal("0.01"))
    for row in rows.values():
        row["total"] = row["payments"] + row["expenses"]
    return sorted(rows.values(), key=lambda row: (row["name"].lower(), row["user_id"]))


# Time members record themselves, and meetings ---------------------------------------------------------

QUARTER_HOUR = Decimal("0.25")


def is_group_member(user) -> bool:
    """An active member of the Link group or the RUG."""
    return Membership.objects.filter(user=user, is_active=True).exists()


def opportunities_taken_part_by(user):
    """Opportunities the member was selected for: the ones they may link their time to."""
    return Opportunity.objects.filter(
        interests__user=user, interests__status=InterestStatus.SELECTED
    ).order_by("-starts_at", "title")


def meetings_attended_by(user):
    """Community meetings the member is recorded as having attended, latest first."""
    from apps.communities.models import Meeting

    return (
        Meeting.objects.filter(attendances__user=user, cancelled=False)
        .select_related("community")
        .order_by("-start")
    )


def time_records_of(user):
    return TimeRecord.objects.filter(user=user).select_related("opportunity", "meeting", "activity")


def time_records_waiting():
    return TimeRecord.objects.filter(status="waiting")


def meeting_hours(meeting) -> Decimal:
    """The meeting's length in hours, to the nearest quarter hour (at least a quarter)."""
    seconds = Decimal((meeting.end - meeting.start).total_seconds())
    quarters = (seconds / Decimal(900)).quantize(Decimal("1"))
    return max(quarters * QUARTER_HOUR, QUARTER_HOUR)


def meetings_with_attendance():
    """Meetings that have happened and have someone recorded as there, latest first (for choosing)."""
    from apps.communities.models import Meeting

    return (
        Meeting.objects.filter(cancelled=False, start__lte=timezone.now(), attendances__isnull=False)
        .distinct()
        .select_related("community")
        .order_by("-start")
    )


def attendance_for_activities(meeting) -> list[dict]:
    """Each Link group or RUG member recorded as attending the meeting, with the hours and rate suggested
    (the meeting's length, the rate in force on its date) and the activity they already have for it."""
    from apps.communities.models import Attendance

    on = timezone.localdate(meeting.start)
    rate = rate_in_force(on)
    hours = meeting_hours(meeting)
    member_ids = set(Membership.objects.filter(is_active=True).values_list("user_id", flat=True))
    existing = {activity.user_id: activity for activity in Activity.objects.filter(meeting=meeting)}
    rows = []
    for attendance in (
        Attendance.objects.filter(meeting=meeting, user_id__in=member_ids)
        .select_related("user")
        .order_by(Lower("user__display_name"), "user__email")
    ):
        rows.append(
            {
                "user": attendance.user,
                "hours": hours,
                "rate": rate,
                "existing": existing.get(attendance.user_id),
            }
        )
    return rows


def remittances_for_run(run) -> list[dict]:
    """Per member paid in the run: their payments (what, date, how it was worked out, amount, and whether
    as vouchers), the payments given to a charity at their request, their expense claims, and the total
    paid to them, which leaves out the donations (two queries)."""
    from apps.accounts.models import User

    by_member: dict[int, dict] = {}

    def row(user_id):
        return by_member.setdefault(
            user_id,
            {
                "activities": [],
                "donations": [],
                "expenses": [],
                "payments_total": Decimal("0.00"),
                "donations_total": Decimal("0.00"),
                "expenses_total": Decimal("0.00"),
            },
        )

    for activity in (
        Activity.objects.filter(payment_run_items__run=run)
        .select_related("rate", "kind", "donation_charity")
        .order_by("date", "pk")
    ):
        entry = row(activity.user_id)
        activity.worked_out = worked_out(activity)
        if activity.payment_preference == PaymentPreference.DONATED:
            entry["donations"].append(activity)
            entry["donations_total"] += activity.amount_due
            continue
        entry["activities"].append(activity)
        entry["payments_total"] += activity.amount_due
    for expense in Expense.objects.filter(payment_run_items__run=run).order_by("incurred_on", "pk"):
        entry = row(expense.user_id)
        entry["expenses"].append(expense)
        entry["expenses_total"] += expense.amount
    members = User.objects.in_bulk(list(by_member))
    remittances = []
    for user_id, entry in sorted(by_member.items()):
        entry["member"] = members[user_id]
        entry["total"] = entry["payments_total"] + entry["expenses_total"]
        entry["paid_on"] = run.paid_on
        remittances.append(entry)
    return remittances


# The certificate of involvement ------------------------------------------------------------------------

# Signs the certificate when no one holds the coordinator role (a plain line, never a setting).
CERTIFICATE_SIGNATORY_ROLE = "Involvement coordinator"


def certificate_signatory() -> str:
    """The name of an active member of staff with the involvement coordinator role, or "" if none."""
    from apps.accounts.models import User

    coordinator = (
        User.objects.filter(groups__name=CERTIFICATE_SIGNATORY_ROLE, is_active=True, is_staff=True)
        .exclude(display_name="")
        .order_by("display_name", "pk")
        .values_list("display_name", flat=True)
        .first()
    )
    return coordinator or ""


def involvement_certificate(*, user, starts: date, ends: date, today: date | None = None) -> dict:
    """What the member did with the unit between `starts` and `ends` (both included), for a certificate.

    Only what has happened counts: activities dated up to the period's end or today, whichever is first,
    and community meetings they were recorded at that have ended (never cancelled ones). A meeting that is
    already one of their activities is counted once, as the activity. Nothing about money.
    """
    from apps.communities.models import Meeting

    today = today or timezone.localdate()
    last = min(ends, today)
    activities = list(
        Activity.objects.filter(user=user, date__gte=starts, date__lte=last)
        .select_related("opportunity", "meeting__community")
        .order_by("date", "pk")
    )
    groups: dict[str, dict] = {}
    for activity in activities:
        if activity.opportunity_id:
            title = activity.opportunity.title
        elif activity.meeting_id:
            title = f"Community of practice: {activity.meeting.community.name}"
        else:
            title = "Other involvement"
        group = groups.setdefault(title, {"title": title, "activities": [], "hours": Decimal("0")})
        group["activities"].append(activity)
        group["hours"] += activity.hours
    activity_hours = sum((activity.hours for activity in activities), Decimal("0"))

    meeting_ids_in_activities = {activity.meeting_id for activity in activities if activity.meeting_id}
    meetings = []
    meeting_hours_added = Decimal("0")
    for meeting in (
        Meeting.objects.filter(
            attendances__user=user,
            cancelled=False,
            end__lte=timezone.now(),
            start__date__gte=starts,
            start__date__lte=last,
        )
        .select_related("community")
        .order_by("start", "pk")
    ):
        hours = meeting_hours(meeting)
        counted_as_activity = meeting.pk in meeting_ids_in_activities
        if not counted_as_activity:
            meeting_hours_added += hours
        meetings.append({"meeting": meeting, "hours": hours, "counted_as_activity": counted_as_activity})

    opportunity_ids = {activity.opportunity_id for activity in activities if activity.opportunity_id}
    opportunities = list(
        Opportunity.objects.filter(
            Q(pk__in=opportunity_ids)
            | Q(
                interests__user=user,
                interests__status=InterestStatus.SELECTED,
                starts_at__date__gte=starts,
                starts_at__date__lte=last,
            )
        )
        .distinct()
        .order_by("starts_at", "title")
    )
    communities = sorted({row["meeting"].community.name for row in meetings})
    memberships = list(
        Membership.objects.filter(user=user, is_active=True, joined_on__lte=ends)
        .select_related("group")
        .order_by("group__order", "joined_on")
    )
    return {
        "starts": starts,
        "ends": ends,
        "counted_until": last,
        "memberships": memberships,
        "activity_groups": list(groups.values()),
        "activity_count": len(activities),
        "activity_hours": activity_hours,
        "meetings": meetings,
        "meeting_hours": meeting_hours_added,
        "total_hours": activity_hours + meeting_hours_added,
        "opportunities": opportunities,
        "communities": communities,
    }
