"""Reminders for knowledge brokers, through the notifications app's reminders.

Two occasions for each open request:
- **a decision is overdue**: a new request that has waited 5 working days. Its occasion starts one day
  after that mark and is offered only once the mark has passed, so the reminder that goes is the
  "1 day before" one, at the mark (and never the "7 days before" one, earlier). Who hears: the assigned
  broker, or every knowledge broker while nobody is assigned.
- **the due date nears**: an accepted or in-progress request with a due date and a broker; the usual
  offsets before the due date (a week and a day before, REMINDER_OFFSETS).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.core.contracts import Attendee, Occasion

from .enums import RequestStatus
from .models import EvidenceRequest
from .selectors import DECISION_WORKING_DAYS, brokers, working_days_after

DUE_TIME = time(9, 0)  # a due date means "by the start of that working day"


def _attendee(user) -> Attendee:
    return Attendee(email=user.email, name=user.get_short_name(), user_id=user.pk)


def decision_mark(evidence_request: EvidenceRequest) -> datetime:
    """When a new request has waited DECISION_WORKING_DAYS working days (London clock)."""
    received = timezone.localtime(evidence_request.created_at)
    day = working_days_after(received.date(), DECISION_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(day, received.time()))


def due_at(evidence_request: EvidenceRequest) -> datetime:
    return timezone.make_aware(datetime.combine(evidence_request.due_on, DUE_TIME))


def occasions_between(*, start: datetime, end: datetime) -> list[Occasion]:
    """Decisions overdue and due dates falling in [start, end). Three queries whatever the rows."""
    occasions: list[Occasion] = []
    # 5 working days are at most 9 calendar days (a weekend either side); look a little wider.
    waiting = list(
        EvidenceRequest.objects.filter(
            status=RequestStatus.NEW,
            created_at__lt=start,
            created_at__gte=start - timedelta(days=DECISION_WORKING_DAYS + 6),
        ).select_related("assignee")
    )
    everyone = None
    for evidence_request in waiting:
        mark = decision_mark(evidence_request)
        decide_by = mark + timedelta(days=1)
        if not (mark <= start and start <= decide_by < end):
            continue
        if evidence_request.assignee_id and evidence_request.assignee.is_active:
            attendees = [_attendee(evidence_request.assignee)]
        else:
            if everyone is None:
                everyone = [_attendee(user) for user in brokers()]
            attendees = everyone
        occasions.append(
            Occasion(
                source="ask-decision",
                obj=evidence_request,
                # Read as "the deadline for <title> is tomorrow" in the reminder email.
                title=f"deciding on {evidence_request.reference}, which has waited 5 working days",
                starts_at=decide_by,
                ends_at=None,
                url=evidence_request.get_staff_url(),
                attendees=attendees,
                uid=f"ask-decision-{evidence_request.pk}@iau-portal",
            )
        )

    local_start = timezone.localtime(start).date()
    local_end = timezone.localtime(end).date() + timedelta(days=1)
    for evidence_request in EvidenceRequest.objects.filter(
        status__in=(RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS),
        due_on__gte=local_start,
        due_on__lte=local_end,
        assignee__isnull=False,
        assignee__is_active=True,
    ).select_related("assignee"):
        starts_at = due_at(evidence_request)
        if start <= starts_at < end:
            occasions.append(
                Occasion(
                    source="ask-due",
                    obj=evidence_request,
                    title=f"answering {evidence_request.reference} ({evidence_request.question[:60]})",
                    starts_at=starts_at,
                    ends_at=None,
                    url=evidence_request.get_staff_url(),
                    attendees=[_attendee(evidence_request.assignee)],
                    uid=f"ask-due-{evidence_request.pk}@iau-portal",
                )
            )
    return occasions
