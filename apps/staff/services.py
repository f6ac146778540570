"""Writes of the staff area: a person's choice of the weekly "waiting for you" email, and sending it."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.services import (
    OutboxRequest,
    outbox_allows_bulk_email,
    outbox_enqueue_many,
    outbox_unsubscribe_headers,
)

from .models import WaitingEmailPreference
from .waiting import waiting_for

WAITING_EMAIL_KIND = "staff.waiting_for_you"
WAITING_EMAIL_TEMPLATE = "staff/waiting-for-you"


@transaction.atomic
def waiting_email_preference_set(*, user, weekly: bool) -> WaitingEmailPreference:
    """Record whether `user` wants the weekly email. Only the person themselves calls this (their page)."""
    preference, _ = WaitingEmailPreference.objects.select_for_update().get_or_create(user=user)
    preference.weekly = weekly
    preference.full_clean()
    preference.save()
    return preference


def waiting_email_wanted(user) -> bool:
    return WaitingEmailPreference.objects.filter(user=user, weekly=True).exists()


def week_of(day) -> str:
    """The ISO week of a London day, as the email's occasion: "2026-W03"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class WaitingEmailRun:
    queued: int
    wanted: int


def waiting_emails_send(*, today=None) -> WaitingEmailRun:
    """Queue this week's "waiting for you" email for each active member of staff who chose it.

    Nothing is sent to someone with nothing waiting, or who unsubscribed from bulk email. The outbox key
    carries the week (`week_of`), so running again in the same week sends nothing more.
    """
    today = today or timezone.localdate()
    occasion = week_of(today)
    users = (
        get_user_model()
        .objects.filter(waiting_email_preference__weekly=True, is_active=True, is_staff=True)
        .order_by("pk")
    )
    requests = []
    wanted = 0
    for user in users:
        wanted += 1
        work = waiting_for(user, today=today)
        if not work or not outbox_allows_bulk_email(user=user):
            continue
        requests.append(
            OutboxRequest(
                recipient=user.email,
                kind=WAITING_EMAIL_KIND,
                template=WAITING_EMAIL_TEMPLATE,
                about=user,
                occasion=occasion,
                context={
                    "user": user,
                    "today": today,
                    "lines": [(item, item.age(today)) for item in work],
                    "staff_url": absolute_url(reverse("staff:home")),
                },
                headers=outbox_unsubscribe_headers(user=user),
            )
        )
    with transaction.atomic():
        queued = outbox_enqueue_many(requests=requests)
    return WaitingEmailRun(queued=queued, wanted=wanted)
