"""The figures of patient and public involvement on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from apps.core.figures import (
    ZERO,
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    as_date,
    counts_of,
    month_label,
)

from .enums import InterestStatus, OpportunityStatus, PaymentStatus
from .models import Activity, Group, Interest, Opportunity
from .models import Membership as GroupMembership

SELECTED = InterestStatus.SELECTED
INVOLVEMENT = ("involvement.view_activity", "involvement.view_membership", "involvement.view_opportunity")


def _activities(period: Period):
    return Activity.objects.filter(date__gte=period.start, date__lte=period.end)


def _involvement_measures(period: Period) -> dict:
    """What the involvement figures add up, for a month, a group or the whole period: activities, hours,
    payments (amounts due for paid activities) and members taking part, counting only activities that
    have happened (dated up to the period's end or today, whichever is first); and apart from them the
    activities, hours and payments planned (dated after today)."""
    last_day = period.last_day_done()
    done, planned = Q(date__lte=last_day), Q(date__gt=last_day)
    paid = ~Q(payment_status=PaymentStatus.NOT_DUE)
    return {
        "count": Count("pk", filter=done),
        "hours_done": Sum("hours", filter=done),
        "amount": Sum("amount_due", filter=done & paid),
        "members": Count("user", distinct=True, filter=done),
        "planned": Count("pk", filter=planned),
        "hours_planned": Sum("hours", filter=planned),
        "amount_planned": Sum("amount_due", filter=planned & paid),
    }


def _involvement_totals(period: Period) -> dict:
    return _activities(period).aggregate(**_involvement_measures(period))


def _involvement_stats(totals: dict) -> list[Stat]:
    return [
        Stat("Hours of involvement", totals["hours_done"] or ZERO, "hours"),
        Stat("Payments", totals["amount"] or ZERO, "money"),
        Stat("Active members", totals["members"]),
        Stat("Hours planned", totals["hours_planned"] or ZERO, "hours"),
        Stat("Payments planned", totals["amount_planned"] or ZERO, "money"),
    ]


def involvement_summary(period: Period) -> list[Stat]:
    """The headline numbers of involvement_by_month alone (1 query), for the comparison."""
    return _involvement_stats(_involvement_totals(period))


def _involvement_row(label: str, row: dict) -> list:
    return [
        label,
        row.get("count", 0),
        row.get("hours_done") or ZERO,
        row.get("amount") or ZERO,
        row.get("members", 0),
        row.get("planned", 0),
        row.get("hours_planned") or ZERO,
        row.get("amount_planned") or ZERO,
    ]


def involvement_by_month(period: Period) -> Figure:
    """Hours and payments of involvement activities by month, done and planned (2 queries)."""
    by_month = {
        as_date(row["month"]): row
        for row in _activities(period)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**_involvement_measures(period))
        .order_by("month")
    }
    totals = _involvement_totals(period)
    rows = [_involvement_row(month_label(month), by_month.get(month, {})) for month in period.months()]
    rows.append(_involvement_row("Whole period", totals))
    return Figure(
        slug="involvement-by-month",
        title="Involvement: hours and payments by month",
        description="Time patient and public members gave, and what they are paid for it, by month; "
        "activities still to come are shown apart as planned.",
        columns=[
            ("Month", "text"),
            ("Activities", "int"),
            ("Hours", "hours"),
            ("Payments", "money"),
            ("Members taking part", "int"),
            ("Activities planned", "int"),
            ("Hours planned", "hours"),
            ("Payments planned", "money"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-involvement-by-month",
            title="Hours of involvement by month, given and planned",
            description="For each month, a bar for the hours members gave and a bar for the hours planned "
            "in activities still to come; the table below has the figures.",
            categories=[row[0] for row in rows[:-1]],
            series=[
                ("Hours", [row[2] for row in rows[:-1]]),
                ("Hours planned", [row[6] for row in rows[:-1]]),
            ],
            value_kind="hours",
        ),
        summary=_involvement_stats(totals),
        note="Hours, payments and members count activities that have happened (dated up to the period's "
        "end or today, whichever is first); activities dated after today are planned. Payments are the "
        "amounts due for paid activities (approved, paid or waiting for approval).",
    )


def involvement_by_group(period: Period) -> Figure:
    """Hours, payments, active and new members for each group, and the people who joined (4 queries)."""
    activity_rows = {
        row["user__involvement_memberships__group"]: row
        for row in _activities(period)
        .filter(user__involvement_memberships__isnull=False)
        .values("user__involvement_memberships__group")
        .annotate(**_involvement_measures(period))
        .order_by()
    }
    joined = GroupMembership.objects.filter(
        joined_on__gte=period.start, joined_on__lte=period.last_day_done()
    )
    new_members = counts_of(joined, "group")
    # A person who joined two groups is a new member of each, and one person who joined.
    people_joined = joined.aggregate(people=Count("user", distinct=True))["people"]
    rows = []
    for group in Group.objects.order_by("order", "name"):
        row = activity_rows.get(group.pk, {})
        rows.append(
            [
                group.name,
                row.get("hours_done") or ZERO,
                row.get("amount") or ZERO,
                row.get("members", 0),
                new_members.get(group.pk, 0),
                row.get("hours_planned") or ZERO,
            ]
        )
    return Figure(
        slug="involvement-by-group",
        title="Involvement: each group",
        description="Hours, payments, members who took part and members who joined, for each group, and "
        "the hours planned in activities still to come.",
        columns=[
            ("Group", "text"),
            ("Hours", "hours"),
            ("Payments", "money"),
            ("Active members", "int"),
            ("New members", "int"),
            ("Hours planned", "hours"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-involvement-by-group",
            title="Active and new members of each group",
            description="For each group, a bar for members who took part and a bar for members who joined.",
            categories=[row[0] for row in rows],
            series=[("Active members", [row[3] for row in rows]), ("New members", [row[4] for row in rows])],
        ),
        summary=[Stat("People who joined a group", people_joined)],
        note="A member of two groups counts in each, so the groups can add up to more than the whole; "
        "“People who joined a group” counts each person once. Only activities that have happened count "
        "towards hours, payments and active members.",
    )


def involvement_opportunities(period: Period) -> Figure:
    """Opportunities published in the period, places offered and filled, by group (6 small queries:
    by group and in all, because an opportunity open to two groups must count once in all)."""
    offered = Opportunity.objects.filter(
        published_at__gte=period.start_at, published_at__lt=period.end_before
    ).exclude(status=OpportunityStatus.DRAFT)
    selected = Interest.objects.filter(status=SELECTED, opportunity__in=offered)
    full = Opportunity.objects.filter(
        pk__in=offered.annotate(
            filled=Count("interests", filter=Q(interests__status=InterestStatus.SELECTED))
        )
        .filter(filled__gte=F("places"))
        .values("pk")
    )
    by_group = defaultdict(dict)
    for row in offered.values("groups").annotate(opportunities=Count("pk"), places=Sum("places")).order_by():
        by_group[row["groups"]].update(row)
    for group_id, count in counts_of(selected, "opportunity__groups").items():
        by_group[group_id]["filled"] = count
    for group_id, count in counts_of(full, "groups").items():
        by_group[group_id]["full"] = count
    totals = offered.aggregate(opportunities=Count("pk"), places=Sum("places"))
    totals["filled"] = selected.count()
    totals["full"] = full.count()
    rows = []
    for group in Group.objects.order_by("order", "name"):
        row = by_group.get(group.pk, {})
        rows.append(
            [
                group.name,
                row.get("opportunities", 0),
                row.get("places") or 0,
                row.get("filled") or 0,
                row.get("full", 0),
            ]
        )
    rows.append(
        ["All groups", totals["opportunities"], totals["places"] or 0, totals["filled"] or 0, totals["full"]]
    )
    return Figure(
        slug="involvement-opportunities",
        title="Opportunities offered and filled",
        description="Opportunities published in the period, the places they offered and the places filled.",
        columns=[
            ("Group", "text"),
            ("Opportunities offered", "int"),
            ("Places offered", "int"),
            ("Places filled", "int"),
            ("Opportunities filled", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-involvement-opportunities",
            title="Places offered and filled",
            description="For each group and for all groups, places offered beside places filled.",
            categories=[row[0] for row in rows],
            series=[
                ("Places offered", [row[2] for row in rows]),
                ("Places filled", [row[3] for row in rows]),
            ],
        ),
        summary=[
            Stat("Opportunities offered", totals["opportunities"]),
            Stat("Places filled", totals["filled"] or 0),
        ],
        note="An opportunity open to two groups counts in each. Filled places are members selected.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "involvement-by-month",
            "Involvement by month",
            "Patient and public involvement",
            INVOLVEMENT,
            involvement_by_month,
            summarise=involvement_summary,
            order=10,
        ),
        FigureSpec(
            "involvement-by-group",
            "Involvement by group",
            "Patient and public involvement",
            INVOLVEMENT,
            involvement_by_group,
            order=20,
        ),
        FigureSpec(
            "involvement-opportunities",
            "Opportunities offered and filled",
            "Patient and public involvement",
            INVOLVEMENT,
            involvement_opportunities,
            order=30,
        ),
    ]
