"""Benefits limits: what counts towards a member's limit, their totals, and the coordinator's warnings.

Nothing here blocks anything. A member on benefits decides what they take on; the portal makes sure they
and the coordinator can see, before an offer or an activity, where it leaves them against the limit they
told us about.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from apps.core.templatetags.money import format_money

from .benefits_models import BenefitLimitAmount, BenefitsInformation, LimitPeriod
from .enums import PaymentStatus
from .models import Activity
from .selectors import tax_year_starting

# Staff who may see a member's benefits information (and so the warnings that come from it).
BENEFITS_PERMISSION = "involvement.view_benefitsinformation"

# Fees that reach the member count towards a limit. A payment that is not due (volunteered, declined) does
# not, nor one the member gave to a charity or declined for this activity: those choices are the
# activity's `payment_preference`, so this one filter follows whatever the member chose for each payment.
FEE_STATUSES = (PaymentStatus.DUE, PaymentStatus.APPROVED, PaymentStatus.PAID)
NOT_PAID_TO_THE_MEMBER = ("donated", "declined", "volunteer")


def fees_to_the_member():
    """Activities whose fee is paid to the member: due, approved or paid, and not given away."""
    return Activity.objects.filter(payment_status__in=FEE_STATUSES, amount_due__gt=0).exclude(
        payment_preference__in=NOT_PAID_TO_THE_MEMBER
    )


# Periods -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    starts: date
    ends: date
    label: str


def period_containing(period: str, day: date) -> Period:
    """The week (Monday to Sunday), calendar month or UK tax year (6 April to 5 April) holding `day`."""
    if period == LimitPeriod.WEEK:
        starts = day - timedelta(days=day.weekday())
        ends = starts + timedelta(days=6)
        return Period(starts, ends, f"the week of Monday {starts:%-d %B %Y}")
    if period == LimitPeriod.MONTH:
        starts = day.replace(day=1)
        ends = (starts + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return Period(starts, ends, f"{starts:%B %Y}")
    year = tax_year_starting(day)
    return Period(date(year, 4, 6), date(year + 1, 4, 5), f"the tax year {year} to {year + 1}")


def amount_in_force(limit, day: date) -> BenefitLimitAmount | None:
    """The amount of a limit in force on a day: the latest that started on or before it and has not ended."""
    return (
        BenefitLimitAmount.objects.filter(limit=limit, in_force_from__lte=day)
        .filter(Q(in_force_to__isnull=True) | Q(in_force_to__gte=day))
        .order_by("-in_force_from")
        .first()
    )


# The member's information ----------------------------------------------------------------------------


def benefits_information_of(user) -> BenefitsInformation | None:
    return BenefitsInformation.objects.filter(user=user).select_related("limit").first()


@transaction.atomic
def benefits_information_update(
    *, user, receives_benefits: bool, limit=None, note: str = ""
) -> BenefitsInformation:
    """Store what the member told us (every change is kept in the history). Saying "no" clears the limit."""
    information = BenefitsInformation.objects.select_for_update().filter(user=user).first()
    information = information or BenefitsInformation(user=user)
    information.receives_benefits = receives_benefits
    information.limit = limit if receives_benefits else None
    information.note = note.strip() if receives_benefits else ""
    information.full_clean()
    information.save()
    return information


# Totals and warnings ---------------------------------------------------------------------------------


def _limit_row(information, day: date) -> dict | None:
    if information is None or not information.receives_benefits or information.limit is None:
        return None
    amount = amount_in_force(information.limit, day)
    if amount is None:
        return None
    return {
        "limit": information.limit,
        "amount": amount.amount,
        "period": period_containing(information.limit.period, day),
    }


def member_totals(user, *, on: date | None = None) -> dict | None:
    """The member's fees in the period of their limit that holds `on` (today unless given), against the
    limit: what has happened so far, what is booked later in the period, and what is left. None when the
    member told us of no limit."""
    on = on or timezone.localdate()
    row = _limit_row(benefits_information_of(user), on)
    if row is None:
        return None
    period = row["period"]
    fees = fees_to_the_member().filter(user=user, date__range=(period.starts, period.ends))
    today = timezone.localdate()
    so_far = fees.filter(date__lte=today).aggregate(total=Sum("amount_due"))["total"] or Decimal("0")
    planned = fees.filter(date__gt=today).aggregate(total=Sum("amount_due"))["total"] or Decimal("0")
    total = so_far + planned
    return {
        **row,
        "so_far": so_far,
        "planned": planned,
        "total": total,
        "left": max(row["amount"] - total, Decimal("0")),
        "over_by": max(total - row["amount"], Decimal("0")),
    }


@dataclass(frozen=True)
class LimitWarning:
    user_id: int
    limit_name: str
    limit_amount: Decimal
    period: Period
    total_before: Decimal
    this_fee: Decimal

    @property
    def total_after(self) -> Decimal:
        return self.total_before + self.this_fee

    @property
    def over_by(self) -> Decimal:
        return self.total_after - self.limit_amount

    @property
    def message(self) -> str:
        before = format_money(self.total_before)
        fee = format_money(self.this_fee)
        return (
            f"{self.limit_name}: {format_money(self.limit_amount)} for {self.period.label}. "
            f"Fees already due to them then: {before}; with this one ({fee}): "
            f"{format_money(self.total_after)}, "
            f"{format_money(self.over_by)} over the limit. Nothing is blocked: talk it through with them; "
            f"they may take it, give the fee to charity, or decline it."
        )


def limit_warnings(
    users_and_fees: dict[int, Decimal], *, on: date, exclude_activity_ids=()
) -> dict[int, LimitWarning]:
    """For each member (id → the fee being considered), a warning when that fee, added to the fees already
    due to them in their limit's period holding `on`, goes over their limit. Members with no limit, or who
    stay within it, get none. A handful of queries whatever the number of members.

    `exclude_activity_ids`: activities already recorded that ARE the fee being considered (an activity just
    added), so they are not counted twice."""
    informations = list(
        BenefitsInformation.objects.filter(
            user_id__in=users_and_fees, receives_benefits=True, limit__isnull=False
        ).select_related("limit")
    )
    if not informations:
        return {}
    limit_ids = {information.limit_id for information in informations}
    amounts = {}
    for amount in (
        BenefitLimitAmount.objects.filter(limit_id__in=limit_ids, in_force_from__lte=on)
        .filter(Q(in_force_to__isnull=True) | Q(in_force_to__gte=on))
        .order_by("limit_id", "-in_force_from")
    ):
        amounts.setdefault(amount.limit_id, amount.amount)
    users_by_period = defaultdict(list)
    for information in informations:
        if information.limit_id in amounts:
            users_by_period[information.limit.period].append(information.user_id)
    totals: dict[int, Decimal] = {}
    for period_kind, user_ids in users_by_period.items():
        period = period_containing(period_kind, on)
        for row in (
            fees_to_the_member()
            .filter(user_id__in=user_ids, date__range=(period.starts, period.ends))
            .exclude(pk__in=exclude_activity_ids)
            .values("user_id")
            .annotate(total=Sum("amount_due"))
        ):
            totals[row["user_id"]] = row["total"]
    warnings = {}
    for information in informations:
        limit_amount = amounts.get(information.limit_id)
        if limit_amount is None:
            continue
        warning = LimitWarning(
            user_id=information.user_id,
            limit_name=information.limit.name,
            limit_amount=limit_amount,
            period=period_containing(information.limit.period, on),
            total_before=totals.get(information.user_id, Decimal("0")),
            this_fee=Decimal(users_and_fees[information.user_id]),
        )
        if warning.total_after > limit_amount:
            warnings[information.user_id] = warning
    return warnings


def offer_day(opportunity) -> date:
    """The day an opportunity's fee falls in: the day it takes place, else its deadline, else today."""
    moment = opportunity.starts_at or opportunity.deadline
    return timezone.localdate(moment) if moment else timezone.localdate()


def offer_fee(opportunity) -> Decimal:
    terms = getattr(opportunity, "offer_terms", None)
    return terms.fee if terms is not None else Decimal("0")


def offer_warnings(opportunity, user_ids) -> dict[int, LimitWarning]:
    """Warnings for the members who might be selected for an opportunity: its fee against their limit."""
    from .benefits_models import OfferTerms

    terms = OfferTerms.objects.filter(opportunity=opportunity).first()
    fee = terms.fee if terms is not None else Decimal("0")
    return limit_warnings({user_id: fee for user_id in user_ids}, on=offer_day(opportunity))


def activity_warnings(activities) -> list[LimitWarning]:
    """Warnings for activities just added or approved: each fee to the member, on its date, against their
    limit, counting the member's other fees (and not this one twice)."""
    warnings = []
    for activity in activities:
        if not fees_to_the_member().filter(pk=activity.pk).exists():
            continue
        found = limit_warnings(
            {activity.user_id: activity.amount_due}, on=activity.date, exclude_activity_ids=[activity.pk]
        )
        warnings.extend(found.values())
    return warnings


def can_see_benefits(user) -> bool:
    return user.has_perm(BENEFITS_PERMISSION)


def benefits_panels(user) -> list:
    """The member's panel on /me/: their fees against their limit, or a quiet offer to tell us."""
    from apps.core.contracts import MemberPanel

    from .selectors import is_group_member

    totals = member_totals(user)
    if totals is None and not is_group_member(user):
        return []
    return [
        MemberPanel(
            title="Benefits",
            template="involvement/benefits/panel.html",
            context={"totals": totals},
            order=21,
        )
    ]
