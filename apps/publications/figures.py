"""The figure of publications on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from collections import defaultdict

from django.db.models import Count

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
)

from .enums import PublicationStatus, PublicationType
from .models import Publication

PUBLICATION_YEARS_SHOWN = 5


def publications_by_year(period: Period) -> Figure:
    """Publications per year by type and by stage, for the five years up to the period's end (1 query)."""
    last_year = period.end.year
    first_year = min(last_year - PUBLICATION_YEARS_SHOWN + 1, period.start.year)
    counts = defaultdict(int)
    for year, kind, status, count in (
        Publication.objects.filter(year__gte=first_year, year__lte=last_year)
        .values("year", "type", "status")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("year", "type", "status", "count")
    ):
        # A type and a stage can share a value (conference abstract): each is its own count.
        counts[(year, "type", kind)] += count
        counts[(year, "stage", status)] += count
        counts[(year, "total")] += count
    years = list(range(last_year, first_year - 1, -1))
    rows = [
        [str(year)]
        + [counts[(year, "type", value)] for value, _ in PublicationType.choices]
        + [counts[(year, "stage", value)] for value, _ in PublicationStatus.choices]
        + [counts[(year, "total")]]
        for year in years
    ]
    columns = [("Year", "text")] + [(label, "int") for _, label in PublicationType.choices]
    # A type and a stage can share a name (conference abstract): the stage columns say "stage".
    columns += [(f"Stage: {label}", "int") for _, label in PublicationStatus.choices]
    columns += [("Total", "int")]
    stage_index = {
        value: len(PublicationType.choices) + 1 + i for i, value in enumerate(PublicationStatus.values)
    }
    return Figure(
        slug="publications",
        title="Publications by year, type and stage",
        description="Items in the library by their year, by type and by stage (from conference abstract "
        "to final report).",
        columns=columns,
        rows=rows,
        chart=BarChart(
            chart_id="chart-publications",
            title="Publications per year, published and in press",
            description="For each year, a bar for publications published and a bar for those in press.",
            categories=[row[0] for row in rows],
            series=[
                ("Published", [row[stage_index[PublicationStatus.PUBLISHED]] for row in rows]),
                ("In press", [row[stage_index[PublicationStatus.IN_PRESS]] for row in rows]),
            ],
        ),
        summary=[Stat(f"Publications dated {last_year}", counts[(last_year, "total")])],
        note="Publications are counted by their year, so this figure covers whole calendar years.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "publications",
            "Publications",
            "Publications",
            ("publications.view_publication",),
            publications_by_year,
            order=100,
        ),
    ]
