"""Reads about seminars that more than one place uses, with their related rows already fetched."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .enums import RegistrationStatus
from .models import Registration, Seminar, Speaker


def _speakers_prefetch() -> Prefetch:
    return Prefetch("speakers", queryset=Speaker.objects.select_related("profile").order_by("order", "pk"))


def _registrations_counted(status: str) -> Coalesce:
    counted = (
        Registration.objects.filter(seminar=OuterRef("pk"), status=status)
        .order_by()
        .values("seminar")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def seminars_public() -> QuerySet[Seminar]:
    """Published seminars with their series, speakers and the number of confirmed places taken.

    The counts are subqueries (on the seminar-and-status index), not a join with GROUP BY: a page of 12
    seminars counts 12 seminars' registrations, and the paginator's count() drops them altogether.
    """
    return (
        Seminar.objects.filter(is_published=True)
        .select_related("series")
        .prefetch_related(_speakers_prefetch())
        .annotate(
            confirmed_count=_registrations_counted(RegistrationStatus.CONFIRMED),
            waitlisted_count=_registrations_counted(RegistrationStatus.WAITLISTED),
        )
    )


def seminars_upcoming(
    limit: int | None = None, *, now=None, include_cancelled: bool = False
) -> list[Seminar]:
    """Published seminars that have not ended yet, soonest first (cancelled ones only when asked)."""
    now = now or timezone.now()
    queryset = seminars_public().filter(ends_at__gt=now).order_by("starts_at", "pk")
    if not include_cancelled:
        queryset = queryset.filter(cancelled=False)
    if limit is not None:
        queryset = queryset[:limit]
    return list(queryset)


def seminars_past(*, now=None) -> QuerySet[Seminar]:
    now = now or timezone.now()
    return seminars_public().filter(ends_at__lte=now).order_by("-starts_at", "-pk")


def seminar_places_left(seminar: Seminar) -> int:
    return seminar.places_left


def registrations_for_email(email: str) -> QuerySet[Registration]:
    return Registration.objects.filter(email=(email or "").strip().lower()).select_related("seminar")


def seminars_with_speaker(profile) -> QuerySet[Seminar]:
    return (
        Seminar.objects.filter(is_published=True, speakers__profile=profile).distinct().order_by("-starts_at")
    )


HALF_HOUR = Decimal("0.5")


def seminar_cpd_hours(seminar: Seminar) -> Decimal:
    """Continuing professional development hours for a seminar: its length to the nearest half hour (at
    least a half), so an attendee can add them up by hand."""
    seconds = Decimal((seminar.ends_at - seminar.starts_at).total_seconds())
    halves = (seconds / Decimal(1800)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(halves * HALF_HOUR, HALF_HOUR)


def registration_certificate_problem(registration: Registration) -> str:
    """Why no attendance certificate can be given for this registration, or "" when one can."""
    if registration.seminar.cancelled:
        return "This seminar was cancelled, so there is no certificate of attendance for it."
    if registration.status != RegistrationStatus.CONFIRMED or registration.attended is not True:
        return (
            "We can give a certificate of attendance only to people we recorded as attending the seminar. "
            "If you came and think our record is wrong, write to us and we will check it."
        )
    return ""


def registrations_attended_by(email: str) -> QuerySet[Registration]:
    """Seminars the person at this address was recorded as attending, latest first."""
    return (
        registrations_for_email(email)
        .filter(attended=True, status=RegistrationStatus.CONFIRMED, seminar__cancelled=False)
        .order_by("-seminar__starts_at")
    )
