"""Email reach on the staff dashboard: the outbox's emails and the unsubscribes (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from apps.core.enums import OutboxStatus
from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    counts_by_month,
    month_label,
)
from apps.core.models import OutboxMessage

from .models import NotificationPreference


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


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "email",
            "Email reach",
            "Email",
            ("core.view_outboxmessage",),
            email_reach,
            summarise=email_summary,
            order=110,
        ),
    ]
