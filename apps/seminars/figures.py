"""The figures of seminars on the staff dashboard (see apps/core/figures.py).

Each figure is a few GROUP BY queries; the staff area checks the permissions, draws the chart and
writes the table and CSV.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from apps.core.figures import (
    BarChart,
    Figure,
    FigureSpec,
    Period,
    Stat,
    counts_of,
    month_label,
)

from .enums import RegistrantRole, RegistrationStatus
from .models import Feedback, Registration, Seminar


def _seminars_in(period: Period):
    """Seminars of the period (by their start), without those cancelled: a cancelled seminar is neither
    held nor planned."""
    return Seminar.objects.filter(
        starts_at__gte=period.start_at, starts_at__lt=period.end_before, cancelled=False
    )


def seminars_registrations(period: Period) -> Figure:
    """Per seminar of the period, held or planned: registrations, attendance, waiting list, feedback
    (1 query)."""
    # A seminar is held once it has ended (as on the public "past seminars" page); before, it is planned.
    now = timezone.now()
    seminars = (
        _seminars_in(period)
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            attended=Count("registrations", filter=Q(registrations__attended=True)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
            promoted=Count("registrations", filter=Q(registrations__promoted_at__isnull=False)),
            answers=Count("registrations__feedback"),
            score=Avg("registrations__feedback__rating"),
        )
        .order_by("starts_at")
        .values_list(
            "title",
            "starts_at",
            "ends_at",
            "capacity",
            "confirmed",
            "attended",
            "waiting",
            "promoted",
            "answers",
            "score",
        )
    )
    rows = [
        [
            title,
            timezone.localtime(starts_at).date().isoformat(),
            "Held" if ends_at <= now else "Planned",
            capacity,
            confirmed,
            attended,
            waiting,
            promoted,
            answers,
            Decimal(str(score)) if score is not None else None,
        ]
        for (title, starts_at, ends_at, capacity, confirmed, attended, waiting, promoted, answers, score) in (
            seminars
        )
    ]
    held = [row for row in rows if row[2] == "Held"]
    planned = [row for row in rows if row[2] == "Planned"]
    # The chart adds up the held seminars' counts by month (a handful of rows), so a busy year stays
    # readable; seminars still to come are in the table only.
    months = period.months()
    by_month = {month: [0, 0, 0] for month in months}
    for row in held:
        month = date.fromisoformat(row[1]).replace(day=1)
        for index, column in enumerate((4, 5, 6)):
            by_month[month][index] += row[column]
    return Figure(
        slug="seminars",
        title="Seminars: registrations and attendance",
        description="For each seminar of the period, held or planned: places, confirmed registrations, "
        "attendance, the waiting list and feedback.",
        columns=[
            ("Seminar", "text"),
            ("Date", "text"),
            ("Held or planned", "text"),
            ("Places", "int"),
            ("Registered", "int"),
            ("Attended", "int"),
            ("Still waiting", "int"),
            ("Moved off waiting list", "int"),
            ("Feedback answers", "int"),
            ("Average score out of 5", "score"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-seminars",
            title="Registered, attended and waiting at the seminars held, by month",
            description="For each month, bars for people registered for that month's seminars held, people "
            "who attended and people left on the waiting list.",
            categories=[month_label(month) for month in months],
            series=[
                ("Registered", [by_month[month][0] for month in months]),
                ("Attended", [by_month[month][1] for month in months]),
                ("Still waiting", [by_month[month][2] for month in months]),
            ],
        ),
        summary=[
            Stat("Seminars held", len(held)),
            Stat("Registered", sum(row[4] for row in held)),
            Stat("Attended", sum(row[5] for row in held)),
            Stat("Seminars planned", len(planned)),
            Stat("Registered for seminars planned", sum(row[4] for row in planned)),
        ],
        note="A seminar is held once it has ended; seminars still to come are planned and cancelled "
        "seminars are left out. Registered means a confirmed place now; people who cancelled are not "
        "counted. The headline registered and attended are for the seminars held.",
    )


def seminars_feedback(period: Period) -> Figure:
    """How people rated the seminars held in the period (1 query)."""
    counts = counts_of(
        Feedback.objects.filter(
            registration__seminar__in=_seminars_in(period).filter(ends_at__lte=timezone.now())
        ),
        "rating",
    )
    rows = [[label, rating, counts.get(rating, 0)] for rating, label in Feedback.RATING_CHOICES]
    answers = sum(counts.values())
    average = (
        (Decimal(sum(rating * count for rating, count in counts.items())) / answers).quantize(Decimal("0.01"))
        if answers
        else None
    )
    return Figure(
        slug="seminars-feedback",
        title="Seminar feedback scores",
        description="How people who answered the follow-up form rated the seminars, from 5 (very good) to 1.",
        columns=[("Rating", "text"), ("Score", "int"), ("Answers", "int")],
        rows=rows,
        chart=BarChart(
            chart_id="chart-seminar-feedback",
            title="Seminar feedback: answers at each score",
            description="One bar per score from very good to very poor.",
            categories=[f"{row[1]}: {row[0]}" for row in rows],
            series=[("Answers", [row[2] for row in rows])],
        ),
        summary=[Stat("Feedback answers", answers), Stat("Average score", average, "score")],
    )


def seminars_registrants_by_role(period: Period) -> Figure:
    """Who registered for the seminars held in the period, and for those planned, by the role they gave
    (1 query)."""
    now = timezone.now()
    counts = {
        row["role"]: row
        for row in Registration.objects.filter(seminar__in=_seminars_in(period))
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("role")
        .annotate(
            held=Count("pk", filter=Q(seminar__ends_at__lte=now)),
            planned=Count("pk", filter=Q(seminar__ends_at__gt=now)),
        )
        .order_by()
    }
    rows = [
        [label, counts.get(value, {}).get("held", 0), counts.get(value, {}).get("planned", 0)]
        for value, label in RegistrantRole.choices
    ]
    return Figure(
        slug="seminars-registrants",
        title="Where seminar registrants come from",
        description="People registered or waiting for the seminars held in the period, and for those "
        "still to come, by the kind of work they do.",
        columns=[
            ("Registrants' role or organisation", "text"),
            ("Registrants", "int"),
            ("Registered for seminars planned", "int"),
        ],
        rows=rows,
        chart=BarChart(
            chart_id="chart-seminar-registrants",
            title="Seminar registrants by role",
            description="One bar per kind of registrant: people registered for the seminars held, and "
            "for the seminars planned.",
            categories=[row[0] for row in rows],
            series=[
                ("Registrants", [row[1] for row in rows]),
                ("Registered for seminars planned", [row[2] for row in rows]),
            ],
        ),
        summary=[Stat("Registrants", sum(row[1] for row in rows))],
        note="Registrants are counted for the seminars held (ended); cancelled seminars are left out.",
    )


def figures() -> list[FigureSpec]:
    return [
        FigureSpec(
            "seminars",
            "Seminar registrations and attendance",
            "Seminars",
            ("seminars.view_registration",),
            seminars_registrations,
            order=70,
        ),
        FigureSpec(
            "seminars-feedback",
            "Seminar feedback",
            "Seminars",
            ("seminars.view_feedback",),
            seminars_feedback,
            order=80,
        ),
        FigureSpec(
            "seminars-registrants",
            "Seminar registrants by role",
            "Seminars",
            ("seminars.view_registration",),
            seminars_registrants_by_role,
            order=90,
        ),
    ]
