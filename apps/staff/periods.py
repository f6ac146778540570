"""The period a dashboard shows: the UK financial year (1 April to 31 March) unless asked otherwise."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from apps.core.forms import iso_date_field

# Longer periods than this are refused: a typo in a year should not ask for a century of figures.
LONGEST_PERIOD_DAYS = 366 * 10


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


class PeriodForm(forms.Form):
    start = iso_date_field(
        label="From",
        invalid="Enter the first day as a date, for example 2026-04-01.",
        required="Enter the first day of the period as well.",
    )
    end = iso_date_field(
        label="To",
        invalid="Enter the last day as a date, for example 2027-03-31.",
        required="Enter the last day of the period as well.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start.year < 1990:
            self.add_error("start", "Choose a first day in 1990 or later.")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif (end - start).days >= LONGEST_PERIOD_DAYS:
                self.add_error("end", "Choose a period of ten years or less.")
        return cleaned


def period_from_query(params, *, today: date | None = None) -> tuple[Period, PeriodForm | None]:
    """The period asked for in ?start=&end= (both or neither), with the form when something was asked.

    With no dates the current financial year; with bad dates the current financial year and a form
    whose errors say what was wrong.
    """
    today = today or timezone.localdate()
    default = financial_year_of(today)
    if not params.get("start") and not params.get("end"):
        return default, None
    form = PeriodForm(params)
    if form.is_valid():
        return Period(form.cleaned_data["start"], form.cleaned_data["end"]), form
    return default, form
