"""What is coming up in involvement, for the reminders the notifications app sends."""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from apps.core.contracts import Attendee, Occasion
from apps.core.templatetags.money import format_money

from .enums import ExpenseStatus, InterestStatus, OpportunityStatus
from .models import EXPENSE_DECISION_DAYS, Activity, Expense, Interest, Opportunity
from .selectors import coordinators

DEFAULT_ACTIVITY_TIME = time(10, 0)


def _attendee(user, change_url: str = "") -> Attendee:
    return Attendee(email=user.email, name=user.get_short_name(), user_id=user.pk, change_url=change_url)


def activity_starts_at(activity: Activity) -> datetime:
    return timezone.make_aware(datetime.combine(activity.date, activity.start_time or DEFAULT_ACTIVITY_TIME))


def expense_decision_due(expense: Expense) -> datetime:
    return expense.created_at + timedelta(days=EXPENSE_DECISION_DAYS)


def occasions_between(*, start: datetime, end: datetime) -> list[Occasion]:
    """Activities, opportunity meetings and deadlines, and expense decisions falling due in [start, end).

    Five queries whatever the number of rows.
    """
    occasions: list[Occasion] = []
    local_start = timezone.localtime(start).date() - timedelta(days=1)
    local_end = timezone.localtime(end).date() + timedelta(days=1)

    for activity in Activity.objects.filter(
        date__gte=local_start, date__lte=local_end, user__is_active=True
    ).select_related("user", "opportunity"):
        starts_at = activity_starts_at(activity)
        if start <= starts_at < end:
            occasions.append(
                Occasion(
                    source="involvement-activity",
                    obj=activity,
                    title=activity.description,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=float(activity.hours)),
                    url=activity.get_absolute_url(),
                    attendees=[_attendee(activity.user)],
                    mode=activity.opportunity.mode if activity.opportunity else "",
                    uid=f"involvement-activity-{activity.pk}@iau-portal",
                )
            )

    opportunities = (
        Opportunity.objects.exclude(status=OpportunityStatus.DRAFT)
        .filter(Q(starts_at__gte=start, starts_at__lt=end) | Q(deadline__gte=start, deadline__lt=end))
        .prefetch_related(
            Prefetch(
                "interests",
                queryset=Interest.objects.filter(user__is_active=True).select_related("user"),
                to_attr="all_interests",
            )
        )
    )
    for opportunity in opportunities:
        url = opportunity.get_absolute_url()
        if opportunity.starts_at and start <= opportunity.starts_at < end:
            selected = [i.user for i in opportunity.all_interests if i.status == InterestStatus.SELECTED]
            if selected:
                occasions.append(
                    Occasion(
                        source="involvement-opportunity",
                        obj=opportunity,
                        title=opportunity.title,
                        starts_at=opportunity.starts_at,
                        ends_at=None,
                        url=url,
                        attendees=[_attendee(user) for user in selected],
                        where="Online" if opportunity.mode == "online" else "",
                        mode=opportunity.mode,
                        uid=f"involvement-opportunity-{opportunity.pk}@iau-portal",
                    )
                )
        if (
            opportunity.deadline
            and start <= opportunity.deadline < end
            and opportunity.status == OpportunityStatus.OPEN
        ):
            interested = [i.user for i in opportunity.all_interests if i.status == InterestStatus.INTERESTED]
            if interested:
                occasions.append(
                    Occasion(
                        source="opportunity-deadline",
                        obj=opportunity,
                        title=f"Deadline: {opportunity.title}",
                        starts_at=opportunity.deadline,
                        ends_at=None,
                        url=url,
                        attendees=[_attendee(user, change_url=url) for user in interested],
                    )
                )

    window = Expense.objects.filter(
        status=ExpenseStatus.PENDING,
        created_at__gte=start - timedelta(days=EXPENSE_DECISION_DAYS),
        created_at__lt=end - timedelta(days=EXPENSE_DECISION_DAYS),
    )
    pending = list(window)
    if pending:
        staff = [_attendee(user) for user in coordinators()]
        for expense in pending:
            occasions.append(
                Occasion(
                    source="expense-claim",
                    obj=expense,
                    title=(
                        f"Expense claim waiting for a decision: "
                        f"{expense.get_kind_display()}, {format_money(expense.amount)}"
                    ),
                    starts_at=expense_decision_due(expense),
                    ends_at=None,
                    url=reverse("admin:involvement_expense_change", args=[expense.pk]),
                    attendees=staff,
                )
            )
    return occasions
