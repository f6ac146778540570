"""What waits for the knowledge brokers ("Waiting for you" on /staff/): new requests with no decision yet,
and requests due within a week or overdue. Shown to everyone who may see the queue (readers too)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from apps.core.contracts import WaitingPlace, WaitingWork

from .enums import RequestStatus
from .models import EvidenceRequest

DUE_SOON_DAYS = 7
# Requests the brokers are working on: a new one is counted as new (it waits for a decision first).
WORKING_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)


def requests_new() -> dict:
    """Requests with no decision yet: one query."""
    return (
        EvidenceRequest.objects.filter(status=RequestStatus.NEW)
        .order_by()
        .aggregate(count=Count("pk"), oldest=Min("created_at"))
    )


def requests_due_soon(*, today) -> list[EvidenceRequest]:
    """Accepted or in progress, due within DUE_SOON_DAYS or overdue, earliest due first: one query."""
    return list(
        EvidenceRequest.objects.filter(
            status__in=WORKING_STATUSES, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
        )
        .only("pk", "number", "due_on")
        .order_by("due_on", "number")
    )


def waiting_work(user, *, today) -> list[WaitingWork]:
    if not user.has_perm("brokering.view_evidencerequest"):
        return []
    queue = reverse("requests:list")
    new = requests_new()
    due = requests_due_soon(today=today)
    # The queue filters by status, not by due date: each request due soon is listed with its own link.
    places = tuple(
        WaitingPlace(
            label=f"{evidence_request.reference}, due {evidence_request.due_on:%-d %B %Y}",
            count=1,
            url=evidence_request.get_staff_url(),
        )
        for evidence_request in due
    )
    return [
        WaitingWork(
            kind="brokering.new_requests",
            title="New requests for evidence to accept or decline",
            count=new["count"],
            oldest=timezone.localdate(new["oldest"]) if new["oldest"] else None,
            url=f"{queue}?{urlencode({'status': RequestStatus.NEW})}",
            action="Open them in the brokers' queue",
        ),
        WaitingWork(
            kind="brokering.due_requests",
            title=f"Requests for evidence due within {DUE_SOON_DAYS} days or overdue",
            count=len(due),
            oldest=due[0].due_on if due else None,
            url=places[0].url if len(places) == 1 else queue,
            action="Open it" if len(places) == 1 else "Open the brokers' queue",
            places=places if len(places) > 1 else (),
            due=True,
        ),
    ]
