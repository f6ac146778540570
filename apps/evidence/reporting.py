"""What the staff dashboard counts of impacts, their evidence and follow-ups (apps/evidence/figures.py builds
the figures from these). Each read is a queryset the dashboard groups in the database.

Counts mean what their label says: an impact counts in a period once it has started (by the period's
end or today, whichever is first) and while it goes on (not ended before the period began); one that
starts later is "still to start", never counted as done. An evidence item counts by its date, a
follow-up by when it was sent or answered. Staff-only and public impacts count alike: the dashboard is
for staff.
"""

from datetime import date, datetime

from django.db.models import Q, QuerySet

from .models import EvidenceItem, FollowUp, Impact


def impacts_going_on(*, start: date, end: date) -> QuerySet[Impact]:
    """Impacts that started by `end` (the period's last day) and had not ended before `start`. Count
    those started by the last day done apart from those still to start (`started_on` after it)."""
    return Impact.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


def evidence_items_dated(*, start: date, last_day: date) -> QuerySet[EvidenceItem]:
    """Evidence items dated from `start` to `last_day` (the period's end or today)."""
    return EvidenceItem.objects.filter(dated_on__gte=start, dated_on__lte=last_day)


def request_follow_ups_sent(*, start_at: datetime, end_before: datetime) -> QuerySet[FollowUp]:
    """ "Did it help?" follow-ups of answered requests for evidence sent in [start_at, end_before)."""
    return FollowUp.objects.for_requests().filter(sent_at__gte=start_at, sent_at__lt=end_before)


def request_follow_ups_answered(*, start_at: datetime, end_before: datetime) -> QuerySet[FollowUp]:
    """Follow-ups of requests answered in [start_at, end_before) (whenever they were sent)."""
    return FollowUp.objects.for_requests().filter(
        sent_at__isnull=False, answered_at__gte=start_at, answered_at__lt=end_before
    )


def decision_given() -> Q:
    """An answer that names the decision the evidence informed (a blank answer names none)."""
    return ~Q(decision_informed="")
