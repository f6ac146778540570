"""The rules of paying members, as plain functions: what a payment is worth, whether a fee is paid at all,
and which route it takes to finance. Services, selectors, the admin and the emails all ask here."""

from decimal import ROUND_HALF_UP, Decimal

from apps.core.templatetags.money import format_money

from .enums import EmploymentStatus, PaymentBasis, PaymentPreference

PENNY = Decimal("0.01")

# The choices that pay a fee for the member's time (to them, in vouchers, or to a charity for them).
FEE_CHOICES = (PaymentPreference.PAID, PaymentPreference.VOUCHERS, PaymentPreference.DONATED)

# What finance is told each employment-status decision means for the payment.
EMPLOYMENT_ROUTES = {
    EmploymentStatus.INVOLVEMENT: "Involvement payment by bank transfer (not employment)",
    EmploymentStatus.INVOICE: "Paid on the member's invoice (self-employed)",
    EmploymentStatus.PAYROLL: "Through payroll, with tax and National Insurance",
}


def takes_fee(*, preference: str, expenses_only: bool) -> bool:
    """A fee is paid when the member chose to be paid, in vouchers or as a donation, and did not ask
    for expenses only. Expenses are paid whatever the choice."""
    return preference in FEE_CHOICES and not expenses_only


def fee_at(*, rate, basis: str, hours: Decimal, kind=None) -> Decimal:
    """The fee for an activity at one row of the rate table, to the penny."""
    if basis == PaymentBasis.KIND:
        amount = rate.hourly_rate * kind.paid_hours
    elif basis == PaymentBasis.DAILY:
        amount = rate.daily_rate
    elif basis == PaymentBasis.HALF_DAY:
        amount = rate.half_day_amount
    else:
        amount = rate.hourly_rate * Decimal(hours)
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def employment_route(status: str) -> str:
    """How an opportunity's payments reach the member, following its employment-status decision."""
    if not status:
        return "Not decided yet: decide before the opportunity is published"
    return EMPLOYMENT_ROUTES[EmploymentStatus(status)]


def payment_route(activity) -> str:
    """The route of one activity's payment in finance's file: bank transfer or payroll (as the
    opportunity's employment status says), vouchers, or a donation to the named charity."""
    if not takes_fee(preference=activity.payment_preference, expenses_only=activity.expenses_only):
        return "No fee (expenses only)" if activity.expenses_only else "No fee (declined)"
    if activity.payment_preference == PaymentPreference.DONATED:
        return f"Donation to {activity.donation_charity.name}"
    if activity.payment_preference == PaymentPreference.VOUCHERS:
        return "Vouchers"
    status = activity.opportunity.employment_status if activity.opportunity_id else ""
    if status == EmploymentStatus.PAYROLL:
        return "Payroll"
    if status == EmploymentStatus.INVOICE:
        return "Bank transfer on invoice (self-employed)"
    return "Bank transfer"


def choice_in_words(*, preference: str, charity=None, expenses_only: bool = False) -> str:
    """A member's choice as they would say it."""
    if expenses_only:
        return "Expenses only: no fee for my time"
    if preference == PaymentPreference.DONATED and charity is not None:
        return f"Give it to {charity.name}"
    return PaymentPreference(preference).label


def worked_out(activity) -> str:
    """How a payment was worked out, as the member reads it in their remittance: "2 hours at £26.00 an
    hour", "a half day at £80.00", "paid as 0.5 hours at £28.60 an hour"."""
    rate = activity.rate
    if rate is None:
        return "no fee"
    if activity.basis == PaymentBasis.KIND:
        hours = activity.kind.paid_hours.normalize()
        plural = "" if hours == 1 else "s"
        hourly = format_money(rate.hourly_rate)
        return f"{activity.kind.name}, paid as {hours:f} hour{plural} at {hourly} an hour"
    if activity.basis == PaymentBasis.DAILY:
        return f"a day at {format_money(rate.daily_rate)}"
    if activity.basis == PaymentBasis.HALF_DAY:
        return f"a half day at {format_money(rate.half_day_amount)}"
    hours = activity.hours
    hours = f"{hours:.0f}" if hours == hours.to_integral_value() else f"{hours:.2f}"
    return f"{hours} hour{'' if hours == '1' else 's'} at {format_money(rate.hourly_rate)} an hour"
