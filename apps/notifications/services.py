"""Reminders and digests: ask the domain apps what is due, queue mail through the outbox.

Nothing here sends email or waits for a time to come. A beat task calls reminders_send_due() every
few minutes and digests_send_due() every hour; each works out from the current state what is due now
and asks the outbox for it. The outbox's key (recipient, kind, about, occasion) makes every email go
once however often, and however concurrently, these run.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone

from apps.core.contracts import Attendee, DigestItem, Occasion, is_news
from apps.core.emails import absolute_url
from apps.core.enums import DeliveryMode
from apps.core.plugins import app_modules
from apps.core.services import OutboxRequest, describe_object, outbox_enqueue_many, outbox_existing_keys

from . import sources
from .calendar import occasion_attachment
from .enums import DigestFrequency, ReminderTiming
from .models import NotificationPreference, default_reminder_timings
from .unsubscribe import list_unsubscribe_headers, preferences_link, unsubscribe_link

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------- reminders


def reminder_offsets(occasion: Occasion) -> list[timedelta]:
    """How long before the occasion its reminders are due, longest first."""
    offsets = list(settings.REMINDER_OFFSETS)
    short_notice = settings.REMINDER_SHORT_NOTICE
    offsets += short_notice.get(occasion.source, {}).get(occasion.mode, [])
    return sorted(set(offsets), reverse=True)


def reminder_due_at(starts_at: datetime, offset: timedelta) -> datetime:
    """When the reminder `offset` before `starts_at` is due.

    Whole days count on the clock in Europe/London: "a week before" a 14:00 meeting is 14:00 a week
    earlier even when the clocks changed in between. Shorter offsets are exact durations.
    """
    if offset % timedelta(days=1) == timedelta(0):
        return timezone.localtime(starts_at) - offset  # wall-clock arithmetic on an aware local time
    return starts_at - offset


def offset_label(offset: timedelta) -> str:
    if offset % timedelta(days=1) == timedelta(0):
        return f"{offset.days}d"
    if offset % timedelta(hours=1) == timedelta(0):
        return f"{int(offset.total_seconds() // 3600)}h"
    return f"{int(offset.total_seconds() // 60)}m"


# The morning reminder goes at this hour (Europe/London) on the day, to those who chose it.
MORNING_HOUR = 7


def reminder_moments(occasion: Occasion) -> dict[str, datetime]:
    """Every reminder this occasion may have, by label ("7d", "1d", "1h", "morning"), with when it is due.

    The offsets come from REMINDER_OFFSETS and REMINDER_SHORT_NOTICE; an event (not a deadline) also has
    a morning reminder at MORNING_HOUR on the day, when it starts at least an hour after that. Who gets
    which is up to each member (reminder_due_for).
    """
    moments = {
        offset_label(offset): reminder_due_at(occasion.starts_at, offset)
        for offset in reminder_offsets(occasion)
    }
    if occasion.mode:
        local = timezone.localtime(occasion.starts_at).replace(tzinfo=None)
        morning = timezone.make_aware(local.replace(hour=MORNING_HOUR, minute=0, second=0, microsecond=0))
        if morning <= occasion.starts_at - timedelta(hours=1):
            moments[ReminderTiming.MORNING.value] = morning
    return moments


def reminder_due_for(
    occasion: Occasion, moments: dict[str, datetime], now: datetime, chosen: list[str] | None
) -> str | None:
    """The one reminder (its label) to send one person for this occasion now, if any.

    Nothing once it has started or when it is cancelled. A member's choice (`chosen`, ReminderTiming
    values; None for the defaults) picks among an event's reminders; a reminder nobody can choose (a
    deadline's, or an offset the settings add) goes to everyone. When several are due at once (it was
    added or moved late), only the nearest goes: nobody needs "in a week" and "tomorrow" in one minute.
    """
    if occasion.cancelled or occasion.starts_at <= now:
        return None
    wanted = default_reminder_timings() if chosen is None else chosen
    due = [
        (due_at, label)
        for label, due_at in moments.items()
        if due_at <= now and (not occasion.mode or label not in ReminderTiming.values or label in wanted)
    ]
    return max(due)[1] if due else None


def reminder_occasion_key(occasion: Occasion, label: str) -> str:
    # The start time is part of the key: a meeting that moves gets fresh reminders for its new time.
    starts_at = occasion.starts_at.astimezone(UTC)
    return f"reminder:{label}:{starts_at:%Y%m%dT%H%MZ}"


def occasions_upcoming(*, now: datetime) -> list[Occasion]:
    longest = max([*settings.REMINDER_OFFSETS, timedelta(hours=1)], default=None)
    # More than the longest offset: a week before on the clock can be 7 days and 1 hour (and the end is
    # exclusive); reminder_due_for() then picks exactly what is due.
    end = now + longest + timedelta(hours=2)
    occasions = []
    for module in sources.reminder_sources():
        try:
            occasions.extend(module.occasions_between(start=now, end=end))
        except Exception:  # noqa: BLE001 - one app's bug must not stop every other app's reminders
            logger.exception("Reminder source %s failed; the others still send", module.__name__)
    return occasions


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Queue every reminder that is due now and not yet queued. Returns how many new emails were queued.

    Safe to run at any time, as often as you like, concurrently: each (attendee, occasion, reminder, start
    time) is one outbox row. Each member gets the reminders they chose on their email choices page.
    Reminders already queued are recognised by that key before any email is built, so a run every five
    minutes costs little once the week's reminders are out.
    """
    now = now or timezone.now()
    occasions = occasions_upcoming(now=now)
    chosen = _reminder_choices(
        {attendee.user_id for occasion in occasions for attendee in occasion.attendees if attendee.user_id}
    )
    wanted = {}
    for occasion in occasions:
        moments = reminder_moments(occasion)
        for attendee in occasion.attendees:
            if not attendee.email:
                continue
            label = reminder_due_for(occasion, moments, now, chosen.get(attendee.user_id))
            if label is None:
                continue
            kind, about, key = _reminder_key_parts(occasion, label)
            wanted[(attendee.email.strip().lower(), kind, about, key)] = (occasion, label, attendee)
    existing = outbox_existing_keys(list(wanted)) if wanted else set()
    pending = [value for key, value in wanted.items() if key not in existing]
    calendars: dict[int, dict] = {}
    requests = []
    for occasion, label, attendee in pending:
        if id(occasion) not in calendars:
            calendars[id(occasion)] = occasion_attachment(occasion)
        requests.append(_reminder_request(occasion, label, attendee, calendars[id(occasion)], now))
    with transaction.atomic():
        queued = outbox_enqueue_many(requests=requests)
    if queued:
        logger.info("Queued %s reminder(s)", queued)
    return queued


def follow_ups_send_due(*, now: datetime | None = None) -> int:
    """Queue every follow-up email due now ("Did it help?" after an answer, "Did you?" after a seminar).

    Each app that sends follow-ups offers a `follow_ups.py` plugin module with
    `send_due_follow_ups(*, now) -> int` (how many emails it queued); it keeps each email to one through
    the outbox's key. Runs in the same sweep as reminders (`manage.py send_reminders`, every five minutes).
    """
    now = now or timezone.now()
    queued = 0
    for module in app_modules("follow_ups"):
        offer = getattr(module, "send_due_follow_ups", None)
        if offer is None:
            continue
        try:
            queued += offer(now=now)
        except Exception:  # noqa: BLE001 - one app's bug must not stop every other app's follow-ups
            logger.exception("Follow-ups of %s failed; the others still send", module.__name__)
    if queued:
        logger.info("Queued %s follow-up email(s)", queued)
    return queued


def _reminder_choices(user_ids: set[int]) -> dict[int, list[str]]:
    """Each member's chosen reminders (only those who saved a choice), in one query."""
    if not user_ids:
        return {}
    return dict(
        NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "reminder_timings")
    )


def _reminder_key_parts(occasion: Occasion, label: str) -> tuple[str, str, str]:
    """(kind, about, occasion) of the outbox key; the recipient's address completes it."""
    return (
        f"reminder-{occasion.source}",
        describe_object(occasion.obj),
        reminder_occasion_key(occasion, label),
    )


def _reminder_request(
    occasion: Occasion, label: str, attendee: Attendee, calendar: dict, now: datetime
) -> OutboxRequest:
    # Large print, the carer copied in and the greeting are the outbox's work (outbox_apply_needs).
    starts_at = timezone.localtime(occasion.starts_at)
    change_url = attendee.change_url
    if change_url and change_url.startswith("/"):
        change_url = absolute_url(change_url)
    user = _AttendeeUser(attendee.user_id) if attendee.user_id else None
    context = {
        "occasion": occasion,
        "attendee": attendee,
        "starts_at": starts_at,
        "ends_at": timezone.localtime(occasion.ends_at) if occasion.ends_at else None,
        "when_words": _when_words(occasion.starts_at - now),
        "is_deadline": not occasion.mode,
        "join_link": occasion.join_link if attendee.may_see_join_link else "",
        "online": occasion.mode in (DeliveryMode.ONLINE, DeliveryMode.HYBRID),
        "papers": [
            (title, absolute_url(url) if url.startswith("/") else url) for title, url in occasion.papers
        ],
        "page_url": absolute_url(occasion.url),
        "change_url": change_url,
        "preferences_url": preferences_link(user) if user else "",
    }
    return OutboxRequest(
        recipient=attendee.email,
        kind=f"reminder-{occasion.source}",
        template="notifications/reminder",
        context=context,
        about=occasion.obj,
        occasion=reminder_occasion_key(occasion, label),
        attachments=[calendar],
    )


@dataclass(frozen=True)
class _AttendeeUser:
    """Enough of a user to sign their links with, without loading the account."""

    pk: int


def _when_words(until: timedelta) -> str:
    if until <= timedelta(hours=2):
        return "soon"
    if until <= timedelta(hours=36):
        return "tomorrow" if until > timedelta(hours=12) else "today"
    days = round(until / timedelta(days=1))
    return f"in {days} days"


# ---------------------------------------------------------------------------------------------- digests

# Digests are worked out up to 07:00 on Monday (weekly) or on the 1st (monthly), Europe/London.
DIGEST_HOUR = 7


def digest_period_end(frequency: str, now: datetime) -> datetime:
    """The most recent period boundary at or before `now`: what a digest run now covers up to."""
    local = timezone.localtime(now)
    if frequency == DigestFrequency.MONTHLY:
        boundary = local.replace(day=1, hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
        if boundary > local:
            boundary = (boundary - timedelta(days=1)).replace(day=1)
    else:
        boundary = (local - timedelta(days=local.weekday())).replace(
            hour=DIGEST_HOUR, minute=0, second=0, microsecond=0
        )
        if boundary > local:
            boundary -= timedelta(days=7)
    # Rebuild from the wall-clock time so the offset (GMT or BST) is the one of the boundary's own date.
    return timezone.make_aware(boundary.replace(tzinfo=None))


def digest_period_start(frequency: str, end: datetime) -> datetime:
    """Where a first digest starts: one period before `end`."""
    local = timezone.localtime(end).replace(tzinfo=None)
    if frequency == DigestFrequency.MONTHLY:
        start = (local - timedelta(days=1)).replace(day=1)
    else:
        start = local - timedelta(days=7)
    return timezone.make_aware(start)


@dataclass
class DigestRun:
    users: int = 0
    queued: int = 0
    batches: int = 0


def users_due_a_digest(*, frequency: str, until: datetime, after_pk: int, limit: int):
    """Active users whose `frequency` digest up to `until` has not been worked out, by id from after_pk."""
    due = Q(notification_preference__digest_frequency=frequency) & (
        Q(notification_preference__last_digest_up_to__isnull=True)
        | Q(notification_preference__last_digest_up_to__lt=until)
    )
    if frequency == DigestFrequency.WEEKLY:
        due |= Q(notification_preference__isnull=True)  # the default for members
    return (
        get_user_model()
        .objects.filter(due, is_active=True, pk__gt=after_pk)
        .select_related("notification_preference")
        .order_by("pk")[:limit]
    )


def digests_send_due(*, now: datetime | None = None, batch_size: int | None = None) -> DigestRun:
    """Queue the digest of everyone who is due one. Returns what it did.

    Users are taken in batches by id, each batch in a constant number of queries and in one
    transaction: its emails are stored and its users' `last_digest_up_to` moved on together, so a run
    that stops midway resumes where it stopped, and one that runs late covers the whole gap.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.DIGEST_BATCH_SIZE
    run = DigestRun()
    for frequency in (DigestFrequency.WEEKLY, DigestFrequency.MONTHLY):
        until = digest_period_end(frequency, now)
        after_pk = 0
        while True:
            users = list(
                users_due_a_digest(frequency=frequency, until=until, after_pk=after_pk, limit=batch_size)
            )
            if not users:
                break
            run.queued += _digest_batch(users=users, frequency=frequency, until=until)
            run.users += len(users)
            run.batches += 1
            after_pk = users[-1].pk
    if run.queued:
        logger.info("Queued %s digest(s) for %s member(s)", run.queued, run.users)
    return run


def _user_since(user, frequency: str, until: datetime) -> datetime:
    preference = getattr(user, "notification_preference", None)
    if preference is not None and preference.last_digest_up_to is not None:
        return preference.last_digest_up_to
    return digest_period_start(frequency, until)


@transaction.atomic
def _digest_batch(*, users: list, frequency: str, until: datetime) -> int:
    since_by_user = {user.pk: _user_since(user, frequency, until) for user in users}
    earliest = min(since_by_user.values())
    items_by_user: dict[int, list[DigestItem]] = defaultdict(list)
    for module in sources.digest_sources():
        for user_id, items in module.digest_items(users=users, since=earliest, until=until).items():
            items_by_user[user_id].extend(items)
    date_labels = _DateLabels()

    requests = []
    for user in users:
        sections = digest_sections(items_by_user.get(user.pk, []), since=since_by_user[user.pk], until=until)
        if not sections:
            continue  # no empty digests
        sections = [
            replace(section, lines=[(item, date_labels.when(item.when)) for item in section.items])
            for section in sections
        ]
        requests.append(
            OutboxRequest(
                recipient=user.email,
                kind="digest",
                template="notifications/digest",
                context={
                    "user": user,
                    "sections": sections,
                    "since": timezone.localtime(since_by_user[user.pk]),
                    "since_label": date_labels.day(since_by_user[user.pk]),
                    "until": timezone.localtime(until),
                    "frequency": frequency,
                    # Placeholders: the outbox signs these links when it sends the digest.
                    "preferences_url": preferences_link(user),
                    "unsubscribe_url": unsubscribe_link(user),
                },
                about=user,
                occasion=f"digest:{frequency}:{until.astimezone(UTC):%Y%m%dT%H%MZ}",
                headers=list_unsubscribe_headers(user),
            )
        )
    queued = outbox_enqueue_many(requests=requests)

    # Move every user of the batch on to `until`, digest or not (nothing new is not a reason to look again).
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user) for user in users if not _has_preference(user)],
        ignore_conflicts=True,
    )
    NotificationPreference.objects.filter(user__in=[user.pk for user in users]).update(
        last_digest_up_to=until, updated_at=timezone.now()
    )
    return queued


def _has_preference(user) -> bool:
    try:
        return user.notification_preference is not None
    except NotificationPreference.DoesNotExist:
        return False


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: list[DigestItem]
    # (item, its date in words) for the templates: see _DateLabels.
    lines: list[tuple[DigestItem, str]] = ()


class _DateLabels:
    """Dates in words, each worked out once per batch.

    The same seminar or meeting is in hundreds of digests; formatting its date with the template's
    `date` filter in every one (twice: HTML and text) was most of a digest's CPU time.
    """

    def __init__(self):
        self._labels: dict[tuple[datetime, str], str] = {}

    def _label(self, moment: datetime | None, pattern: str) -> str:
        if moment is None:
            return ""
        key = (moment, pattern)
        if key not in self._labels:
            self._labels[key] = dateformat.format(timezone.localtime(moment), pattern)
        return self._labels[key]

    def when(self, moment: datetime | None) -> str:
        return self._label(moment, "l j F Y, H:i")

    def day(self, moment: datetime | None) -> str:
        return self._label(moment, "l j F Y")


def digest_sections(items: list[DigestItem], *, since: datetime, until: datetime) -> list[DigestSection]:
    """Items grouped by section (in the order sections first appear), newest first, each item once.

    An item counts only if it became news in this member's [since, until) (`contracts.is_news`, the rule
    every source selects by): that is how consecutive digests neither repeat nor skip. Standing items (work
    in hand) are listed every time.
    """
    grouped: dict[str, dict[tuple, DigestItem]] = {}
    for item in items:
        if not item.standing and not is_news(item.published_at, since=since, until=until):
            continue
        grouped.setdefault(item.section, {}).setdefault((item.title, item.url), item)
    return [
        DigestSection(
            title=section,
            items=sorted(found.values(), key=lambda item: item.published_at, reverse=True),
        )
        for section, found in grouped.items()
    ]


# ---------------------------------------------------------------------------------------------- preferences


@transaction.atomic
def notification_preference_update(
    *, user, digest_frequency: str, reminder_timings: list[str] | None = None
) -> NotificationPreference:
    """Save how often the user wants a digest and, when given, which reminders (ReminderTiming values)
    they want of the meetings and seminars they are going to. Turning digests back on starts the next one
    from now. A reminder sweep after this honours the new choice."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    turned_on = preference.digest_frequency == DigestFrequency.OFF and digest_frequency != DigestFrequency.OFF
    preference.digest_frequency = digest_frequency
    if reminder_timings is not None:
        # In the order they are offered, each once.
        preference.reminder_timings = [value for value in ReminderTiming.values if value in reminder_timings]
    if turned_on:
        preference.last_digest_up_to = timezone.now()
        preference.unsubscribed_at = None  # choosing email again undoes an earlier unsubscribe
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def notification_preference_unsubscribe(*, user) -> NotificationPreference:
    """One-click unsubscribe: no more digests (or other bulk email) for this user."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.digest_frequency = DigestFrequency.OFF
    preference.unsubscribed_at = timezone.now()
    preference.full_clean()
    preference.save()
    return preference
