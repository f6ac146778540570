"""The period a dashboard shows: the UK financial year (1 April to 31 March) unless asked otherwise.

`Period` itself is plain data in apps/core/figures.py (every app's figures take one); this module reads it
from the query string."""

from datetime import date

from django import forms
from django.utils import timezone

from apps.core.figures import Period, financial_year_of, financial_year_starting
from apps.core.forms import iso_date_field

# Longer periods than this are refused: a typo in a year should not ask for a century of figures.
LONGEST_PERIOD_DAYS = 366 * 10


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


__all__ = ["Period", "PeriodForm", "financial_year_of", "financial_year_starting", "period_from_query"]
