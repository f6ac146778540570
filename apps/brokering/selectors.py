"""Reads of the brokering desk, with their joins applied."""

from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet

from apps.accounts.selectors import active_staff_with_permission
from apps.core.text_search import words_match
from apps.publications.models import Publication

from .enums import OPEN_STATUSES
from .models import EvidenceRequest

DECISION_WORKING_DAYS = 5


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`. Bank holidays count as working days."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def brokers() -> QuerySet:
    """Staff a request may be given to: active staff who may work on requests."""
    return active_staff_with_permission("brokering.change_evidencerequest")


def involvement_coordinators() -> QuerySet:
    """Staff who may help researchers with patient and public involvement (they can see requests)."""
    from apps.involvement.selectors import coordinators

    return (
        coordinators()
        .filter(pk__in=active_staff_with_permission("brokering.view_evidencerequest").values("pk"))
        .order_by("display_name", "email")
    )


def requests_for_queue() -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.select_related("assignee", "involvement_coordinator").order_by("-number")


def request_for_staff(number: int) -> EvidenceRequest | None:
    return (
        EvidenceRequest.objects.select_related("assignee", "involvement_coordinator")
        .prefetch_related(
            "notes__author",
            Prefetch("publications", queryset=Publication.objects.order_by("-year", "title")),
            "profiles",
            "communities",
            "pages",
        )
        .filter(number=number)
        .first()
    )


def requests_open_for(user_ids) -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.filter(assignee_id__in=list(user_ids), status__in=OPEN_STATUSES).order_by(
        "due_on", "number"
    )


def answered_published() -> QuerySet[EvidenceRequest]:
    """Answered questions on the public site: published with the asker's consent."""
    return (
        EvidenceRequest.objects.filter(published_at__isnull=False, consent_to_publish=True)
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=Publication.objects.filter(is_public=True).order_by("-year", "title"),
                to_attr="public_publications",
            )
        )
        .order_by("-published_at", "-number")
    )


def answered_search(queryset: QuerySet[EvidenceRequest], query: str) -> QuerySet[EvidenceRequest]:
    """Answered questions whose question or summary has every word of the query."""
    matching = words_match(query, fields=["public_question", "public_summary"])
    return queryset if matching is None else queryset.filter(matching)


def requests_received_between(*, start_at: datetime, end_before: datetime) -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.filter(created_at__gte=start_at, created_at__lt=end_before)


def answered_between(*, start_at: datetime, end_before: datetime) -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.filter(answered_at__gte=start_at, answered_at__lt=end_before)
