"""What waits for staff in involvement ("Waiting for you" on /staff/): applications to decide, expense
claims and activities to approve, payment runs to pay. Each kind is one COUNT/MIN query, shown only to
staff who may act on it, with a link to the admin list filtered to exactly those records."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from apps.core.contracts import WaitingWork

from .enums import ApplicationStatus, ExpenseStatus, PaymentStatus
from .models import Activity, Application, Expense, PaymentRun
from .selectors import PERSONAL_DETAILS_PERMISSION, can_see_member_payments


def _admin_list(model, **filters) -> str:
    meta = model._meta
    return f"{reverse(f'admin:{meta.app_label}_{meta.model_name}_changelist')}?{urlencode(filters)}"


def _count(queryset, date_field: str) -> tuple[int, object]:
    found = queryset.order_by().aggregate(count=Count("pk"), oldest=Min(date_field))
    oldest = found["oldest"]
    if oldest is not None and hasattr(oldest, "tzinfo"):
        oldest = timezone.localdate(oldest)
    return found["count"], oldest


def applications_waiting() -> tuple[int, object]:
    return _count(Application.objects.filter(status=ApplicationStatus.PENDING), "created_at")


def expenses_waiting() -> tuple[int, object]:
    return _count(Expense.objects.filter(status=ExpenseStatus.PENDING), "created_at")


def activities_to_approve(*, today) -> tuple[int, object]:
    """Payments due for activities that have happened (dated today or earlier): a planned one waits."""
    return _count(Activity.objects.filter(payment_status=PaymentStatus.DUE, date__lte=today), "date")


def payment_runs_unpaid() -> tuple[int, object]:
    return _count(PaymentRun.objects.filter(paid_on__isnull=True), "created_at")


def waiting_work(user, *, today) -> list[WaitingWork]:
    work = []
    # The applications list needs the personal-details permission as well (motivations, access needs).
    if user.has_perm("involvement.change_application") and user.has_perm(PERSONAL_DETAILS_PERMISSION):
        count, oldest = applications_waiting()
        work.append(
            WaitingWork(
                kind="involvement.applications",
                title="Applications to join the Link group or the RUG",
                count=count,
                oldest=oldest,
                url=_admin_list(Application, status__exact=ApplicationStatus.PENDING),
                action="Decide them",
            )
        )
    may_see_payments = can_see_member_payments(user)
    if user.has_perm("involvement.change_expense") and may_see_payments:
        count, oldest = expenses_waiting()
        work.append(
            WaitingWork(
                kind="involvement.expenses",
                title="Expense claims to approve",
                count=count,
                oldest=oldest,
                url=_admin_list(Expense, status__exact=ExpenseStatus.PENDING),
                action="Decide them",
            )
        )
    if user.has_perm("involvement.change_activity") and may_see_payments:
        count, oldest = activities_to_approve(today=today)
        work.append(
            WaitingWork(
                kind="involvement.activities",
                title="Payments for activities to approve",
                count=count,
                oldest=oldest,
                # The date filter's own bounds: everything dated before tomorrow.
                url=_admin_list(
                    Activity,
                    payment_status__exact=PaymentStatus.DUE,
                    date__lt=(today + timedelta(days=1)).isoformat(),
                ),
                action="Approve them",
            )
        )
    if user.has_perm("involvement.change_paymentrun"):
        count, oldest = payment_runs_unpaid()
        work.append(
            WaitingWork(
                kind="involvement.payment_runs",
                title="Payment runs to pay",
                count=count,
                oldest=oldest,
                url=_admin_list(PaymentRun, paid_on__isempty="1"),
                action="Mark them paid once finance has paid",
            )
        )
    return work
