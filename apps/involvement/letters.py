"""Letters for the Jobcentre (or another benefits office): what a member's involvement is, that it is not
employment, and their dates, hours and payments in a period, signed by a member of staff.

A letter is kept (who made it, when, and its figures as they were that day), so the member can download
the same letter later from /me/ and staff can see which letters were given."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .benefits import fees_to_the_member
from .benefits_models import BenefitsLetter
from .enums import PaymentStatus
from .models import Activity, Membership


def _fee_note(activity, counted: bool) -> str:
    if counted:
        return {
            PaymentStatus.PAID: "Paid",
            PaymentStatus.APPROVED: "Approved, to be paid",
        }.get(activity.payment_status, "Due, to be paid")
    if activity.payment_preference == "donated":
        return "Given to a charity: not paid to them"
    return "No payment"


def letter_content(*, user, starts: date, ends: date, today: date | None = None) -> dict:
    """The letter's figures: each activity from `starts` to `ends` (or today, if sooner: planned ones are
    not included), its hours and the fee paid or due to the member, and the totals. Amounts are strings so
    the stored letter reads exactly as made."""
    today = today or timezone.localdate()
    last = min(ends, today)
    activities = list(
        Activity.objects.filter(user=user, date__gte=starts, date__lte=last)
        .select_related("opportunity")
        .order_by("date", "pk")
    )
    counted_ids = set(
        fees_to_the_member()
        .filter(pk__in=[activity.pk for activity in activities])
        .values_list("pk", flat=True)
    )
    rows, total_hours, total_fees = [], Decimal("0"), Decimal("0")
    for activity in activities:
        counted = activity.pk in counted_ids
        total_hours += activity.hours
        if counted:
            total_fees += activity.amount_due
        rows.append(
            {
                "date": activity.date.isoformat(),
                "what": activity.description,
                "hours": f"{activity.hours.normalize():f}",
                "fee": f"{activity.amount_due:.2f}" if counted else "",
                "fee_note": _fee_note(activity, counted),
            }
        )
    groups = [
        membership.group.name
        for membership in Membership.objects.filter(user=user, is_active=True).select_related("group")
    ]
    return {
        "member_name": user.display_name or user.email,
        "groups": groups,
        "counted_until": last.isoformat(),
        "rows": rows,
        "activity_count": len(rows),
        "total_hours": f"{total_hours.normalize():f}",
        "total_fees": f"{total_fees:.2f}",
    }


@transaction.atomic
def letter_make(
    *, user, starts: date, ends: date, by, signed_by_name: str, signed_by_role: str, office: str = ""
) -> BenefitsLetter:
    """Make and keep a letter about the member's involvement in a period, signed by the person named."""
    if ends < starts:
        raise ValidationError({"ends": "The last day must be on or after the first day."})
    if starts > timezone.localdate():
        raise ValidationError(
            {"starts": "The letter is about what has happened: choose a first day up to today."}
        )
    letter = BenefitsLetter(
        user=user,
        starts=starts,
        ends=ends,
        office=office.strip() or "Jobcentre Plus",
        signed_by_name=signed_by_name.strip(),
        signed_by_role=signed_by_role.strip(),
        content=letter_content(user=user, starts=starts, ends=ends),
        made_by=by,
        made_at=timezone.now(),
    )
    letter.full_clean()
    letter.save()
    return letter


def letters_of(user):
    return BenefitsLetter.objects.filter(user=user).order_by("-made_at", "-pk")


def letter_for_display(letter: BenefitsLetter) -> dict:
    """The stored figures, with their dates as dates again for the page."""
    content = dict(letter.content)
    content["until"] = date.fromisoformat(content["counted_until"])
    content["rows"] = [{**row, "day": date.fromisoformat(row["date"])} for row in content["rows"]]
    return content
