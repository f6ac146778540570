"""Reads about involvement that more than one place needs."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, Sum
from django.utils import timezone

from apps.core.contracts import AccessNeeds

from .enums import ExpenseStatus, InterestStatus, OpportunityStatus, PaymentStatus
from .models import Activity, Expense, Group, Interest, MemberProfile, Membership, Opportunity, Rate

PERSONAL_DETAILS_PERMISSION = "involvement.view_personal_details"
# Finance: members' names with their payments and expenses, without access needs or motivations.
PAYMENT_DETAILS_PERMISSION = "involvement.view_payment_details"


def can_see_member_payments(user) -> bool:
    """Who may see which member is paid what, and their expense claims and receipts."""
    return user.has_perm(PERSONAL_DETAILS_PERMISSION) or user.has_perm(PAYMENT_DETAILS_PERMISSION)


def access_needs_for_users(user_ids) -> dict[int, AccessNeeds]:
    """What each member asked for that changes how we write to them, in one query.

    Members without a profile or without any need are simply absent from the result.
    """
    rows = MemberProfile.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "large_print", "easy_read", "carer_copied", "carer_email"
    )
    return {
        user_id: AccessNeeds(
            large_print=large_print, easy_read=easy_read, carer_email=carer_email if carer_copied else ""
        )
        for user_id, large_print, easy_read, carer_copied, carer_email in rows
    }


def rate_in_force(on: date) -> Rate | None:
    """The rate-table row in force on a date: the latest one that took effect on or before it."""
    return Rate.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def groups_public():
    return Group.objects.all()


def group_ids_for(user) -> list[int]:
    return list(Membership.objects.filter(user=user, is_active=True).values_list("group_id", flat=True))


def opportunities_open():
    return (
        Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        .prefetch_related("groups", "topics")
        .order_by("deadline", "starts_at", "title")
    )


def opportunities_for_member(user):
    """Open opportunities for the member's groups, with their own interest (if any) attached."""
    return (
        opportunities_open()
        .filter(groups__in=group_ids_for(user))
        .distinct()
        .prefetch_related(_own_interests(user))
    )


def _own_interests(user):
    from django.db.models import Prefetch

    return Prefetch("interests", queryset=Interest.objects.filter(user=user), to_attr="own_interests")


def opportunities_matching(user, *, limit: int = 5) -> list[Opportunity]:
    """Open opportunities for the member's groups, the ones matching their interests first."""
    interest_ids = set(
        MemberProfile.interests.through.objects.filter(memberprofile__user=user).values_list(
            "topic_id", flat=True
        )
    )
    opportunities = list(opportunities_for_member(user))
    opportunities.sort(key=lambda o: not ({t.pk for t in o.topics.all()} & interest_ids))
    return opportunities[:limit]


def opportunity_for_member(user, slug: str) -> Opportunity | None:
    """An opportunity the member may see (one for their groups, or one they took part in), else None."""
    return (
        Opportunity.objects.filter(slug=slug)
        .exclude(status=OpportunityStatus.DRAFT)
        .filter(Q(groups__in=group_ids_for(user)) | Q(interests__user=user))
        .distinct()
        .prefetch_related("groups", "topics", _own_interests(user))
        .first()
    )


def interests_of(user):
    return (
        Interest.objects.filter(user=user)
        .exclude(status=InterestStatus.WITHDRAWN)
        .select_related("opportunity")
        .order_by("-created_at")
    )


def activities_of(user):
    return Activity.objects.filter(user=user).select_related("opportunity", "rate").order_by("-date", "-pk")


def expenses_of(user):
    return Expense.objects.filter(user=user).select_related("activity").order_by("-incurred_on", "-pk")


def totals_by_year(activities, expenses) -> list[dict]:
    """Hours, payments and approved expenses per calendar year, newest first.

    Only what has happened counts: an activity booked for next month is not yet hours given or money due.
    """
    today = timezone.localdate()
    years = defaultdict(lambda: {"hours": Decimal("0"), "payments": Decimal("0"), "expenses": Decimal("0")})
    for activity in activities:
        if activity.date > today:
            continue
        row = years[activity.date.year]
        row["hours"] += activity.hours
        if activity.payment_status in (PaymentStatus.DUE, PaymentStatus.APPROVED, PaymentStatus.PAID):
            row["payments"] += activity.amount_due
    for expense in expenses:
        if expense.status == ExpenseStatus.APPROVED:
            years[expense.incurred_on.year]["expenses"] += expense.amount
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]


def coordinators():
    """Active staff who hold the involvement permission, directly or through a group."""
    permission = Permission.objects.filter(
        content_type__app_label="involvement", codename="view_personal_details"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
        )
        .distinct()
    )


def finance_rows(*, start: date | None = None, end: date | None = None) -> list[dict]:
    """Approved payments and approved expenses per member, for finance (two aggregate queries)."""
    activities = Activity.objects.filter(payment_status__in=[PaymentStatus.APPROVED, PaymentStatus.PAID])
    expenses = Expense.objects.filter(status=ExpenseStatus.APPROVED)
    if start:
        activities = activities.filter(date__gte=start)
        expenses = expenses.filter(incurred_on__gte=start)
    if end:
        activities = activities.filter(date__lte=end)
        expenses = expenses.filter(incurred_on__lte=end)
    rows: dict[int, dict] = {}
    for source, key, amount_field in (
        (activities, "payments", "amount_due"),
        (expenses, "expenses", "amount"),
    ):
        for item in source.values("user_id", "user__email", "user__display_name").annotate(
            total=Sum(amount_field)
        ):
            row = rows.setdefault(
                item["user_id"],
                {
                    "user_id": item["user_id"],
                    "name": item["user__display_name"],
                    "email": item["user__email"],
                    "payments": Decimal("0.00"),
                    "expenses": Decimal("0.00"),
                },
            )
            row[key] = Decimal(item["total"]).quantize(Decimal("0.01"))
    for row in rows.values():
        row["total"] = row["payments"] + row["expenses"]
    return sorted(rows.values(), key=lambda row: (row["name"].lower(), row["user_id"]))
