"""The figures of impact outside the unit on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from decimal import Decimal

from django.db.models import Count, Q

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    counts_of,
)

from . import reporting
from .enums import EvidenceKind, FollowUpAfter, ImpactLevel, ImpactStatus


def impacts_by_level(period: Period) -> Figure:
    """Impacts going on in the period by level and status, and those still to start (1 query)."""
    last_day = period.last_day_done()
    counts = {
        (row["level"], row["status"]): row
        for row in reporting.impacts_going_on(start=period.start, end=period.end)
        .values("level", "status")
        .annotate(
            started=Count("pk", filter=Q(started_on__lte=last_day)),
            to_start=Count("pk", filter=Q(started_on__gt=last_day)),
        )
        .order_by()
    }

    def row_for(label: str, levels) -> list:
        by_status = [
            sum(counts.get((level, status), {}).get("started", 0) for level in levels)
            for status in ImpactStatus.values
        ]
        to_start = sum(
            counts.get((level, status), {}).get("to_start", 0)
            for level in levels
            for status in ImpactStatus.values
        )
        return [label, *by_status, sum(by_status), to_start]

    rows = [row_for(label.split(":")[0], [level]) for level, label in ImpactLevel.choices]
    rows.append(row_for("All levels", ImpactLevel.values))
    statuses = list(ImpactStatus.choices)
    total = rows[-1]
    return Figure(
        slug="impacts-by-level",
        title="Impacts by level and status",
        description="Changes outside the unit that were going on in the period, by how far they went "
        "(engagement, adoption, benefit) and how sure we are (claimed, evidenced, verified).",
        columns=[
            ("Level", "text"),
            *((label, "int") for _, label in statuses),
            ("All impacts", "int"),
            ("Still to start", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-impacts-by-level",
            title="Impacts by level, claimed, evidenced and verified",
            description="For each level, a bar for the impacts claimed, evidenced and verified; the table "
            "below has the figures.",
            categories=[row[0] for row in rows[:-1]],
            series=[
                (label, [row[1 + index] for row in rows[:-1]]) for index, (_, label) in enumerate(statuses)
            ],
        ),
        summary=[
            Stat("Impacts", total[len(statuses) + 1]),
            Stat("Verified impacts", total[1 + ImpactStatus.values.index(ImpactStatus.VERIFIED)]),
            Stat("Impacts still to start", total[-1]),
        ],
        note="An impact counts once it has started (by the period's end or today, whichever is first) "
        "and while it goes on: one that ended before the period began is left out, and one that starts "
        "later is still to start, not counted. Staff-only and public impacts count alike; each impact "
        "counts once, at its level and status now.",
    )


def impact_evidence_items(period: Period) -> Figure:
    """Evidence items dated in the period, by kind, and the impacts they back (2 queries)."""
    items = reporting.evidence_items_dated(start=period.start, last_day=period.last_day_done())
    counts = counts_of(items, "kind")
    impacts = items.aggregate(impacts=Count("impact", distinct=True))["impacts"]
    rows = [[label, counts.get(kind, 0)] for kind, label in EvidenceKind.choices]
    rows.append(["All evidence", sum(counts.values())])
    return Figure(
        slug="impact-evidence",
        title="Evidence of impact",
        description="Evidence items dated in the period (letters, documents, figures, citations and "
        "contacts who can confirm a change), by kind.",
        columns=[("Kind of evidence", "text"), ("Evidence items", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-impact-evidence",
            title="Evidence items by kind",
            description="One bar per kind of evidence.",
            categories=[row[0] for row in rows[:-1]],
            series=[("Evidence items", [row[1] for row in rows[:-1]])],
        ),
        summary=[Stat("Evidence items", rows[-1][1]), Stat("Impacts with new evidence", impacts)],
        note="An item counts by its own date (the letter's, the figure's), up to the period's end or "
        "today, whichever is first.",
    )


def impact_follow_ups(period: Period) -> Figure:
    """ "Did it help?" follow-ups of answered requests for evidence: those sent in the period, how many
    were answered (the response rate), and the answers in the period that named a decision (2 queries)."""
    sent = {
        row["after_days"]: row
        for row in reporting.request_follow_ups_sent(start_at=period.start_at, end_before=period.end_before)
        .values("after_days")
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__lt=period.end_before)))
        .order_by()
    }
    decisions = counts_of(
        reporting.request_follow_ups_answered(start_at=period.start_at, end_before=period.end_before).filter(
            reporting.decision_given()
        ),
        "after_days",
    )

    def row_for(label: str, kinds) -> list:
        sent_count = sum(sent.get(kind, {}).get("sent", 0) for kind in kinds)
        answered = sum(sent.get(kind, {}).get("answered", 0) for kind in kinds)
        rate = (Decimal(answered) * 100 / sent_count).quantize(Decimal("0.1")) if sent_count else None
        return [label, sent_count, answered, rate, sum(decisions.get(kind, 0) for kind in kinds)]

    rows = [row_for(f"After {label}", [value]) for value, label in FollowUpAfter.choices]
    rows.append(row_for("All follow-ups", FollowUpAfter.values))
    return Figure(
        slug="impact-follow-ups",
        title="Follow-ups: did the evidence help?",
        description="The short emails that ask people we answered whether the evidence helped: how many "
        "went, how many were answered, and the decisions people told us it informed.",
        columns=[
            ("Follow-up", "text"),
            ("Sent", "int"),
            ("Answered", "int"),
            ("Response rate", "percent"),
            ("Decisions informed", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-impact-follow-ups",
            title="Follow-ups sent and answered, and decisions informed",
            description="For the follow-ups after 30 and after 90 days, bars for those sent, those answered "
            "and the answers that named a decision.",
            categories=[row[0] for row in rows[:-1]],
            series=[
                ("Sent", [row[1] for row in rows[:-1]]),
                ("Answered", [row[2] for row in rows[:-1]]),
                ("Decisions informed", [row[4] for row in rows[:-1]]),
            ],
        ),
        summary=[
            Stat("Decisions informed", rows[-1][4]),
            Stat("Follow-up response rate", rows[-1][3], "percent"),
        ],
        note="Sent, answered and the response rate are for the follow-ups sent in the period (answered by "
        "its end); “–” when none were sent. Decisions informed counts the answers given in the period "
        "that named a decision, whenever their follow-up went. Seminar “Did you?” follow-ups are not "
        "counted here.",
    )


def figures() -> list[FigureSpec]:
    return [
        # Those who read impacts (/staff/impacts/, its follow-ups) see these; evidence items need their own.
        FigureSpec(
            "impacts-by-level",
            "Impacts by level and status",
            "Impact outside the unit",
            ("evidence.view_impact",),
            impacts_by_level,
            order=150,
        ),
        FigureSpec(
            "impact-evidence",
            "Evidence of impact",
            "Impact outside the unit",
            ("evidence.view_impact", "evidence.view_evidenceitem"),
            impact_evidence_items,
            order=160,
        ),
        FigureSpec(
            "impact-follow-ups",
            "Follow-ups and decisions informed",
            "Impact outside the unit",
            ("evidence.view_impact",),
            impact_follow_ups,
            order=170,
        ),
    ]
