"""Writes about how a member is paid: their default choice, and their choice for one payment.

The national guidance on paying public contributors: no one is worse off, everyone is told in writing
what is offered and how it is paid, and each person may accept, decline or donate a payment. A member
may change their mind about a payment until it goes to finance in a payment run."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .enums import PaymentPreference, PaymentStatus
from .models import Activity, Charity, MemberProfile
from .payments import takes_fee
from .services import payment_due

CHANGE_CLOSED = (
    "This payment has gone to finance in a payment run, so how it is made can no longer be changed. "
    "If something is wrong, reply to your remittance email or contact the coordinator."
)


def _checked_choice(*, preference: str, charity: Charity | None, expenses_only: bool):
    """(preference, charity) as stored: a charity only for a donation, and a listed one."""
    errors = {}
    if preference not in PaymentPreference.values:
        errors["payment_preference"] = "Choose how you would like this payment made."
    if preference == PaymentPreference.DONATED:
        if charity is None:
            errors["donation_charity"] = "Choose the charity you would like it given to."
        elif not charity.is_active:
            errors["donation_charity"] = "This charity is no longer on our list: choose another."
    if errors:
        raise ValidationError(errors)
    return preference, (charity if preference == PaymentPreference.DONATED else None)


@transaction.atomic
def profile_set_payment_choice(
    *, profile: MemberProfile, preference: str, charity: Charity | None, expenses_only: bool
) -> MemberProfile:
    """The member's choice for new payments. Payments already recorded keep their own choice (the
    member changes those one by one). Each change is kept in the profile's history."""
    preference, charity = _checked_choice(preference=preference, charity=charity, expenses_only=expenses_only)
    profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    profile.payment_preference = preference
    profile.donation_charity = charity
    profile.expenses_only = expenses_only
    profile.full_clean()
    profile.save()
    return profile


def payment_choice_open(activity: Activity) -> bool:
    """A payment's choice may change until the payment is in a run (and so with finance) or paid."""
    return activity.payment_status != PaymentStatus.PAID and not activity.payment_run_items.exists()


@transaction.atomic
def activity_set_payment_choice(
    *, activity: Activity, preference: str, charity: Charity | None, expenses_only: bool
) -> Activity:
    """Change how one payment is made. The amount follows the rate in force on the activity's date: a
    fee that was declined and is now wanted is due again (waiting for approval); a fee now declined, or
    expenses only, is not due. Moving between paid, vouchers and a donation keeps the amount and its
    approval. Refused once the payment is in a run: finance has it."""
    preference, charity = _checked_choice(preference=preference, charity=charity, expenses_only=expenses_only)
    # Lock the activity: a run being made at this moment locks approved activities first, so the two
    # cannot both go ahead; whichever is second sees the other's result.
    activity = Activity.objects.select_for_update(of=("self",)).select_related("kind").get(pk=activity.pk)
    if not payment_choice_open(activity):
        raise ValidationError(CHANGE_CLOSED)
    had_fee = takes_fee(preference=activity.payment_preference, expenses_only=activity.expenses_only)
    has_fee = takes_fee(preference=preference, expenses_only=expenses_only)
    if had_fee != has_fee:
        rate, amount, status = payment_due(
            on=activity.date,
            hours=activity.hours,
            basis=activity.basis,
            preference=preference,
            kind=activity.kind,
            expenses_only=expenses_only,
        )
        activity.rate, activity.amount_due, activity.payment_status = rate, amount, status
    activity.payment_preference = preference
    activity.donation_charity = charity
    activity.expenses_only = expenses_only
    activity.full_clean()
    activity.save()
    return activity
