"""The dashboard's figures: each one a few aggregate queries, a chart, a table and a CSV.

Every figure is counted by the database (GROUP BY), never by looping over records in Python, and
each needs the view permission for the data it is made of (see FIGURES at the end). Periods are
inclusive dates; date-time fields are compared on the London clock (Period.start_at/end_before).

Counts mean what their label says: what is "held", "given", "paid" or "attended" has happened by the
period's end or today, whichever is first (a dated record up to Period.last_day_done(), a meeting or
seminar once it has ended); what is still to come is its own "planned" figure; cancelled meetings and
seminars are neither. One record is counted once in a total, even where two groupings share a value.
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from apps.brokering.enums import RequesterRole, RequestKind
from apps.brokering.selectors import answered_between, requests_received_between
from apps.core.enums import OutboxStatus
from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    counts_by_month,
    counts_of,
    month_label,
)
from apps.core.models import OutboxMessage
from apps.core.plugins import app_modules
from apps.evidence import reporting
from apps.evidence.enums import EvidenceKind, FollowUpAfter, ImpactLevel, ImpactStatus
from apps.notifications.models import NotificationPreference

# ----------------------------------------------------------------------------------------------- email


def _email_sources(period: Period) -> list[tuple]:
    """Emails sent, emails failed and unsubscribes in the period: each a queryset and the date-time
    field that places its rows in the period (and in a month)."""
    return [
        (
            OutboxMessage.objects.filter(
                status=OutboxStatus.SENT, sent_at__gte=period.start_at, sent_at__lt=period.end_before
            ),
            "sent_at",
        ),
        (
            OutboxMessage.objects.filter(
                status=OutboxStatus.FAILED, updated_at__gte=period.start_at, updated_at__lt=period.end_before
            ),
            "updated_at",
        ),
        (
            NotificationPreference.objects.filter(
                unsubscribed_at__gte=period.start_at, unsubscribed_at__lt=period.end_before
            ),
            "unsubscribed_at",
        ),
    ]


def email_summary(period: Period) -> list[Stat]:
    """The headline numbers of email_reach alone (3 counts, no months), for the comparison."""
    return _email_stats(*(queryset.count() for queryset, _ in _email_sources(period)))


def _email_stats(sent: int, failed: int, unsubscribed: int) -> list[Stat]:
    return [Stat("Emails sent", sent), Stat("Emails failed", failed), Stat("Unsubscribes", unsubscribed)]


def email_reach(period: Period) -> Figure:
    """Email sent, failed and unsubscribes by month, from the outbox (3 queries)."""
    sent, failed, unsubscribed = (
        counts_by_month(queryset, field) for queryset, field in _email_sources(period)
    )
    months = period.months()
    rows = [[month_label(m), sent.get(m, 0), failed.get(m, 0), unsubscribed.get(m, 0)] for m in months]
    rows.append(["Whole period", sum(sent.values()), sum(failed.values()), sum(unsubscribed.values())])
    return Figure(
        slug="email",
        title="Email reach",
        description="Emails the portal sent, emails it could not deliver, and people who unsubscribed.",
        columns=[("Month", "text"), ("Sent", "int"), ("Failed", "int"), ("Unsubscribed", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-email",
            title="Emails sent and failed, and unsubscribes, by month",
            description="For each month, bars for emails sent, emails failed and people who unsubscribed.",
            categories=[row[0] for row in rows[:-1]],
            series=[
                ("Sent", [row[1] for row in rows[:-1]]),
                ("Failed", [row[2] for row in rows[:-1]]),
                ("Unsubscribed", [row[3] for row in rows[:-1]]),
            ],
        ),
        summary=_email_stats(*rows[-1][1:]),
        note="Unsubscribes count people whose last unsubscribe fell in the period and who have not "
        "asked for email again since.",
    )


# ------------------------------------------------------------------------------------ impact evidence


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


# ------------------------------------------------------------------------------------- knowledge brokering


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


# ---------------------------------------------------------------------------------------------- registry


_NOT_YET_OFFERED = [
    FigureSpec(
        "email",
        "Email reach",
        "Email",
        ("core.view_outboxmessage",),
        email_reach,
        summarise=email_summary,
        order=110,
    ),
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


def _offered_figures() -> list[FigureSpec]:
    """Every app's figures (`<app>.figures.figures()`), in their dashboard order."""
    offered = list(_NOT_YET_OFFERED)
    for module in app_modules("figures"):
        offer = getattr(module, "figures", None)
        if offer is not None:
            offered.extend(offer())
    return sorted(offered, key=lambda spec: spec.order)


FIGURES = _offered_figures()
FIGURES_BY_SLUG = {spec.slug: spec for spec in FIGURES}


def figures_for(user) -> list[FigureSpec]:
    """The figures this person may see: those whose every permission they hold (has_perms already asks
    User.has_staff_powers: active staff past the second factor)."""
    return [spec for spec in FIGURES if user.has_perms(spec.permissions)]


def build_with_comparison(spec: FigureSpec, period: Period) -> Figure:
    """The figure for the period, its headline numbers carrying those of the previous period."""
    figure = spec.build(period)
    previous_period = period.previous()
    earlier = spec.summarise(previous_period) if spec.summarise else spec.build(previous_period).summary
    for stat, previous in zip(figure.summary, earlier, strict=True):
        stat.previous = previous.value
    return figure
