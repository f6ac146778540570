"""The figures of knowledge brokering on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
)

from .enums import RequesterRole, RequestKind
from .selectors import answered_between, requests_received_between


def brokering_requesters(period: Period) -> Figure:
    """Requests for evidence received in the period, by who asked (1 query)."""
    counts = {
        row["requester_role"]: row
        for row in requests_received_between(start_at=period.start_at, end_before=period.end_before)
        .values("requester_role")
        .annotate(
            received=Count("pk"),
            research=Count("pk", filter=Q(kind=RequestKind.RESEARCH_SUPPORT)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
        )
        .order_by()
    }
    rows = []
    for role, label in RequesterRole.choices:
        row = counts.get(role, {})
        rows.append([label, row.get("received", 0), row.get("research", 0), row.get("answered", 0)])
    rows.append(["Everyone", *(sum(row[index] for row in rows) for index in (1, 2, 3))])
    return Figure(
        slug="brokering-requesters",
        title="Requests for evidence by who asked",
        description="Questions sent to the knowledge brokers in the period, by the kind of person who asked.",
        columns=[
            ("Who asked", "text"),
            ("Requests", "int"),
            ("Of which research support", "int"),
            ("Answered so far", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-brokering-requesters",
            title="Requests for evidence by who asked",
            description="One bar per kind of person for requests received; the table below has the figures.",
            categories=[row[0] for row in rows[:-1]],
            series=[("Requests", [row[1] for row in rows[:-1]])],
        ),
        summary=[Stat("Requests for evidence", rows[-1][1])],
        note="Research support: researchers asking for help as they design a study or a funding bid.",
    )


def _median(values: list[int]):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def _answered_days(period: Period) -> list[tuple[str, int, bool | None]]:
    """(who asked, days from asking to answer, answered on time or None without a date) for requests
    answered in the period. One query of three small columns: a median needs every value, and the
    unit answers hundreds of questions a year, not millions."""
    result = []
    for role, created_at, answered_at, due_on, needed_by in answered_between(
        start_at=period.start_at, end_before=period.end_before
    ).values_list("requester_role", "created_at", "answered_at", "due_on", "needed_by"):
        answered_on = timezone.localtime(answered_at).date()
        days = (answered_on - timezone.localtime(created_at).date()).days
        deadline = due_on or needed_by
        result.append((role, days, None if deadline is None else answered_on <= deadline))
    return result


def brokering_time_to_answer(period: Period) -> Figure:
    """Median days from a question to its answer, for questions answered in the period (1 query)."""
    answered = _answered_days(period)
    rows = []
    for role, label in RequesterRole.choices:
        days = [d for r, d, _ in answered if r == role]
        rows.append([label, len(days), _median(days)])
    rows.append(["Everyone", len(answered), _median([d for _, d, _ in answered])])
    return Figure(
        slug="brokering-time-to-answer",
        title="Time to answer a request for evidence",
        description="Requests answered in the period, and the median days from asking to the answer.",
        columns=[("Who asked", "text"), ("Answered", "int"), ("Median days to answer", "score")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-brokering-time-to-answer",
            title="Median days to answer, by who asked",
            description="One bar per kind of person: the median days from asking to the answer.",
            categories=[row[0] for row in rows],
            # No median (nobody answered) is "–" in the table, so it is no bar, not a bar of 0.0.
            series=[("Median days", [row[2] for row in rows])],
            value_kind="score",
        ),
        summary=[Stat("Median days to answer", rows[-1][2], "score")],
        note="Calendar days on the London clock, from the day the question came in to the day we answered.",
    )


def brokering_on_time(period: Period) -> Figure:
    """Requests answered in the period by their due date, late, or with no date (1 query)."""
    answered = _answered_days(period)
    on_time = sum(1 for _, _, kept in answered if kept is True)
    late = sum(1 for _, _, kept in answered if kept is False)
    undated = sum(1 for _, _, kept in answered if kept is None)
    rows = [
        ["On time", on_time],
        ["Late", late],
        ["No date asked for", undated],
        ["All answered", len(answered)],
    ]
    dated = on_time + late
    share = (Decimal(on_time) * 100 / dated).quantize(Decimal("0.1")) if dated else None
    return Figure(
        slug="brokering-on-time",
        title="Requests for evidence answered on time",
        description="Requests answered in the period: by the date agreed (the due date we set, otherwise the "
        "date the person said they needed it), late, or with no date.",
        columns=[("Answered", "text"), ("Requests", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-brokering-on-time",
            title="Requests answered on time and late",
            description="Bars for requests answered on time, late and with no date.",
            categories=[row[0] for row in rows[:-1]],
            series=[("Requests", [row[1] for row in rows[:-1]])],
        ),
        summary=[Stat("Answered on time (of those with a date)", share, "percent")],
        note="On time: answered on or before the date. Requests with no date are left out of the share.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "brokering-requesters",
            "Requests for evidence by who asked",
            "Knowledge brokering",
            ("brokering.view_evidencerequest",),
            brokering_requesters,
            order=120,
        ),
        FigureSpec(
            "brokering-time-to-answer",
            "Time to answer",
            "Knowledge brokering",
            ("brokering.view_evidencerequest",),
            brokering_time_to_answer,
            order=130,
        ),
        FigureSpec(
            "brokering-on-time",
            "Answered on time",
            "Knowledge brokering",
            ("brokering.view_evidencerequest",),
            brokering_on_time,
            order=140,
        ),
    ]
