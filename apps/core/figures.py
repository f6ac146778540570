"""Plain data of the staff dashboard's figures, which each app offers through its `figures.py` plugin.

An app's `figures.py` defines `figures() -> [FigureSpec]`: each figure's slug, title, area, the view
permissions of the data it counts, and `build(period) -> Figure` (a few GROUP BY queries, never a loop
over records), with an `order` that places it on the dashboard. The staff area only composes them
(`apps/staff/figures.py`), checks the permissions, and draws the charts, tables and CSVs; a figure's
chart is a `BarChart`: what to draw, not how.

Periods are inclusive dates; date-time fields are compared on the London clock (Period.start_at/end_before).
Counts mean what their label says: what is "held", "given", "paid" or "attended" has happened by the
period's end or today, whichever is first (a dated record up to Period.last_day_done(), a meeting or
seminar once it has ended); what is still to come is its own "planned" figure; cancelled meetings and
seminars are neither. One record is counted once in a total, even where two groupings share a value.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

ZERO = Decimal("0")


# ---------------------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive: the period's last day

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> datetime:
        """The first moment of the period on the London clock (for date-time fields)."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (exclusive end, for date-time fields)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def last_day_done(self, today: date | None = None) -> date:
        """The last day whose dated records have happened: the period's last day or today (on the London
        clock), whichever comes first. Before the period's first day when the whole period is to come."""
        return min(self.end, today or timezone.localdate())

    @property
    def is_financial_year(self) -> bool:
        return (self.start.month, self.start.day) == (4, 1) and self.end == date(self.start.year + 1, 3, 31)

    @property
    def label(self) -> str:
        if self.is_financial_year:
            return f"financial year {self.start.year} to {self.end.year}"
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    @property
    def query(self) -> str:
        return f"start={self.start:%Y-%m-%d}&end={self.end:%Y-%m-%d}"

    @property
    def file_suffix(self) -> str:
        return f"{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"

    def previous(self) -> "Period":
        """The period of the same length just before: the previous financial year, the same number of
        whole months, or else the same number of days."""
        if self.is_financial_year:
            return financial_year_starting(self.start.year - 1)
        if self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = _add_months(current, 1)
        return months


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def financial_year_starting(year: int) -> Period:
    return Period(date(year, 4, 1), date(year + 1, 3, 31))


def financial_year_of(day: date) -> Period:
    return financial_year_starting(day.year if day.month >= 4 else day.year - 1)


# ------------------------------------------------------------------------------------------ formatting


def format_value(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "hours":
        text = f"{Decimal(value):,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if kind == "money":
        return f"£{Decimal(value):,.2f}"
    if kind == "score":
        return f"{Decimal(value):.1f}"
    if kind == "percent":
        return f"{Decimal(value):.1f}%"
    if kind == "int":
        return f"{value:,}"
    return str(value)


def csv_value(value, kind: str):
    """What a spreadsheet should get: plain numbers (no £ or thousands commas), text as it is."""
    if value is None:
        return ""
    if kind in ("hours", "money", "score", "percent"):
        return str(Decimal(value).quantize(Decimal("0.01")))
    return value


@dataclass
class Stat:
    """A headline number, compared with the previous period by the view."""

    label: str
    value: object
    kind: str = "int"
    previous: object = None

    @property
    def text(self) -> str:
        return format_value(self.value, self.kind)

    @property
    def previous_text(self) -> str:
        return format_value(self.previous, self.kind)

    @property
    def change_text(self) -> str:
        if self.previous is None or self.value is None:
            return ""
        difference = Decimal(self.value) - Decimal(self.previous)
        if difference == 0:
            return "no change"
        word = "up" if difference > 0 else "down"
        if self.kind == "percent":
            # Two shares differ by percentage points, not by a percent of either.
            return f"{word} {format_value(abs(difference), 'score')} percentage points"
        return f"{word} {format_value(abs(difference), self.kind)}"


@dataclass(frozen=True)
class BarChart:
    """What a figure's chart shows: horizontal bars, one group per category and one bar per series (at
    most three), values formatted like the table's `value_kind`. The staff area draws it
    (apps/staff/charts.py)."""

    chart_id: str
    title: str
    description: str
    categories: list[str]
    series: list[tuple[str, list]]
    value_kind: str = "int"


@dataclass
class Figure:
    slug: str
    title: str
    description: str
    columns: list[tuple[str, str]]  # (heading, kind)
    rows: list[list]
    chart: "BarChart | None" = None
    summary: list[Stat] = field(default_factory=list)
    note: str = ""

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _ in self.columns]

    @property
    def display_rows(self) -> list[list[str]]:
        return [
            [format_value(v, kind) for v, (_, kind) in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]

    def csv_rows(self) -> list[list]:
        return [self.headings] + [
            [csv_value(v, kind) for v, (_, kind) in zip(row, self.columns, strict=True)] for row in self.rows
        ]


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


def as_date(value) -> date:
    """TruncMonth gives a date for a date field and an aware date-time for a date-time field."""
    if hasattr(value, "hour"):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def counts_of(queryset, key: str) -> dict:
    """{each value of `key`: how many rows have it}, counted by the database (one GROUP BY)."""
    return dict(queryset.values(key).annotate(count=Count("pk")).order_by().values_list(key, "count"))


def counts_by_month(queryset, field: str) -> dict[date, int]:
    """{first day of each month: how many rows have `field` in it} (one GROUP BY)."""
    by_month = counts_of(queryset.annotate(month=TruncMonth(field)), "month")
    return {as_date(month): count for month, count in by_month.items()}


# ----------------------------------------------------------------------------------------- what apps offer


@dataclass(frozen=True)
class FigureSpec:
    slug: str
    title: str
    area: str
    permissions: tuple[str, ...]
    build: Callable[[Period], Figure]
    # A cheaper way to the same headline numbers, for the previous period's comparison.
    summarise: Callable[[Period], list[Stat]] | None = None
    # Where it stands on the dashboard, the annual report and the CSV zip (lowest first).
    order: int = field(default=1000, kw_only=True)
