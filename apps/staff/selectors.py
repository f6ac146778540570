"""Reads of the staff area's own records."""

from .models import ReportNarrative
from .periods import Period


def report_narrative_for(period: Period) -> ReportNarrative | None:
    """The narrative staff wrote for exactly this period (its first and last day), if any."""
    return ReportNarrative.objects.filter(starts_on=period.start, ends_on=period.end).first()
