"""The "you said, we did" figure on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
)

from .selectors import entries_count_by_standard


def impact_by_standard(period: Period) -> Figure:
    """Published "you said, we did" entries dated in the period, by standard (1 query)."""
    rows = [
        [standard.name, count]
        # An entry dated after today is not a change that has happened yet.
        for standard, count in entries_count_by_standard(start=period.start, end=period.last_day_done())
    ]
    return Figure(
        slug="impact-log",
        title="You said, we did: changes by UK Standard",
        description="Published entries of the impact log dated in the period (up to today), by the UK "
        "Standard for Public Involvement they show.",
        columns=[("UK Standard for Public Involvement", "text"), ("Entries", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-impact-standards",
            title="Impact log entries by UK Standard",
            description="One bar per standard.",
            categories=[row[0] for row in rows],
            series=[("Entries", [row[1] for row in rows])],
        ),
        summary=[Stat("Entries showing Impact", dict(rows).get("Impact", 0))],
        note="An entry that shows two standards counts under each.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "impact-log",
            "You said, we did",
            "Patient and public involvement",
            ("impact.view_impactentry",),
            impact_by_standard,
            order=40,
        ),
    ]
